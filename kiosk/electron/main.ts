/**
 * The kiosk shell: one locked-down fullscreen window on the server's kiosk (or hall display) page, an offline
 * screen while the server cannot be reached, reloads after crashes and hangs, and a PIN-protected settings page
 * behind the corner-tap gesture. The decisions live in the modules imported below; this file only wires them.
 */
import { app, BrowserWindow, ipcMain, Menu, net, powerSaveBlocker, session, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { applySettings, DEFAULTS, loadConfig, saveConfig, type FieldError, type KioskConfig, type Loaded } from './config';
import { CornerTaps } from './gesture';
import { isBlockedShortcut } from './lockdown';
import { isAllowedUrl, kioskUrl, serverAnswers, type Fetch } from './navigation';
import { PinAttempts, verifyPin } from './pin';
import { HealthWatch, Recovery } from './recovery';
import { CHANNELS, type SaveResult, type ShellInfo, type UnlockResult } from './shell-api';

const HEALTH_CHECK_MS = 15_000;

app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
app.commandLine.appendSwitch('disable-pinch');
app.commandLine.appendSwitch('overscroll-history-navigation', '0');
app.setPath('userData', path.join(app.getPath('appData'), 'qms-kiosk'));
Menu.setApplicationMenu(null);

const CONFIG_FILE = path.join(app.getPath('userData'), 'kiosk.json');
const PAGES = path.join(__dirname, 'pages');
const probe: Fetch = (url, init) => net.fetch(url, init);

let loaded: Loaded = loadConfig(CONFIG_FILE);
let screen: 'kiosk' | 'offline' | 'settings' = 'settings';
let unlocked = false;
let reloadTimer: NodeJS.Timeout | undefined;
let hangTimer: NodeJS.Timeout | undefined;
const taps = new CornerTaps();
const attempts = new PinAttempts();
const watch = new HealthWatch();
const recovery = new Recovery({
  hangMs: (loaded.known.hangSeconds ?? DEFAULTS.hangSeconds) * 1000,
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  calmMs: 120_000,
});

const locked = (): boolean => Boolean(loaded.known.pinHash) && !unlocked;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      devTools: false,
      spellcheck: false,
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  const contents = win.webContents;

  const guard = (event: Electron.Event, url: string): void => {
    if (!loaded.config || !isAllowedUrl(loaded.config.serverUrl, url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('context-menu', (event) => event.preventDefault());
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
  contents.on('zoom-changed', () => contents.setZoomLevel(0));
  contents.on('did-finish-load', () => void contents.setVisualZoomLevelLimits(1, 1));

  contents.on('did-fail-load', (_event, code, _description, _url, isMainFrame) => {
    // -3 is ERR_ABORTED: the load was replaced by another one.
    if (isMainFrame && code !== -3 && screen === 'kiosk') show(win, 'offline');
  });
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    clearTimeout(hangTimer);
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void home(win), recovery.failed(Date.now()));
  });
  contents.on('unresponsive', () => {
    clearTimeout(hangTimer);
    hangTimer = setTimeout(() => {
      if (recovery.hung(Date.now())) contents.forcefullyCrashRenderer();
    }, recovery.unresponsive(Date.now()));
  });
  contents.on('responsive', () => {
    recovery.responsive();
    clearTimeout(hangTimer);
  });
  return win;
}

function show(win: BrowserWindow, next: typeof screen): void {
  screen = next === 'kiosk' && !loaded.config ? 'settings' : next;
  unlocked = false;
  watch.reset();
  const loading = screen === 'kiosk' ? win.loadURL(kioskUrl(loaded.config!)) : win.loadFile(path.join(PAGES, `${screen}.html`));
  loading.catch(() => undefined); // a failed load is handled by did-fail-load
}

/** The server's page when the server answers, the offline screen when it does not, the settings when unset. */
async function home(win: BrowserWindow): Promise<void> {
  if (!loaded.config) return show(win, 'settings');
  show(win, (await serverAnswers(loaded.config.serverUrl, probe)) ? 'kiosk' : 'offline');
}

