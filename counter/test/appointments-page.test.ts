/**
 * The managers' page of the day's appointments, in Chromium against a real server: the list in slot order
 * with each one's state, a search that ignores diacritics, checking a citizen in from the list (on time,
 * late, too early), how the sync with the booking system goes, a CSV upload with a bad line, and no way
 * in for a clerk.
 */
import net from 'node:net';
import { officeDayOf } from '@qms/shared';
import type { Page } from 'playwright-core';
import t from 'tap';
import { screenshot } from '../../scripts/test-support/browser';
import { localToEpoch } from '../../server/src/features/appointments/sources/local-time';
import { build, TestClock } from '../../server/test/helper';
import { launch, newPanel, seen, textOf } from './lib/panel';

const ZONE = 'Europe/Bucharest';
const day = officeDayOf(Date.now(), ZONE);
/** A wall-clock time of today in the office. */
const at = (hhmm: string) => localToEpoch(day, hhmm, ZONE);
const dotted = day.split('-').reverse().join('.');
const compact = day.replaceAll('-', '');

/** A local TCP port nothing listens on: a booking system that is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Signs in on the panel's form and stays at the counter choice. */
async function signInOnly(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto('/counter/');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
}

const row = (page: Page, ref: string) => page.getByTestId('appointments').locator(`tr[data-ref="${ref}"]`);
/** What checking a row in said, on the line under it. */
const noteOf = (page: Page, ref: string) => page.getByTestId('appointments').locator(`tr[data-note-for="${ref}"]`).getByTestId('appointment-note');
const refsShown = (page: Page) => page.getByTestId('appointments').locator('tr[data-ref]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')));
const rowsShown = (page: Page, n: number) => page.waitForFunction((n) => document.querySelectorAll('[data-testid="appointments"] tr[data-ref]').length === n, n);

