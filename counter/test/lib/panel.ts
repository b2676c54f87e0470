/**
 * What the panel's browser tests share (see scripts/test-support/browser.ts for the rest): the built
 * panel, pages sized like the counter PCs' screens, a page signed in at a counter, and screenshots.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Test } from 'tap';
import { contentOf, launch as launchFor, newPage, screenshot, seen as seenWithin } from '../../../scripts/test-support/browser';
import { ADMIN } from '../../../server/test/helper';

export { Proxy, realClock, SCREENSHOTS } from '../../../scripts/test-support/browser';
export { ADMIN };

/** Chromium, once the panel is built. */
export const launch = (t: Test): Promise<Browser> => launchFor(t, 'counter');

/** A browser context sized like the counter PCs' screens. */
export const newPanel = (browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> =>
  newPage(browser, { viewport: { width: 1366, height: 768 }, baseURL: url });

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

export const shot = (page: Page, name: string): Promise<void> => screenshot(page, `counter-${name}`);

/**
 * Waits until the element shows the text. The default leaves room for a loaded test machine (two test
 * files at once on two cores); where the second matters, the test measures it.
 */
export const seen = (page: Page, testid: string, text: string | RegExp, ms = 2000): Promise<void> => seenWithin(page, testid, text, ms);

export const textOf = (page: Page, testid: string): Promise<string> => contentOf(page, testid);

/** The command button for an action, as the clerk sees it. */
export const control = (page: Page, action: string) => page.locator(`button[data-action="${action}"]`);
