/**
 * The managers' pages of the panel: the live situation (#/live) and the reports (#/reports), against a
 * real server whose office history is made through the API with a hand-moved clock, in Chromium.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { build, TestClock, type Built } from '../../server/test/helper';
import { ADMIN, launch, newPanel, SCREENSHOTS, seen, textOf } from './lib/panel';

/** Bucharest is UTC+2 in November: local 08:00 is 06:00 UTC. */
const local = (day: string, hhmm: string) => `${day}T${String(Number(hhmm.slice(0, 2)) - 2).padStart(2, '0')}:${hhmm.slice(3)}:00Z`;
const TODAY = '2026-11-26';
const LAST_WEEK = '2026-11-19';

/** Seconds as the pages write durations: 7:30, 1:02:03. */
const mmss = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`);

/**
 * A Thursday of last week with three tickets (two at 09, one at 11), and today, Thursday: A001 waits 5 min,
 * A002 10 min, both served; B001 still waits; counter 2 took a 15-minute break; A003 arrives at 09:00.
 * The clock stops at 09:05 today.
 */
async function office(t: Test): Promise<Built> {
  const clock = new TestClock(Date.parse(local(LAST_WEEK, '09:00')));
  const s = await build(t, { clock });
  let signedInOn = LAST_WEEK;
  const at = async (day: string, hhmm: string) => {
    clock.set(local(day, hhmm));
    // A session lasts 12 hours of the office clock.
    if (day !== signedInOn) await s.staff.login();
    signedInOn = day;
  };
  const issue = async (serviceId: string) => {
    const r = await s.staff.post('/api/tickets', { serviceId });
    if (r.status !== 201) throw new Error(`not issued: ${JSON.stringify(r.body)}`);
    return r.body as { id: string; code: string };
  };
  const call = async (counter: string) => {
    const called = await s.staff.post(`/api/counters/${counter}/call-next`);
    if (called.status !== 200) throw new Error(`no call: ${JSON.stringify(called.body)}`);
    return called.body.ticket.id as string;
  };

  await at(LAST_WEEK, '09:00');
  await issue('id-applications');
  await at(LAST_WEEK, '09:10');
  await issue('id-applications');
  await at(LAST_WEEK, '11:00');
  await issue('information');

  await at(TODAY, '08:00');
  await issue('id-applications'); // A001
  await issue('id-applications'); // A002
  await issue('id-pickup'); // B001
  // Counters 1 and 3 serve side by side; every step happens at its own time, in the order of the clock.
  await at(TODAY, '08:05');
  const a1 = await call('counter-1'); // A001 waited 300 s
  await at(TODAY, '08:06');
  await s.staff.post(`/api/tickets/${a1}/start`);
  await at(TODAY, '08:10');
  const a2 = await call('counter-3'); // A002 waited 600 s
  await at(TODAY, '08:11');
  await s.staff.post(`/api/tickets/${a2}/start`);
  await at(TODAY, '08:14');
  await s.staff.post(`/api/tickets/${a1}/finish`, {});
  await at(TODAY, '08:20');
  await s.staff.post(`/api/tickets/${a2}/finish`, {});
  await at(TODAY, '08:30');
  await s.staff.post('/api/counters/counter-2/pause', { reason: 'break' });
  await at(TODAY, '08:45');
  await s.staff.post('/api/counters/counter-2/resume');
  await at(TODAY, '09:00');
  await issue('id-applications'); // A003
  for (let n = 1; n <= 8; n++) await s.staff.post(`/api/counters/counter-${n}/close`);
  await at(TODAY, '09:05');
  return s;
}

async function signInAs(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto('/counter/');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

const cell = (page: Page, row: string, col: string) => page.getByTestId(`report-row-${row}`).locator(`[data-col="${col}"]`);

/** Minutes since midnight in the office's time zone. */
const officeMinutes = (ms: number) => {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Bucharest', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms).split(':');
  return Number(h) * 60 + Number(m);
};

t.test('the live page follows the queue by itself', async (t) => {
  // The live page counts waits on the clock the server's heartbeats carry: this office runs on real time,
  // shifted back only to make its history.
  const WEEK = 7 * 24 * 60 * 60_000;
  const clock = new TestClock(Date.now());
  let shift = -WEEK;
  clock.now = () => Date.now() + shift;
  const [browser, s] = await Promise.all([launch(t), build(t, { clock })]);
  const issue = async (serviceId: string, minutesAgo = 0) => {
    shift = -minutesAgo * 60_000;
    const r = await s.staff.post('/api/tickets', { serviceId });
    shift = 0;
    t.equal(r.status, 201, `a ticket for ${serviceId}`);
    return r.body as { id: string; code: string };
  };

  // Last week at this hour: three tickets.
  for (const id of ['id-applications', 'id-applications', 'information']) await s.staff.post('/api/tickets', { serviceId: id });
  shift = 0;
  await s.staff.login();
  // Today: one waits past the 20-minute target, one past three quarters of it (when today is that long yet).
  const room = officeMinutes(Date.now()) >= 25;
  await issue('id-applications', room ? 21 : 0);
  await issue('id-pickup', room ? 16 : 0);
  const info = await issue('information');
  await s.staff.post('/api/counters/counter-8/call-next');
  await s.staff.post(`/api/tickets/${info.id}/start`);
  await s.staff.post(`/api/tickets/${info.id}/finish`, {});
  for (let n = 1; n <= 7; n++) await s.staff.post(`/api/counters/counter-${n}/close`);
  const today = (await s.staff.get('/api/queue')).body.officeDay as string;
  const lastWeek = new Date(Date.parse(`${today}T00:00:00Z`) - WEEK).toISOString().slice(0, 10);

  const { page } = await newPanel(browser, s.url);
  const reportReads: number[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/reports/today')) reportReads.push(Date.now());
  });
  await signInAs(page, ADMIN);
  await page.getByTestId('pick-staff').getByRole('link', { name: 'Situația de acum' }).click();
  await page.getByRole('heading', { name: 'Situația de acum', level: 2 }).waitFor();
  t.equal(await page.getByTestId('staff-nav').getByRole('link', { name: 'Situația de acum' }).getAttribute('aria-current'), 'page');

  const apps = page.getByTestId('live-service-id-applications');
  const pickup = page.getByTestId('live-service-id-pickup');
  await apps.getByTestId('live-waiting').filter({ hasText: /^1$/ }).waitFor();
  t.equal(await pickup.getByTestId('live-waiting').textContent(), '1');
  if (room) {
    t.match(await apps.getByTestId('live-longest').textContent(), /^21:\d\d$/, 'A001 has waited 21 minutes');
    t.match(await apps.getByTestId('live-longest').getAttribute('class'), /\bred\b/, 'past the 20-minute target: red');
    t.match(await pickup.getByTestId('live-longest').textContent(), /^16:\d\d$/);
    t.match(await pickup.getByTestId('live-longest').getAttribute('class'), /\bamber\b/, 'past three quarters of the target: amber');
  }
  t.equal(await page.getByTestId('live-service-civil-status').getByTestId('live-longest').textContent(), '—', 'nobody waits for civil status');
  await seen(page, 'live-issued', /^3$/);
  t.equal(await textOf(page, 'live-served'), '1');
  t.match(await textOf(page, 'live-within-total'), /^100\s?% 1 din 1$/, 'the information ticket was called at once');
  t.equal(await textOf(page, 'live-waiting-total'), '2');

  // Tickets per hour, today against the same weekday last week, as the server counts them.
  const perHour = async (day: string) =>
    ((await s.staff.get(`/api/reports/waiting?from=${day}&to=${day}&groupBy=hour`)).body.rows as { key: string; issued: number }[]).map((r) => [r.key, String(r.issued)]);
  const shown = async (series: number) =>
    page
      .getByTestId('live-hourly')
      .locator(`text[data-series="${series}"]`)
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-label'), e.textContent]));
  t.same(await shown(0), await perHour(today), 'today’s columns');
  t.same(await shown(1), await perHour(lastWeek), 'last week’s columns');
  t.same((await shown(1)).map(([, n]) => n), ['3'], 'last week’s three tickets');
  t.match(await textOf(page, 'live-hourly'), `Acum o săptămână (${lastWeek.split('-').reverse().join('.')})`);

  // Changes made elsewhere appear without reloading.
  const counter2 = page.getByTestId('live-counter-counter-2');
  t.equal((await counter2.getByTestId('live-counter-state').textContent())?.trim(), 'Închis');
  await s.staff.post('/api/counters/counter-2/open');
  await counter2.getByTestId('live-counter-state').filter({ hasText: 'Deschis' }).waitFor();
  await s.staff.post('/api/counters/counter-2/pause', { reason: 'meeting' });
  await counter2.getByTestId('live-counter-state').filter({ hasText: 'În pauză — Ședință' }).waitFor();

  await issue('id-applications');
  await apps.getByTestId('live-waiting').filter({ hasText: /^2$/ }).waitFor();
  t.equal(await textOf(page, 'live-waiting-total'), '3', 'the new ticket is counted at once');
  await seen(page, 'live-issued', /^4$/, 7000);
  await shot(page, 'reports-live');

  await s.staff.post('/api/counters/counter-1/open');
  const called = await s.staff.post('/api/counters/counter-1/call-next');
  const current = page.getByTestId('live-counter-counter-1').getByTestId('live-counter-current');
  await current.filter({ hasText: new RegExp(`${called.body.ticket.code}\\s*Chemat de 0:0\\d`) }).waitFor();
  await apps.getByTestId('live-waiting').filter({ hasText: /^1$/ }).waitFor();
  t.match(await textOf(page, 'live-updated'), /^Actualizat la \d\d:\d\d:\d\d$/);

  const gaps = reportReads.slice(1).map((at, i) => at - reportReads[i]!);
  t.ok(reportReads.length >= 2, 'today’s figures were read again after the changes');
  t.ok(
    gaps.every((g) => g >= 4900),
    `at most one read every 5 s (gaps ${gaps.join(', ')} ms)`,
  );
});

t.test('the reports page: figures of a day, the heatmap, pauses, a bad range, CSV and printing', async (t) => {
  const [browser, s] = await Promise.all([launch(t), office(t)]);
  const { page } = await newPanel(browser, s.url);
  await signInAs(page, ADMIN);
  await page.getByTestId('pick-staff').getByRole('link', { name: 'Rapoarte' }).click();
  await page.getByRole('heading', { name: 'Rapoarte', level: 2 }).waitFor();
  t.equal(await page.getByTestId('report-from').inputValue(), TODAY, 'today, by the office’s day');
  t.equal(await page.getByTestId('pick-range-today').getAttribute('aria-pressed'), 'true');

  const api = (await s.staff.get(`/api/reports/waiting?from=${TODAY}&to=${TODAY}&groupBy=service`)).body;
  const apiApps = api.rows.find((r: { key: string }) => r.key === 'id-applications');
  await cell(page, 'id-applications', 'issued').waitFor();
  t.equal(await page.getByTestId('report-row-id-applications').locator('th').textContent(), 'Cărți de identitate – depunere cereri');
  t.same(
    await Promise.all(['issued', 'served', 'noShow', 'waitMean', 'waitMax', 'within'].map(async (c) => (await cell(page, 'id-applications', c).textContent())?.replace(/\u00a0/g, ' '))),
    ['3', '2', '0', mmss(apiApps.waitingSeconds.mean), '10:00', '100 %'],
    'A001 to A003: two served, a mean wait as the server counts it',
  );
  t.equal(mmss(apiApps.waitingSeconds.mean), '7:30', 'five and ten minutes');
  t.same(await Promise.all(['issued', 'served', 'waitMean'].map((c) => cell(page, 'id-pickup', c).textContent())), ['1', '0', '—'], 'B001 is still waiting');
  t.equal(await page.getByTestId('report-total').locator('[data-col="issued"]').textContent(), '4');
  t.equal(await page.getByTestId('wait-chart').locator('text').filter({ hasText: '7:30' }).count(), 1, 'the mean in the chart');

  const pause = page.getByTestId('pause-row-counter-2');
  t.equal(await pause.locator('th').textContent(), 'Ghișeul 2');
  t.equal(await pause.locator('[data-reason="break"]').textContent(), '15:00 (1×)', 'the 15-minute break');
  await shot(page, 'reports-table');

  // A week with last Thursday: the heatmap averages the two Thursdays.
  await page.getByTestId('report-from').fill(LAST_WEEK);
  const thu08 = page.getByTestId('heat-arrivals').locator('[data-cell="3-8"]');
  await thu08.filter({ hasText: '1,5' }).waitFor();
  t.equal(await page.getByTestId('heat-arrivals').locator('[data-cell="3-11"]').textContent(), '0,5');
  t.equal(await page.getByTestId('heat-arrivals').locator('[data-cell="0-8"]').count(), 0, 'nothing on Mondays');
  t.equal(await page.getByTestId('heat-waits').locator('[data-cell="3-8"]').textContent(), '8', 'A001 and A002 waited 7.5 minutes on average');
  await page.getByTestId('heatmap').scrollIntoViewIfNeeded();
  await shot(page, 'reports-heatmap');

  // By hour, in English.
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await page.getByTestId('report-group').selectOption('hour');
  await page.getByTestId('report-table').getByRole('columnheader', { name: 'Hour' }).waitFor();
  t.same(await page.getByTestId('report-table').locator('tbody th').allTextContents(), ['08:00', '09:00', '11:00']);
  await page.getByTestId('report-group').selectOption('service');
  await page.getByTestId('report-row-information').locator('th').filter({ hasText: 'Information' }).waitFor();
  await page.getByRole('button', { name: 'RO', exact: true }).click();

  // The range ends before it starts: the server's reason, by the field.
  await page.getByTestId('report-from').fill('2026-11-27');
  const refused = (await s.staff.get(`/api/reports/waiting?from=2026-11-27&to=${TODAY}&groupBy=service`)).body;
  await seen(page, 'report-to-error', refused.message);
  t.equal(await page.getByTestId('report-to').getAttribute('aria-invalid'), 'true');
  t.equal(await page.getByTestId('report-table').count(), 0, 'no figures for a range that does not exist');
  t.equal(await page.getByTestId('reports-csv').getAttribute('href'), null, 'and no file to download');
  await page.getByTestId('pick-range-yesterday').click();
  await seen(page, 'reports-empty', 'Niciun bon în intervalul ales.');
  t.equal(await page.getByTestId('report-to-error').count(), 0, 'the message goes with the mistake');

  // CSV for Excel: the byte order mark first.
  await page.getByTestId('pick-range-today').click();
  await cell(page, 'id-applications', 'issued').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-csv').click()]);
  t.equal(download.suggestedFilename(), `asteptare-service-${TODAY}-${TODAY}.csv`);
  const bytes = readFileSync((await download.path())!);
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte order mark');
  t.match(bytes.toString('utf8'), /Cărți de identitate – depunere cereri;3;2/, 'semicolons, Romanian letters');

  // Printed: the report only.
  await page.emulateMedia({ media: 'print' });
  t.equal(await page.getByTestId('staff-nav').isVisible(), false, 'no header or links on paper');
  t.equal(await page.getByTestId('reports-print').isVisible(), false);
  t.equal(await page.getByTestId('report-table').isVisible(), true);
  const printedRange = page.getByText('Interval: 26.11.2026 – 26.11.2026 · pe servicii', { exact: true });
  t.equal(await printedRange.isVisible(), true, 'the range is printed above the table');
  await page.emulateMedia({ media: 'screen' });
  t.equal(await printedRange.isVisible(), false, 'on screen the fields say it');
});

t.test('a clerk sees no managers’ pages; a manager does', async (t) => {
  const [browser, s] = await Promise.all([launch(t), build(t)]);
  await s.createUser('ana', 'ana-password-1', 'clerk');
  await s.createUser('mihai', 'mihai-password-1', 'manager');

  const clerk = (await newPanel(browser, s.url)).page;
  await signInAs(clerk, { username: 'ana', password: 'ana-password-1' });
  t.equal(await clerk.getByRole('link', { name: 'Rapoarte' }).count(), 0, 'no reports link');
  t.equal(await clerk.getByRole('link', { name: 'Situația de acum' }).count(), 0, 'no live link');
  await clerk.getByTestId('pick-counter-1').click();
  await clerk.getByTestId('current').waitFor();
  await clerk.goto('/counter/#/reports');
  await clerk.getByTestId('current').waitFor();
  t.equal(await clerk.getByTestId('reports-page').count(), 0, 'typing the address shows the counter work');
  t.equal(await clerk.getByRole('link', { name: 'Rapoarte' }).count(), 0);

  const manager = (await newPanel(browser, s.url)).page;
  await signInAs(manager, { username: 'mihai', password: 'mihai-password-1' });
  await manager.getByTestId('pick-staff').getByRole('link', { name: 'Rapoarte' }).click();
  await manager.getByTestId('reports-page').waitFor();
  await manager.getByTestId('staff-nav').getByRole('link', { name: 'Situația de acum' }).click();
  await manager.getByTestId('live-page').waitFor();
});