/** Requests from the shell's own pages only (file://), never from the server's page. */
function handle<R>(channel: string, run: (arg: unknown) => R | Promise<R>): void {
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, arg: unknown) => {
    if (!event.senderFrame?.url.startsWith('file:')) throw new Error('Not allowed');
    return run(arg);
  });
}

function store(config: KioskConfig): void {
  saveConfig(CONFIG_FILE, config);
  loaded = { config, known: config, errors: [] };
}

const LOCKED_ERROR: FieldError = { field: 'pin', ro: 'Introduceți mai întâi codul PIN.', en: 'Enter the PIN first.' };

function wire(win: BrowserWindow): void {
  ipcMain.on(CHANNELS.tap, (event, point: { x?: unknown; y?: unknown }) => {
    if (event.sender !== win.webContents || screen === 'settings') return;
    if (typeof point?.x === 'number' && typeof point.y === 'number' && taps.tap(point.x, point.y, Date.now())) show(win, 'settings');
  });

  handle(
    CHANNELS.info,
    (): ShellInfo => ({
      serverUrl: loaded.known.serverUrl ?? null,
      mode: loaded.known.mode ?? DEFAULTS.mode,
      configured: loaded.config !== null,
      pinSet: Boolean(loaded.known.pinHash),
      locked: locked(),
      hasDeviceToken: Boolean(loaded.known.deviceToken),
      retrySeconds: loaded.known.retrySeconds ?? DEFAULTS.retrySeconds,
      errors: loaded.errors,
      version: app.getVersion(),
    }),
  );

  handle(CHANNELS.checkServer, async () => {
    if (!loaded.config || screen !== 'offline') return false;
    const ok = await serverAnswers(loaded.config.serverUrl, probe);
    if (ok && screen === 'offline') show(win, 'kiosk');
    return ok;
  });

  handle(CHANNELS.unlock, (pin): UnlockResult => {
    const now = Date.now();
    const wait = attempts.waitMs(now);
    if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    const hash = loaded.known.pinHash;
    const ok = screen === 'settings' && (!hash || (typeof pin === 'string' && verifyPin(pin, hash)));
    attempts.record(ok, now);
    unlocked = ok;
    return ok ? { ok } : { ok, retryAfterSeconds: Math.ceil(attempts.waitMs(now) / 1000) };
  });

  handle(CHANNELS.save, (input): SaveResult => {
    if (locked()) return { ok: false, errors: [LOCKED_ERROR] };
    const result = applySettings(loaded.known, input);
    if ('errors' in result) return { ok: false, errors: result.errors };
    try {
      store(result.config);
    } catch (e) {
      return { ok: false, errors: [{ field: 'file', ro: `Setările nu au putut fi salvate: ${String(e)}`, en: `The settings could not be saved: ${String(e)}` }] };
    }
    setImmediate(() => void home(win));
    return { ok: true };
  });

  handle(CHANNELS.forgetPairing, async () => {
    if (locked()) return false;
    if (loaded.known.serverUrl) await session.defaultSession.clearStorageData({ origin: loaded.known.serverUrl });
    if (loaded.config) store({ ...loaded.config, deviceToken: null });
    else loaded.known.deviceToken = null;
    return true;
  });

  handle(CHANNELS.close, () => {
    if (loaded.config) void home(win);
  });

  handle(CHANNELS.quit, () => {
    if (!locked()) app.quit();
  });

  const healthChecks = setInterval(() => {
    if (screen !== 'kiosk' || !loaded.config) return;
    void serverAnswers(loaded.config.serverUrl, probe).then((ok) => {
      if (screen === 'kiosk' && watch.checked(ok)) show(win, 'offline');
    });
  }, HEALTH_CHECK_MS);
  app.on('will-quit', () => {
    clearInterval(healthChecks);
    clearTimeout(reloadTimer);
    clearTimeout(hangTimer);
  });
}

if (app.requestSingleInstanceLock()) {
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'fullscreen'));
    session.defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'fullscreen');
    powerSaveBlocker.start('prevent-display-sleep');
    const win = createWindow();
    wire(win);
    void home(win);
  });
} else {
  app.quit(); // the shell is already running
}

app.on('window-all-closed', () => app.quit());
