/**
 * What the panel's browser tests share: the built panel, Chromium as Debian ships it, a real server, a
 * page signed in at a counter, screenshots, and a small TCP proxy that stands for the network between the
 * panel and the server (it can go silent, and it keeps one address across a server restart).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { ADMIN, TestClock } from '../../../server/test/helper';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = `${root}artifacts/screenshots`;

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

/** The server serves counter/dist: build it once when it is missing. */
export function ensureBuilt(): void {
  if (existsSync(`${root}counter/dist/index.html`)) return;
  execFileSync('npm', ['run', 'build', '-w', 'counter'], { cwd: root, stdio: 'inherit' });
}

export async function launch(t: Test): Promise<Browser> {
  ensureBuilt();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  t.teardown(() => browser.close());
  return browser;
}

/** A clock that runs, so the panel's timers and the server agree (the default test clock stands still). */
export function realClock(): TestClock {
  const clock = new TestClock(Date.now());
  clock.now = () => Date.now();
  return clock;
}

/** A browser context sized like the counter PCs' screens. */
export async function newPanel(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: url });
  await context.addInitScript('globalThis.__name = (f) => f');
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  return { context, page };
}

/** Signs in on the panel's own form, then picks the counter (when the PC does not remember one yet). */
export async function signIn(page: Page, user: { username: string; password: string }, counterId?: string): Promise<void> {
  await page.goto('/counter/');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: /Intră în cont|Sign in/ }).click();
  if (counterId) {
    const pick = page.getByTestId(`pick-${counterId}`);
    const working = page.getByTestId('counter-name');
    await pick.or(working).first().waitFor();
    if (await pick.isVisible()) await pick.click();
  }
  await page.getByTestId('current').waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/counter-${name}.png` });
}

export { ADMIN };

/**
 * The network between the panel and the server, on one fixed address: it forwards to whichever server
 * runs now, refuses while there is none, and can go silent (bytes from the server stop arriving, the
 * connections stay up) as a hung server or a cut cable looks to the panel.
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

  /** Forward to this server from now on (null: refuse connections). */
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

/**
 * Waits until the element shows the text. The default leaves room for a loaded test machine (two test
 * files at once on two cores); where the second matters, the test measures it.
 */
export async function seen(page: Page, testid: string, text: string | RegExp, ms = 2000): Promise<void> {
  await page.getByTestId(testid).filter({ hasText: text }).first().waitFor({ timeout: ms });
}

export async function textOf(page: Page, testid: string): Promise<string> {
  return ((await page.getByTestId(testid).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The command button for an action, as the clerk sees it. */
export const control = (page: Page, action: string) => page.locator(`button[data-action="${action}"]`);
