/**
 * What the display's browser tests share: the built board (rebuilt when a source is newer), Chromium as
 * Debian ships it and allowed to play sound on its own (as the display shell starts it), pages sized like
 * the hall TVs, the display device of the server's own machine, screenshots, and a small TCP proxy that
 * keeps one address across a server restart.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { Client, TestClock, type Built } from '../../../server/test/helper';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const displayDir = join(root, 'display');
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
  '--autoplay-policy=no-user-gesture-required',
];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

function fresh(): boolean {
  const built = join(displayDir, 'dist', 'index.html');
  if (!existsSync(built)) return false;
  const sources = Math.max(newest(join(displayDir, 'src')), ...['index.html', 'vite.config.ts'].map((f) => statSync(join(displayDir, f)).mtimeMs));
  return statSync(built).mtimeMs >= sources;
}

/** The server serves display/dist: build it when missing or older than the sources (one builder at a time). */
export async function ensureBuilt(): Promise<void> {
  const lock = join(displayDir, '.build-lock');
  for (const started = Date.now(); Date.now() - started < 180_000; ) {
    if (fresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    try {
      if (!fresh()) execFileSync('npm', ['run', 'build', '-w', 'display'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    } finally {
      rmdirSync(lock);
    }
    return;
  }
  throw new Error('the display build did not finish');
}

/** Chromium as the display runs it; `autoplay: false` as a browser that keeps the sound off until a touch. */
export async function launch(t: Test, opts: { autoplay?: boolean } = {}): Promise<Browser> {
  await ensureBuilt();
  const args = opts.autoplay === false ? CHROMIUM_ARGS.filter((a) => !a.startsWith('--autoplay-policy')) : CHROMIUM_ARGS;
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

export const FULL_HD = { width: 1920, height: 1080 };
export const UHD = { width: 3840, height: 2160 };
export const PORTRAIT = { width: 1080, height: 1920 };

/** A TV showing the board: no touch, no mouse, in the office's language and time zone. */
export async function newDisplay(browser: Browser, url: string, viewport = FULL_HD): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, baseURL: url, locale: 'ro-RO', timezoneId: 'Europe/Bucharest' });
  await context.addInitScript('globalThis.__name = (f) => f');
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  return { context, page };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `display-${name}.png`) });
}

/** The display device of the server's own machine and its token (what the page gets by itself at start). */
export async function localDisplay(s: Built): Promise<{ id: string; token: string; client: Client }> {
  const r = await new Client(s.url).post('/api/devices/local-display');
  if (r.status !== 200) throw new Error(`no local display: ${JSON.stringify(r.body)}`);
  const client = new Client(s.url);
  client.headers = { authorization: `Bearer ${r.body.token}` };
  return { id: r.body.device.id, token: r.body.token, client };
}

export interface Heard {
  clip: string;
  at: number;
  end: number | null;
}

/** The clips the page has started so far (window.__qmsAnnounced). */
export const heard = (page: Page): Promise<Heard[]> => page.evaluate(() => (window as unknown as { __qmsAnnounced: Heard[] }).__qmsAnnounced.map((h) => ({ ...h })));

/** Waits until the page has said these clips (from `from` on) and the last of them ended. */
export async function waitHeard(page: Page, count: number, ms = 20_000): Promise<Heard[]> {
  await page.waitForFunction(
    (n) => {
      const a = (window as unknown as { __qmsAnnounced: Heard[] }).__qmsAnnounced;
      return a.length >= n && a[n - 1]!.end !== null;
    },
    count,
    { timeout: ms, polling: 50 },
  );
  return heard(page);
}

/**
 * The network between the TV and the server, on one fixed address: it forwards to whichever server runs
 * now and refuses while there is none.
 */
export class Proxy {
  private server = net.createServer((client) => this.accept(client));
  private sockets = new Set<net.Socket>();
  private target: number | null = null;
  port = 0;

  async listen(t: Test): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    t.teardown(() => this.close());
    return `http://127.0.0.1:${this.port}`;
  }

  /** Forward to this server from now on (null: refuse connections and cut the open ones). */
  to(url: string | null): void {
    this.target = url ? Number(new URL(url).port) : null;
    if (url === null) for (const s of this.sockets) s.destroy();
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.target === null) return void client.destroy();
    const upstream = net.connect(this.target, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    }
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
