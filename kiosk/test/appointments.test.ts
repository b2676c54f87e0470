/**
 * Checking in for an appointment at the kiosk, in Chromium against a real server: the office's list is
 * imported as CSV, then a citizen types the booking reference on the keypad or a scanner reads it; on time
 * gives the appointment's ticket with the slot, too early says when to come back, too late explains the
 * regular ticket, a cancelled booking says so. The kiosk's own clock is in another time zone: every time
 * shown is the office's.
 */
import { officeDayOf } from '@qms/shared';
import type { Page } from 'playwright-core';
import t from 'tap';
import { newPage } from '../../scripts/test-support/browser';
import { localToEpoch } from '../../server/src/features/appointments/sources/local-time';
import { build, TestClock } from '../../server/test/helper';
import { launch, PORTRAIT, queueTickets, seen, shot, textOf } from './lib/kiosk';

const ZONE = 'Europe/Bucharest';
const day = officeDayOf(Date.now(), ZONE);
/** A wall-clock time of today in the office. */
const at = (hhmm: string) => localToEpoch(day, hhmm, ZONE);
const dotted = day.split('-').reverse().join('.');

// The office's clock stands at 10:00; check-in opens an hour before the slot and closes 15 minutes after it.
const browser = await launch(t);
const s = await build(t, { clock: new TestClock(at('10:00')) });

const csv = [
  'referinta;data;ora;nume;serviciu;stare',
  `RZ-1001;${dotted};10:20;Ștefan Țurcanu;A;`,
  `RZ-1002;${dotted};10:40;Ioana Mărgărit;id-pickup;`,
  `RZ-1003;${dotted};12:00;Ana Pop;A;`,
  `RZ-1004;${dotted};09:30;Dan Ionescu;Stare civilă;`,
  `RZ-1005;${dotted};11:00;Mihai Ene;A;anulat`,
  `RZ-1006;${dotted};10:30;Elena Stan;Casierie;`,
].join('\n');
const imported = await fetch(`${s.url}/api/appointments/import`, {
  method: 'POST',
  headers: { cookie: s.staff.cookie, 'content-type': 'text/csv; charset=utf-8' },
  body: csv,
});
t.equal(imported.status, 200, 'the day’s list is imported');

async function open(): Promise<Page> {
  // The kiosk PC is set to New York: the office is in Bucharest.
  const { page } = await newPage(browser, { viewport: PORTRAIT, baseURL: s.url, hasTouch: true, locale: 'ro-RO', timezoneId: 'America/New_York' });
  // Its clock runs from the office's 10:00, as the server's does.
  await page.clock.install({ time: s.clock.now() });
  await page.goto('/kiosk/');
  await page.getByTestId('services').waitFor();
  return page;
}

/** Types a reference on the kiosk's keypad and presses OK. */
async function typeOnKeypad(page: Page, ref: string): Promise<void> {
  await page.getByTestId('appointment-option').tap();
  await page.getByTestId('appointment-screen').waitFor();
  for (const k of ref) await (k === '-' ? page.getByTestId('key-dash') : page.locator(`[data-key="${k}"]`)).tap();
  t.equal(await textOf(page, 'appointment-ref'), ref, `${ref} on the screen as typed`);
  await page.getByTestId('key-ok').tap();
}

/**
 * A barcode scanner in keyboard mode: the reference within milliseconds, then Enter. The keys are sent
 * from inside the page in one go, as a scanner does: keys sent one by one from the test can arrive
 * further apart than a person's typing on a busy machine, and would then rightly not count as a scan.
 */
async function scan(page: Page, ref: string): Promise<void> {
  await page.evaluate((keys) => {
    for (const key of keys) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }, [...ref, 'Enter']);
}

const ticketOf = async (code: string) => (await s.anon.get('/api/queue')).body.tickets.find((x: { code: string }) => x.code === code);

t.test('on time, on the keypad: the ticket, the slot in office time, in the queue as an appointment', async (t) => {
  const page = await open();
  await typeOnKeypad(page, 'RZ-1001');
  await seen(page, 'result-appointment', 'Programarea dvs.: ora 10:20');
  const code = await textOf(page, 'ticket-code');
  t.match(code, /^A\d{3}$/, 'a ticket of the booked service');
  t.match(await textOf(page, 'result-service'), /Cărți de identitate – depunere cereri/);
  t.equal(await page.getByTestId('print-ok').count(), 1, 'printed');
  t.equal(await page.getByTestId('result-late').count(), 0, 'no explanation: the citizen is on time');
  t.notMatch(await page.locator('body').innerText(), /Țurcanu/, 'the name is never on the kiosk');
  await shot(page, 'appointment-ok');

  const ticket = await ticketOf(code);
  t.match(ticket, { serviceId: 'id-applications', status: 'waiting', appointment: { ref: 'RZ-1001', slotAt: new Date(at('10:20')).toISOString() } }, 'in the queue with its appointment');
  await page.context().close();
});