t.test('a manager finds, checks in, syncs and uploads the day’s appointments; a clerk has no way in', async (t) => {
  const browser = await launch(t);
  // The office's clock stands at 10:00; check-in opens an hour before the slot and closes 15 minutes after it.
  const s = await build(t, { clock: new TestClock(at('10:00')) });
  const csv = [
    'referinta;data;ora;nume;serviciu;stare',
    `RZ-1001;${dotted};10:20;Ștefan Țurcanu;A;`,
    `RZ-1002;${dotted};10:40;Ioana Mărgărit;id-pickup;`,
    `RZ-1003;${dotted};12:00;Ana Pop;A;`,
    `RZ-1004;${dotted};09:30;Dan Ionescu;Stare civilă;`,
    `RZ-1005;${dotted};11:00;Mihai Ene;A;anulat`,
  ].join('\n');
  const imported = await fetch(`${s.url}/api/appointments/import`, { method: 'POST', headers: { cookie: s.staff.cookie, 'content-type': 'text/csv' }, body: csv });
  t.equal(imported.status, 200, 'the day’s list is imported');
  const kiosk = await s.localKiosk();
  const atKiosk = await kiosk.post('/api/kiosk/check-in', { ref: 'RZ-1002', lang: 'ro' });
  t.equal(atKiosk.status, 201, 'one citizen already checked in at the kiosk');

  // Two booking sources: a calendar file that reads, and a booking system that is down.
  const calendar = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    'UID:cununie-77',
    `DTSTART:${compact}T113000`,
    'SUMMARY:Elena Dumitrescu',
    'CATEGORIES:Cununie',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const port = await deadPort();
  const settings = await s.staff.request('PUT', '/api/appointments/settings', {
    sources: [
      { id: 'stare-civila', name: 'Calendar stare civilă', kind: 'ics', enabled: true, options: { text: calendar }, serviceMap: { Cununie: 'civil-status' } },
      { id: 'programari', name: 'Programări online', kind: 'easyappointments', enabled: true, options: { baseUrl: `http://127.0.0.1:${port}`, auth: { type: 'bearer', token: 'secret-token' } }, serviceMap: {} },
    ],
    dailyAt: '06:30',
    refreshMinutes: 10,
    retentionDays: 30,
    checkInEarlyMinutes: 60,
    checkInLateMinutes: 15,
  });
  t.equal(settings.status, 200, 'the sources are set');

  await s.createUser('mihai', 'mihai-password-1', 'manager');
  await s.createUser('ana', 'ana-password-1', 'clerk');
  const { page } = await newPanel(browser, s.url);
  await signInOnly(page, { username: 'mihai', password: 'mihai-password-1' });
  await page.getByTestId('pick-staff').getByRole('link', { name: 'Programări' }).click();
  await page.getByRole('heading', { name: 'Programări', level: 2 }).waitFor();

  // Today's list, in slot order, each with its state.
  await row(page, 'RZ-1001').waitFor();
  t.same(await refsShown(page), ['RZ-1004', 'RZ-1001', 'RZ-1002', 'RZ-1005', 'RZ-1003'], 'in slot order');
  t.equal(await row(page, 'RZ-1001').getByTestId('appointment-state').textContent(), 'programat');
  t.equal(await row(page, 'RZ-1001').locator('td').first().textContent(), '10:20', 'the slot in office time');
  t.match(await row(page, 'RZ-1001').textContent(), /Ștefan Țurcanu.*Cărți de identitate – depunere cereri/);
  t.equal(await row(page, 'RZ-1002').getByTestId('appointment-state').textContent(), `prezent · bon ${atKiosk.body.ticket.code}`, 'checked in at the kiosk: present, with the ticket');
  t.equal(await row(page, 'RZ-1005').getByTestId('appointment-state').textContent(), 'anulat');
  t.equal(await row(page, 'RZ-1005').getByTestId('appointment-check-in').count(), 0, 'a cancelled appointment cannot be checked in');
  t.equal(await row(page, 'RZ-1002').getByTestId('appointment-check-in').count(), 0, 'nor one already checked in');
  await seen(page, 'appointments-summary', 'Programați azi: 4 · Prezenți: 1');

  // Search: by name without diacritics, by reference in any case, and nothing found.
  await page.getByTestId('appointments-search').fill('turcanu');
  await rowsShown(page, 1);
  t.same(await refsShown(page), ['RZ-1001'], 'Țurcanu found as turcanu');
  await page.getByTestId('appointments-search').fill('rz-1004');
  await row(page, 'RZ-1004').waitFor();
  await rowsShown(page, 1);
  t.same(await refsShown(page), ['RZ-1004'], 'by reference');
  await page.getByTestId('appointments-search').fill('Popescu');
  await seen(page, 'appointments-empty', 'Nicio programare nu se potrivește cu „Popescu”.');
  await page.getByTestId('appointments-search').fill('');
  await row(page, 'RZ-1003').waitFor();

  // Check-in from the list: on time, late, too early.
  await row(page, 'RZ-1001').getByTestId('appointment-check-in').click();
  await noteOf(page, 'RZ-1001').waitFor();
  const list = (await s.staff.get('/api/appointments')).body as { ref: string; checkedInAt: string | null; ticket: { code: string } | null }[];
  const checked = list.find((a) => a.ref === 'RZ-1001')!;
  t.ok(checked.checkedInAt, 'checked in on the server');
  t.equal(await noteOf(page, 'RZ-1001').textContent(), `Prezent: bonul ${checked.ticket!.code}.`);
  t.equal(await row(page, 'RZ-1001').getByTestId('appointment-state').textContent(), `prezent · bon ${checked.ticket!.code}`);
  const queue = (await s.anon.get('/api/queue')).body.tickets as { code: string; appointment: { ref: string } | null }[];
  t.match(
    queue.find((x) => x.code === checked.ticket!.code),
    { appointment: { ref: 'RZ-1001' } },
    'an appointment ticket in the queue',
  );

  await row(page, 'RZ-1004').getByTestId('appointment-check-in').click();
  await noteOf(page, 'RZ-1004').waitFor();
  t.match(await noteOf(page, 'RZ-1004').textContent(), /^Prezent: bonul C\d{3}\. A depășit ora programării: a primit un bon obișnuit și va fi chemat în ordinea sosirii\.$/, 'late: a regular ticket, explained');

  await row(page, 'RZ-1003').getByTestId('appointment-check-in').click();
  await noteOf(page, 'RZ-1003').waitFor();
  t.equal(
    await noteOf(page, 'RZ-1003').textContent(),
    'E prea devreme: prezența se poate confirma de la ora 11:00 (programarea: 12:00).',
    'too early: when it opens',
  );
  t.equal(await row(page, 'RZ-1003').getByTestId('appointment-state').textContent(), 'programat', 'still booked');

  // The sync: one source reads, one is down; every failure in words, and when it tries again.
  await page.getByTestId('sync-now').click();
  const good = page.getByTestId('source-stare-civila');
  const down = page.getByTestId('source-programari');
  await down.getByTestId('source-last-run').waitFor({ timeout: 15_000 });
  await seen(page, 'sync-note', 'Sincronizare terminată la 10:00.');
  t.match(await good.getByTestId('source-last-run').textContent(), /^Ultima rulare \(10:00\): 1 noi, 0 modificate, 0 anulate sau mutate$/, 'the counts of the last run');
  t.equal(await good.getByTestId('source-success').textContent(), 'Ultima sincronizare reușită: 10:00');
  t.equal(await down.getByTestId('source-success').textContent(), 'Ultima sincronizare reușită: niciodată');
  t.equal(
    await down.getByTestId('source-last-run').textContent(),
    'Ultima rulare (10:00) a eșuat: sursa nu a putut fi contactată (fără internet sau sistemul de programări este oprit)',
    'why, in plain words',
  );
  t.match(await down.getByTestId('source-error').textContent(), /could not be reached: the connection was refused/, 'with the server’s detail');
  t.equal(await down.getByTestId('source-next').textContent(), 'Se reîncearcă la 10:01.', 'and when it tries again');
  await row(page, 'cununie-77').waitFor();
  t.match(await row(page, 'cununie-77').textContent(), /11:30.*Elena Dumitrescu.*Stare civilă/, 'the synced appointment is in the list');

  // The day's list uploaded again: one citizen moved to another day, one booked since, one line is bad.
  const upload = [
    'referinta;data;ora;nume;serviciu;stare',
    `RZ-1001;${dotted};10:20;Ștefan Țurcanu;A;`,
    `RZ-1002;${dotted};10:40;Ioana Mărgărit;id-pickup;`,
    `RZ-1004;${dotted};09:30;Dan Ionescu;Stare civilă;`,
    `RZ-1005;${dotted};11:00;Mihai Ene;A;anulat`,
    `RZ-2001;${dotted};13:00;Vasile Lupu;Casierie;`,
    `RZ-2002;${dotted};25:00;Dan Ion;A;`,
  ].join('\r\n');
  await page.getByTestId('csv-file').setInputFiles({ name: 'programari.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${upload}`) });
  await seen(page, 'csv-result', 'programari.csv: 1 importate, 0 modificate, 1 anulate sau mutate.');
  t.equal(await textOf(page, 'csv-problems'), 'rândul 7: ora „25:00” nu este o oră', 'the bad line, with its reason');
  await row(page, 'RZ-2001').waitFor();
  t.match(await row(page, 'RZ-2001').textContent(), /13:00.*Vasile Lupu.*Casierie/, 'the new appointment is in the list');
  t.equal(await row(page, 'RZ-1003').getByTestId('appointment-state').textContent(), 'mutat', 'the one no longer listed: moved');
  t.equal(await row(page, 'RZ-1003').getByTestId('appointment-check-in').count(), 0, 'and cannot be checked in');
  t.equal((await s.staff.get('/api/appointments?q=lupu')).body.length, 1, 'on the server');

  await page.getByTestId('appointments-page').evaluate((el) => el.scrollTo(0, 0));
  await screenshot(page, 'staff-appointments');

  // Another day: its own list, and no check-in from it.
  await page.getByTestId('appointments-day').fill('2020-01-15');
  await seen(page, 'appointments-empty', 'Nicio programare în ziua aleasă.');

  // A clerk: no link, and the address leads to the counter panel.
  const clerk = await newPanel(browser, s.url);
  await signInOnly(clerk.page, { username: 'ana', password: 'ana-password-1' });
  t.equal(await clerk.page.getByRole('link', { name: 'Programări' }).count(), 0, 'no link on the counter choice');
  await clerk.page.getByTestId('pick-counter-1').click();
  await clerk.page.getByTestId('current').waitFor();
  t.equal(await clerk.page.getByTestId('staff-nav').count(), 0, 'no staff links in the header');
  await clerk.page.goto('/counter/#/appointments');
  await clerk.page.getByTestId('current').waitFor();
  t.equal(await clerk.page.getByTestId('appointments-page').count(), 0, 'the counter panel, not the appointments');
});
