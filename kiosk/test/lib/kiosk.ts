/**
 * What the kiosk's browser tests share (see scripts/test-support/browser.ts for the rest): the built kiosk,
 * pages sized like the kiosk's touchscreen and the citizen's phone, the server's own kiosk device, and
 * screenshots.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Test } from 'tap';
import { AUTOPLAY, CHROMIUM_ARGS, launch as launchFor, newPage, screenshot, seen as seenWithin } from '../../../scripts/test-support/browser';
import type { Built } from '../../../server/test/helper';

export { realClock, SCREENSHOTS, textOf } from '../../../scripts/test-support/browser';

/** Chromium as the kiosk shell starts it, once the kiosk is built. */
export const launch = (t: Test): Promise<Browser> => launchFor(t, 'kiosk', [...CHROMIUM_ARGS, AUTOPLAY]);

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };
export const PHONE = { width: 360, height: 740 };

/** A touchscreen page: touch events, no mouse hover, the kiosk's size. */
export const newKiosk = (browser: Browser, url: string, viewport = PORTRAIT): Promise<{ context: BrowserContext; page: Page }> =>
  newPage(browser, { viewport, baseURL: url, hasTouch: true, isMobile: false, locale: 'ro-RO', timezoneId: 'Europe/Bucharest' });

/** The citizen's phone, in Romanian unless told (locale: its browser's language, hu-HU). */
export const newPhone = (browser: Browser, url: string, locale = 'ro-RO'): Promise<{ context: BrowserContext; page: Page }> =>
  newPage(browser, { viewport: PHONE, baseURL: url, hasTouch: true, isMobile: true, deviceScaleFactor: 2, locale });

export const shot = (page: Page, name: string): Promise<void> => screenshot(page, `kiosk-${name}`);

export const seen = (page: Page, testid: string, text: string | RegExp, ms = 3000): Promise<void> => seenWithin(page, testid, text, ms);

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

/** The languages the office offers citizens (Romanian first), as the administrator sets them. */
export async function setLanguages(s: Built, languages: string[]): Promise<void> {
  const office = (await s.staff.get('/api/office')).body.settings;
  const r = await s.staff.request('PUT', '/api/office', { ...office, languages });
  if (r.status !== 200) throw new Error(`PUT office: ${JSON.stringify(r.body)}`);
}

/** A service's names in further languages, as the administrator writes them. */
export async function nameService(s: Built, id: string, names: Partial<Record<'hu' | 'de' | 'fr' | 'uk', string>>): Promise<void> {
  const service = ((await s.staff.get('/api/admin/services')).body as { id: string }[]).find((x) => x.id === id);
  if (!service) throw new Error(`no service ${id}`);
  const { id: _id, active: _a, open: _o, issuedToday: _i, waiting: _w, ...body } = service as Record<string, unknown>;
  const r = await s.staff.request('PUT', `/api/admin/services/${id}`, { ...body, names });
  if (r.status !== 200) throw new Error(`PUT service: ${JSON.stringify(r.body)}`);
}
