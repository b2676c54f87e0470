/**
 * The built main process (main.cjs) wired to a stand-in for the electron module, since Electron cannot run here:
 * the window it opens, where it goes, what it refuses, and how it answers the shell's pages, against a real HTTP
 * server standing for the queue server.
 */
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Module, { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t, { type Test } from 'tap';
import { hashPin } from '../../electron/pin';

const work = mkdtempSync(join(tmpdir(), 'kiosk-main-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const out = join(work, 'dist');
execFileSync(process.execPath, [fileURLToPath(new URL('../../electron/build.mjs', import.meta.url)), out], { stdio: 'pipe' });
const requireShell = createRequire(join(out, 'main.cjs'));

type Listener = (...args: unknown[]) => unknown;

class Contents extends EventEmitter {
  loads: string[] = [];
  openHandler: (() => { action: string }) | null = null;
  setWindowOpenHandler(handler: () => { action: string }): void {
    this.openHandler = handler;
  }
  setZoomLevel(): void {}
  async setVisualZoomLevelLimits(): Promise<void> {}
  forcefullyCrashRenderer(): void {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
  async loadURL(url: string): Promise<void> {
    this.loads.push(url);
  }
  async loadFile(file: string): Promise<void> {
    this.loads.push(pathToFileURL(file).href);
  }
}

/** Just enough of the electron module for main.cjs. */
function fakeElectron(appData: string) {
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const paths: Record<string, string> = { appData };
  const windows: Array<{ options: Record<string, unknown>; webContents: Contents }> = [];
  const app = Object.assign(new EventEmitter(), {
    switches: [] as string[][],
    commandLine: { appendSwitch: (...args: string[]) => void app.switches.push(args) },
    setPath: (name: string, value: string) => void (paths[name] = value),
    getPath: (name: string) => paths[name]!,
    requestSingleInstanceLock: () => true,
    whenReady: () => whenReady,
    quit: () => void app.emit('will-quit'),
    getVersion: () => '0.1.0',
  });
  const ipcMain = {
    listeners: new Map<string, Listener>(),
    handlers: new Map<string, Listener>(),
    on: (channel: string, fn: Listener) => void ipcMain.listeners.set(channel, fn),
    handle: (channel: string, fn: Listener) => void ipcMain.handlers.set(channel, fn),
  };
  const defaultSession = {
    cleared: [] as unknown[],
    allows: (_permission: string): boolean => true,
    setPermissionRequestHandler(handler: (c: unknown, permission: string, callback: (ok: boolean) => void) => void) {
      defaultSession.allows = (permission) => {
        let answer = true;
        handler(null, permission, (ok) => (answer = ok));
        return answer;
      };
    },
    setPermissionCheckHandler() {},
    clearStorageData: async (options: unknown) => void defaultSession.cleared.push(options),
  };
  const menu = { value: undefined as unknown };
  class BrowserWindow {
    webContents = new Contents();
    constructor(public options: Record<string, unknown>) {
      windows.push(this);
    }
    loadURL(url: string) {
      return this.webContents.loadURL(url);
    }
    loadFile(file: string) {
      return this.webContents.loadFile(file);
    }
  }
  const electron = {
    app,
    BrowserWindow,
    ipcMain,
    Menu: { setApplicationMenu: (value: unknown) => void (menu.value = value) },
    net: { fetch: (url: string, init: RequestInit) => fetch(url, init) },
    powerSaveBlocker: { start: () => 1 },
    session: { defaultSession },
  };
  return { electron, ready, windows, menu };
}

type Shell = ReturnType<typeof fakeElectron> & {
  contents: () => Contents;
  invoke: (channel: string, arg?: unknown, from?: string) => Promise<unknown>;
  tap: (x: number, y: number) => void;
  shows: (url: string) => Promise<void>;
};

/** Starts a fresh main.cjs on the stand-in electron, with its user data under appData. */
async function start(t: Test, appData: string): Promise<Shell> {
  const fake = fakeElectron(appData);
  const mainPath = join(out, 'main.cjs');
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = (request, ...rest) => (request === 'electron' ? fake.electron : load(request, ...rest));
  delete requireShell.cache[mainPath];
  try {
    requireShell(mainPath);
  } finally {
    loader._load = load;
  }
  t.teardown(() => fake.electron.app.quit());
  fake.ready();
  await new Promise((resolve) => setTimeout(resolve, 10));
  const contents = () => fake.windows[0]!.webContents;
  return {
    ...fake,
    contents,
    invoke: async (channel, arg, from = pathToFileURL(join(out, 'pages/settings.html')).href) =>
      fake.electron.ipcMain.handlers.get(channel)!({ senderFrame: { url: from }, sender: contents() }, arg),
    tap: (x, y) => void fake.electron.ipcMain.listeners.get('shell:tap')!({ sender: contents() }, { x, y }),
    shows: async (url) => {
      const until = Date.now() + 4000;
      while (contents().loads.at(-1) !== url) {
        if (Date.now() > until) throw new Error(`expected ${url}, the window shows ${contents().loads.at(-1)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

async function queueServer(t: Test): Promise<{ url: string; up: (value: boolean) => void }> {
  let up = true;
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/api/health' && up ? 200 : 503).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, up: (value) => void (up = value) };
}

const page = (name: string) => pathToFileURL(join(out, 'pages', `${name}.html`)).href;

t.test('first start: settings, then the kiosk page; a locked-down window; gesture, PIN, crash and offline', async (t) => {
  const server = await queueServer(t);
  const appData = join(work, 'first');
  const shell = await start(t, appData);

  const [win] = shell.windows;
  t.match(win!.options, { kiosk: true, fullscreen: true, autoHideMenuBar: true });
  t.match(win!.options.webPreferences, { contextIsolation: true, nodeIntegration: false, sandbox: true, devTools: false });
  t.ok(existsSync((win!.options.webPreferences as { preload: string }).preload), 'the preload is next to main.cjs');
  t.same(shell.electron.app.switches.find(([name]) => name === 'autoplay-policy'), ['autoplay-policy', 'no-user-gesture-required'], 'the display may speak');
  t.equal(shell.menu.value, null, 'no menu');

  await shell.shows(page('settings'));
  t.match(await shell.invoke('shell:info'), { configured: false, locked: false, serverUrl: null }, 'a first start shows the settings');
  await t.rejects(shell.invoke('shell:info', undefined, `${server.url}/kiosk/`), 'the server page cannot use the shell API');

  t.match(await shell.invoke('shell:save', { serverUrl: 'qms:3000', mode: 'kiosk', newPin: '4829' }), { ok: false, errors: [{ field: 'serverUrl' }] });
  t.same(await shell.invoke('shell:save', { serverUrl: `${server.url}/`, mode: 'kiosk', newPin: '4829' }), { ok: true });
  await shell.shows(`${server.url}/kiosk/`);
  const file = join(appData, 'qms-kiosk', 'kiosk.json');
  t.match(JSON.parse(readFileSync(file, 'utf8')), { serverUrl: server.url, mode: 'kiosk', deviceToken: null, pinHash: /^scrypt:/ }, `saved in ${file}`);

  const contents = shell.contents();
  const navigate = (url: string) => {
    let prevented = false;
    contents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  t.notOk(navigate(`${server.url}/t/abc`), 'a page of the server may be opened');
  t.ok(navigate('https://www.example.com/'), 'another site may not');
  t.same(contents.openHandler?.(), { action: 'deny' }, 'no new windows');
  const key = (input: object) => {
    let prevented = false;
    contents.emit('before-input-event', { preventDefault: () => (prevented = true) }, { key: 'a', control: false, meta: false, alt: false, ...input });
    return prevented;
  };
  t.ok(key({ key: '+', control: true }), 'no zoom from the keyboard');
  t.notOk(key({ key: 'a' }), 'letters are typed');
  t.notOk(shell.electron.session.defaultSession.allows('media'), 'no camera or microphone');

  // The admin gesture opens the settings, behind the PIN.
  for (let i = 0; i < 4; i++) shell.tap(20, 20);
  t.equal(contents.loads.at(-1), `${server.url}/kiosk/`, 'four taps are not enough');
  shell.tap(20, 20);
  await shell.shows(page('settings'));
  t.match(await shell.invoke('shell:info'), { configured: true, locked: true, pinSet: true });
  t.match(await shell.invoke('shell:save', { serverUrl: 'http://elsewhere', mode: 'kiosk', newPin: '' }), { ok: false, errors: [{ field: 'pin' }] }, 'nothing changes before the PIN');
  t.same(await shell.invoke('shell:unlock', '0000'), { ok: false, retryAfterSeconds: 0 });
  t.same(await shell.invoke('shell:unlock', '4829'), { ok: true });
  t.equal(await shell.invoke('shell:forget-pairing'), true);
  t.same(shell.electron.session.defaultSession.cleared, [{ origin: server.url }], "the page's storage for the server is cleared");
  await shell.invoke('shell:close');
  await shell.shows(`${server.url}/kiosk/`);

  // A crash reloads the page after a short wait.
  const before = contents.loads.length;
  contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
  await new Promise((resolve) => setTimeout(resolve, 600));
  t.equal(contents.loads.length, before, 'not reloaded at once');
  await new Promise((resolve) => setTimeout(resolve, 800));
  t.equal(contents.loads.length, before + 1, 'reloaded once, about a second later');
  t.equal(contents.loads.at(-1), `${server.url}/kiosk/`);

  // The server stops answering: the offline screen, until it answers again.
  server.up(false);
  contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', `${server.url}/kiosk/`, true);
  await shell.shows(page('offline'));
  t.equal(await shell.invoke('shell:check-server', undefined, page('offline')), false);
  t.equal(contents.loads.at(-1), page('offline'), 'stays on the offline screen');
  server.up(true);
  t.equal(await shell.invoke('shell:check-server', undefined, page('offline')), true);
  await shell.shows(`${server.url}/kiosk/`);
});

t.test('a prepared configuration: the hall display, with the preset device token', async (t) => {
  const server = await queueServer(t);
  const appData = join(work, 'prepared');
  mkdirSync(join(appData, 'qms-kiosk'), { recursive: true });
  const config = { serverUrl: server.url, mode: 'display', deviceToken: 'dev-token-123456', pinHash: hashPin('4829') };
  writeFileSync(join(appData, 'qms-kiosk', 'kiosk.json'), JSON.stringify(config));
  const shell = await start(t, appData);
  await shell.shows(`${server.url}/display/#token=dev-token-123456`);
  t.equal(shell.contents().loads.at(-1), `${server.url}/display/#token=dev-token-123456`, 'the hall display page opens with its token, no settings first');
  t.match(await shell.invoke('shell:info', undefined, `${server.url}/display/`).catch((e: Error) => e), Error, 'the display page cannot use the shell API');
  t.match(await shell.invoke('shell:info'), { configured: true, serverUrl: server.url, locked: true }, 'the settings page sees the prepared configuration, locked by its PIN');
});

t.test('the server does not answer at start: the offline screen', async (t) => {
  const server = await queueServer(t);
  server.up(false);
  const appData = join(work, 'offline');
  mkdirSync(join(appData, 'qms-kiosk'), { recursive: true });
  writeFileSync(join(appData, 'qms-kiosk', 'kiosk.json'), JSON.stringify({ serverUrl: server.url, pinHash: hashPin('4829') }));
  const shell = await start(t, appData);
  await shell.shows(page('offline'));
  t.match(await shell.invoke('shell:info', undefined, page('offline')), { serverUrl: server.url, retrySeconds: 5, locked: true });
});
