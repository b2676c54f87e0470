/**
 * What the browser tests of the counter panel, the kiosk and the hall display share: an app's build kept
 * fresh, Chromium as Debian ships it, a clock that runs, pages with the tests' defaults, screenshots, text
 * as a person reads it, and a small TCP proxy that stands for the office network (it keeps one address
 * across a server restart, and can go silent).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { TestClock } from '../../server/test/helper';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = join(root, 'artifacts', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Sound without a touch first, as the kiosk and display shells start Chromium. */
export const AUTOPLAY = '--autoplay-policy=no-user-gesture-required';

export type App = 'counter' | 'kiosk' | 'display';

/** The pages each app's build makes. */
const PAGES: Record<App, string[]> = { counter: ['index.html'], kiosk: ['index.html', 'ticket.html'], display: ['index.html'] };

/** The newest modification time under a folder. */
function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/** Built, and newer than the app's sources and the shared code it is built from. */
function fresh(app: App): boolean {
  const dir = join(root, app);
  const built = PAGES[app].map((p) => join(dir, 'dist', p));
  if (!built.every((b) => existsSync(b))) return false;
  const sources = Math.max(
    newest(join(dir, 'src')),
    newest(join(root, 'shared', 'src')),
    newest(join(root, 'shared', 'web')),
    ...[...PAGES[app], 'vite.config.ts'].map((f) => statSync(join(dir, f)).mtimeMs),
  );
  return Math.min(...built.map((b) => statSync(b).mtimeMs)) >= sources;
}

/**
 * The server serves <app>/dist: build it when it is missing or older than the sources. Test files run in
 * parallel, so one builds while the others wait for it (a lock folder), and nobody rebuilds under a
 * server that is already serving the files.
 */
export async function ensureBuilt(app: App): Promise<void> {
  const lock = join(root, app, '.build-lock');
  for (const started = Date.now(); Date.now() - started < 180_000; ) {
    if (fresh(app)) return;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else builds; a lock older than two minutes was left by a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    try {
      if (!fresh(app)) execFileSync('npm', ['run', 'build', '-w', app], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    } finally {
      rmdirSync(lock);
    }
    return;
  }
  throw new Error(`the ${app} build did not finish`);
}

/** Chromium, once the app is built; closed when the test ends. */
export async function launch(t: Test, app: App, args = CHROMIUM_ARGS): Promise<Browser> {
  await ensureBuilt(app);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
  t.teardown(() => browser.close());
  return browser;
}

/** A clock that runs, so the page's timers and the server agree (the default test clock stands still). */
export function realClock(): TestClock {
  const clock = new TestClock(Date.now());
  clock.now = () => Date.now();
  return clock;
}

/** A page in a context of its own, with a 5 s default timeout. */
export async function newPage(browser: Browser, options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  // Functions the tests pass to the page are compiled with a helper the page does not have.
  await context.addInitScript('globalThis.__name = (f) => f');
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  return { context, page };
}

/** artifacts/screenshots/<name>.png */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until the element shows the text. */
export async function seen(scope: Page | Locator, testid: string, text: string | RegExp, ms: number): Promise<void> {
  await scope.getByTestId(testid).filter({ hasText: text }).first().waitFor({ timeout: ms });
}

const oneLine = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The text as a person reads it (table cells and lines apart, hidden text left out), in one line. */
export async function textOf(scope: Page | Locator, testid: string): Promise<string> {
  return oneLine(await scope.getByTestId(testid).first().innerText());
}

/** All the text in the element, shown or not, in one line. */
export async function contentOf(scope: Page | Locator, testid: string): Promise<string> {
  return oneLine(await scope.getByTestId(testid).first().textContent());
}

/**
 * The network between a page and the server, on one fixed address: it forwards to whichever server runs
 * now, refuses while there is none, and can go silent (bytes from the server stop arriving, the
 * connections stay up) as a hung server or a cut cable looks to the page.
 */
export class Proxy {
  private server = net.createServer((client) => this.accept(client));
  private pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private target: number | null = null;
  private silent = false;
  port = 0;

  async listen(t: Test): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    t.teardown(() => this.close());
    return `http://127.0.0.1:${this.port}`;
  }

  /** Forward to this server from now on (null: refuse new connections). */
  to(url: string | null): void {
    this.target = url ? Number(new URL(url).port) : null;
  }

  /** Stop or restart the traffic. Going silent keeps connections open; coming back drops the hung ones. */
  setSilent(silent: boolean): void {
    this.silent = silent;
    if (!silent) this.dropAll();
  }

  dropAll(): void {
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    this.pairs.clear();
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.target === null) return void client.destroy();
    const upstream = net.connect(this.target, '127.0.0.1');
    const pair = { client, upstream };
    this.pairs.add(pair);
    upstream.on('error', () => client.destroy());
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('data', (chunk) => {
      if (!this.silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!this.silent) client.write(chunk);
    });
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
