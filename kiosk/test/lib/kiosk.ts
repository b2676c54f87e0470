/**
 * What the kiosk's browser tests share: the built kiosk (rebuilt when a source is newer), Chromium as
 * Debian ships it, pages sized like the kiosk's touchscreen and the citizen's phone, the server's own
 * kiosk device, and screenshots.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { TestClock, type Built } from '../../../server/test/helper';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const kioskDir = join(root, 'kiosk');
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

/** The newest modification time under a folder. */
function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

function fresh(): boolean {
  const built = join(kioskDir, 'dist', 'ticket.html');
  if (!existsSync(built) || !existsSync(join(kioskDir, 'dist', 'index.html'))) return false;
  const sources = Math.max(newest(join(kioskDir, 'src')), ...['index.html', 'ticket.html', 'vite.config.ts'].map((f) => statSync(join(kioskDir, f)).mtimeMs));
  return statSync(built).mtimeMs >= sources;
}

/**
 * The server serves kiosk/dist: build it when it is missing or older than the sources. Test files run in
 * parallel, so one builds while the others wait for it (a lock folder), and nobody rebuilds under a
 * server that is already serving the files.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(kioskDir, '.build-lock');
  for (const started = Date.now(); Date.now() - started < 180_000; ) {
    if (fresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else builds; a lock older than two minutes was left by a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    try {
      if (!fresh()) execFileSync('npm', ['run', 'build', '-w', 'kiosk'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    } finally {
      rmdirSync(lock);
    }
    return;
  }
  throw new Error('the kiosk build did not finish');
}

export async function launch(t: Test): Promise<Browser> {
  await ensureBuilt();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  t.teardown(() => browser.close());
  return browser;
}

/** A clock that runs, so the page's timers and the server agree (the default test clock stands still). */
export function realClock(): TestClock {
  const clock = new TestClock(Date.now());
  clock.now = () => Date.now();
  return clock;
}

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };
export const PHONE = { width: 360, height: 740 };

/** A touchscreen page: touch events, no mouse hover, the kiosk's size. */
export async function newKiosk(browser: Browser, url: string, viewport = PORTRAIT): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, baseURL: url, hasTouch: true, isMobile: false, locale: 'ro-RO', timezoneId: 'Europe/Bucharest' });
  await context.addInitScript('globalThis.__name = (f) => f');
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  return { context, page };
}

/** The citizen's phone. */
export async function newPhone(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PHONE, baseURL: url, hasTouch: true, isMobile: true, deviceScaleFactor: 2, locale: 'ro-RO' });
  await context.addInitScript('globalThis.__name = (f) => f');
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  return { context, page };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `kiosk-${name}.png`) });
}

export async function seen(page: Page, testid: string, text: string | RegExp, ms = 3000): Promise<void> {
  await page.getByTestId(testid).filter({ hasText: text }).first().waitFor({ timeout: ms });
}

/** The text as the citizen reads it (table cells and lines apart), in one line. */
export async function textOf(page: Page | Locator, testid: string): Promise<string> {
  return (await page.getByTestId(testid).first().innerText()).replace(/\s+/g, ' ').trim();
}

export interface DeviceView {
  id: string;
  kind: string;
  name: string;
  local: boolean;
  settings: { printer: string | null; ticketsPerMinute: number };
  revokedAt: string | null;
}

/** The server's own kiosk, as staff see it. */
export async function localKioskDevice(s: Built): Promise<DeviceView> {
  const r = await s.staff.get('/api/devices');
  const d = (r.body as DeviceView[]).find((x) => x.local && x.kind === 'kiosk');
  if (!d) throw new Error(`no local kiosk: ${JSON.stringify(r.body)}`);
  return d;
}

export async function setDevice(s: Built, id: string, settings: Partial<DeviceView['settings']>): Promise<void> {
  const r = await s.staff.patch(`/api/devices/${id}`, { settings });
  if (r.status !== 200) throw new Error(`PATCH device: ${JSON.stringify(r.body)}`);
}

export interface QueueTicket {
  id: string;
  code: string;
  serviceId: string;
  status: string;
  priority: string | null;
  lang: string;
}

export async function queueTickets(s: Built): Promise<QueueTicket[]> {
  return (await s.anon.get('/api/queue')).body.tickets as QueueTicket[];
}