t.test('a scanner on the home screen checks in at once, in the language chosen', async (t) => {
  const page = await open();
  await page.getByTestId('lang-en').tap();
  await scan(page, 'rz-1002');
  await seen(page, 'result-appointment', 'Your appointment: 10:40');
  const code = await textOf(page, 'ticket-code');
  t.match(code, /^B\d{3}$/);
  t.match(await ticketOf(code), { serviceId: 'id-pickup', lang: 'en', appointment: { ref: 'RZ-1002' } }, 'the appointment’s ticket, in English');
  await page.context().close();
});

t.test('too early: when check-in opens and the slot, in office time; no ticket', async (t) => {
  const page = await open();
  const before = (await queueTickets(s)).length;
  await page.getByTestId('lang-en').tap();
  await scan(page, 'RZ-1003');
  await seen(page, 'appointment-error', 'It is too early. You can check in from 11:00 (appointment: 12:00)');
  await page.getByTestId('lang-ro').tap();
  await page.getByTestId('key-ok').tap();
  await seen(page, 'appointment-error', 'E prea devreme. Vă puteți anunța sosirea de la ora 11:00 (programarea: 12:00)');
  await shot(page, 'appointment-early');
  t.equal((await queueTickets(s)).length, before, 'no ticket issued');
  await page.context().close();
});

t.test('late: a regular ticket, with a plain explanation instead of an error', async (t) => {
  const page = await open();
  await typeOnKeypad(page, 'RZ-1004');
  await seen(page, 'result-late', 'Ați depășit ora programării; ați primit un bon obișnuit, veți fi chemat în ordinea sosirii');
  t.equal(await textOf(page, 'result-appointment'), 'Programarea dvs.: ora 09:30');
  const code = await textOf(page, 'ticket-code');
  t.match(code, /^C\d{3}$/, 'a ticket of the booked service');
  const ticket = await ticketOf(code);
  t.match(ticket, { serviceId: 'civil-status', status: 'waiting', appointment: null }, 'a regular ticket in the queue');
  await shot(page, 'appointment-late');
  await page.getByTestId('lang-en').tap();
  await seen(page, 'result-late', 'You are past your appointment time; you have a regular ticket and will be called in order of arrival');
  await page.context().close();
});

t.test('a cancelled or moved appointment: take a regular ticket', async (t) => {
  const page = await open();
  const before = (await queueTickets(s)).length;
  await scan(page, 'RZ-1005');
  await seen(page, 'appointment-error', 'Programarea a fost anulată sau mutată. Luați un bon obișnuit sau întrebați la informații');
  t.equal((await queueTickets(s)).length, before, 'no ticket issued');
  await page.context().close();
});

t.test("a bridge's HID-mode scanner at this kiosk checks the citizen in on its screen", async (t) => {
  const page = await open();
  const start = await s.anon.post('/api/pairing', { kind: 'bridge' });
  await s.staff.post('/api/devices', { code: start.body.code, name: 'Punte chioșc' });
  const token = (await s.anon.get(`/api/pairing/${start.body.pairingId}`)).body.token as string;
  const kioskId = (await s.staff.get('/api/devices')).body.find((d: { kind: string; local: boolean }) => d.kind === 'kiosk' && d.local).id as string;
  // The page subscribes to its own topic once it has loaded; the scan is sent when it listens.
  let delivered = false;
  for (let i = 0; i < 50 && !delivered; i++) {
    const r = await fetch(`${s.url}/api/devices/${kioskId}/scan`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'RZ-1006' }),
    });
    delivered = ((await r.json()) as { delivered: boolean }).delivered;
    if (!delivered) await new Promise((r) => setTimeout(r, 100));
  }
  t.ok(delivered, 'the kiosk page listens on its own topic');
  await seen(page, 'result-appointment', 'Programarea dvs.: ora 10:30');
  t.match(await textOf(page, 'ticket-code'), /^D\d{3}$/, 'the cashier ticket of the appointment');
  await page.context().close();
});
