/**
 * What the display's browser tests share (see scripts/test-support/browser.ts for the rest): the built
 * board, Chromium allowed to play sound on its own (as the display shell starts it), pages sized like the
 * hall TVs, the display device of the server's own machine, the clips it said, screenshots, and the
 * network between the TV and the server.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Test } from 'tap';
import { AUTOPLAY, CHROMIUM_ARGS, launch as launchFor, newPage, Proxy as OfficeNetwork, screenshot } from '../../../scripts/test-support/browser';
import { Client, type Built } from '../../../server/test/helper';

export { realClock, SCREENSHOTS } from '../../../scripts/test-support/browser';

/** Chromium as the display runs it; `autoplay: false` as a browser that keeps the sound off until a touch. */
export const launch = (t: Test, opts: { autoplay?: boolean } = {}): Promise<Browser> =>
  launchFor(t, 'display', opts.autoplay === false ? CHROMIUM_ARGS : [...CHROMIUM_ARGS, AUTOPLAY]);

export const FULL_HD = { width: 1920, height: 1080 };
export const UHD = { width: 3840, height: 2160 };
export const PORTRAIT = { width: 1080, height: 1920 };

/** A TV showing the board: no touch, no mouse, in the office's language and time zone. */
export const newDisplay = (browser: Browser, url: string, viewport = FULL_HD): Promise<{ context: BrowserContext; page: Page }> =>
  newPage(browser, { viewport, baseURL: url, locale: 'ro-RO', timezoneId: 'Europe/Bucharest' });

export const shot = (page: Page, name: string): Promise<void> => screenshot(page, `display-${name}`);

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
 * now, and refuses while there is none (the open connections cut at once).
 */
export class Proxy extends OfficeNetwork {
  override to(url: string | null): void {
    super.to(url);
    if (url === null) this.dropAll();
  }
}
