import t from 'tap';
import { build, TestClock } from './helper';

// Thursday 26 November 2026 in Bucharest (UTC+2): local 08:00 is 06:00 UTC.
const at = (local: string) => `2026-11-26T${String(Number(local.slice(0, 2)) - 2).padStart(2, '0')}:${local.slice(3)}:00Z`;

t.test('a small hand-made day gives exact figures', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(at('07:30'))) });
  await s.createUser('ana', 'clerk-password-1', 'clerk');
  await s.createUser('dan', 'clerk-password-1', 'clerk');
  const ana = await s.signIn('ana', 'clerk-password-1', 'counter-1');
  const dan = await s.signIn('dan', 'clerk-password-1', 'counter-3');
  const when = (local: string) => s.clock.set(at(local));
  const id = (r: { body: { ticket?: { id: string }; id?: string } }) => (r.body.ticket?.id ?? r.body.id)!;

  when('08:00');
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' }); // A001
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' }); // A002
  await s.staff.post('/api/tickets', { serviceId: 'id-pickup' }); // B001

  // The counters work side by side; the steps run in the order of the clock, which never goes back.
  when('08:05');
  const a1 = id(await ana.post('/api/counters/counter-1/call-next')); // waited 300 s
  when('08:06');
  await ana.post(`/api/tickets/${a1}/start`); // walked 60 s

  when('08:10');
  const a2 = id(await dan.post('/api/counters/counter-3/call-next')); // waited 600 s
  when('08:11');
  await dan.post(`/api/tickets/${a2}/no-show`);

  // B001: called at counter 5, transferred to civil status while served, called again at counter 6.
  when('08:12');
  const b1 = id(await s.staff.post('/api/counters/counter-5/call-next')); // waited 720 s to the first call
  await s.staff.post(`/api/tickets/${b1}/start`);

  when('08:14');
  await ana.post(`/api/tickets/${a1}/finish`, {}); // served 480 s

  when('08:15');
  await s.staff.post(`/api/tickets/${b1}/transfer`, { serviceId: 'civil-status' });
  when('08:20');
  t.equal(id(await s.staff.post('/api/counters/counter-6/call-next')), b1);
  when('08:21');
  await s.staff.post(`/api/tickets/${b1}/start`);
  when('08:31');
  await s.staff.post(`/api/tickets/${b1}/finish`, {}); // served 600 s from its last start

  // A003 waits across counter 1's break.
  when('09:00');
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  when('09:01');
  await ana.post('/api/counters/counter-1/pause', { reason: 'break' });
  when('09:11');
  await ana.post('/api/counters/counter-1/resume');
  const a3 = id(await ana.post('/api/counters/counter-1/call-next')); // waited 660 s
  when('09:12');
  await ana.post(`/api/tickets/${a3}/start`);
  when('09:20');
  await ana.post(`/api/tickets/${a3}/finish`, {}); // served 480 s
  when('10:00');
  await dan.post('/api/counters/counter-3/pause', { reason: 'paperwork' });
  when('10:30');
  await dan.post('/api/counters/counter-3/resume');

  const q = (groupBy: string) => s.staff.get(`/api/reports/waiting?from=2026-11-26&to=2026-11-26&groupBy=${groupBy}`);
  const byService = (await q('service')).body;
  t.equal(byService.timeZone, 'Europe/Bucharest');
  t.same(
    byService.rows.map((r: { key: string; issued: number }) => [r.key, r.issued]),
    [
      ['id-applications', 3],
      ['civil-status', 1],
    ],
    'a transferred ticket counts under the service it ended in',
  );
  const apps = byService.rows[0];
  t.match(apps, {
    label: 'Cărți de identitate – depunere cereri',
    served: 2,
    noShow: 1,
    cancelled: 0,
    waitingSeconds: { count: 3, mean: 520, median: 600, p90: 660, max: 660 },
    walkSeconds: { count: 2, mean: 60 },
    serviceSeconds: { count: 2, mean: 480, median: 480, p90: 480, max: 480 },
    withinTarget: 1,
  });
  t.match(byService.rows[1], { served: 1, transfers: 1, waitingSeconds: { mean: 720 }, serviceSeconds: { mean: 600 } }, 'waiting runs to the first call; service from the last start');

  t.same(
    (await q('clerk')).body.rows.map((r: { key: string; issued: number; served: number }) => [r.key, r.issued, r.served]),
    [
      ['admin', 1, 1],
      ['ana', 2, 2],
      ['dan', 1, 0],
    ],
    'per clerk: who called the ticket',
  );
  t.same((await q('counter')).body.rows.map((r: { label: string }) => r.label), ['Ghișeul 1', 'Ghișeul 3', 'Ghișeul 6']);
  t.same((await q('hour')).body.rows.map((r: { key: string; issued: number }) => [r.key, r.issued]), [['08', 3], ['09', 1]], 'hours in the office time zone');
  t.same((await q('weekday')).body.rows.map((r: { label: string }) => r.label), ['joi']);
  t.same((await q('day')).body.rows.map((r: { key: string }) => r.key), ['2026-11-26']);

  const pauses = (await s.staff.get('/api/reports/pauses?from=2026-11-26&to=2026-11-26')).body.rows;
  t.same(
    pauses.map((p: { counterNumber: number; reason: string; seconds: number; count: number }) => [p.counterNumber, p.reason, p.seconds, p.count]),
    [
      [1, 'break', 600, 1],
      [3, 'paperwork', 1800, 1],
    ],
  );

  // Counter 1 worked from 08:05 (first call) to 09:20 (last finish): 75 min, 10 paused, busy 08:05-08:14
  // (A001, 9 min) and 09:11-09:20 (A003, 9 min), so idle 75 - 10 - 18 = 47 min.
  const time = (await s.staff.get('/api/reports/counters?from=2026-11-26&to=2026-11-26')).body;
  t.match(time.counters[0], { counterNumber: 1, days: 1, served: 2, openSeconds: 75 * 60, pausedSeconds: 600, busySeconds: 18 * 60, idleSeconds: 47 * 60 });
  t.match(time.counters.find((c: { counterNumber: number }) => c.counterNumber === 3), { pausedSeconds: 1800, busySeconds: 60, served: 0 }, 'counter 3: its no-show took a minute');
  t.same(time.clerks.map((c: { username: string; called: number }) => [c.username, c.called]), [['admin', 1], ['ana', 2], ['dan', 1]]);
  // Ana's own commands ran from 08:05 to 09:20, with a 10-minute break and 18 minutes with citizens.
  t.match(time.clerks[1], { username: 'ana', days: 1, openSeconds: 75 * 60, pausedSeconds: 600, busySeconds: 18 * 60, idleSeconds: 47 * 60 });
  t.match(time.clerks[2], { username: 'dan', pausedSeconds: 1800 }, "Dan's paperwork pause");

  const heat = (await s.staff.get('/api/reports/heatmap?from=2026-11-20&to=2026-11-26')).body;
  t.equal(heat.arrivals[3][8], 3, 'three arrivals on Thursday at 08');
  t.equal(heat.meanWaitSeconds[3][8], 540, 'their mean wait');
  t.equal(heat.arrivals[0][8], 0);

  const csv = await fetch(`${s.url}/api/reports/waiting?from=2026-11-26&to=2026-11-26&groupBy=service&format=csv`, { headers: { cookie: s.staff.cookie } });
  t.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
  const bytes = Buffer.from(await csv.arrayBuffer());
  t.ok(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 with a byte order mark, for Excel');
  const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
  t.equal(lines.length, 3);
  t.match(lines[0], /^cheie;grup;bonuri emise;serviți;absenți/);
  t.match(lines[1], /^id-applications;Cărți de identitate – depunere cereri;3;2;1;0;0;520;600;660;660;/);
});

t.test('the report API refuses bad ranges and other roles', async (t) => {
  const s = await build(t);
  const bad = async (query: string) => (await s.staff.get(`/api/reports/waiting?${query}`)).body;
  t.match(await bad('from=2026-11-30&to=2026-11-01'), { statusCode: 400, code: 'QMS_ERR_VALIDATION', field: 'to', message: /ends \(2026-11-01\) before it starts/ });
  t.match(await bad('from=2026-02-30&to=2026-03-01'), { code: 'QMS_ERR_VALIDATION', field: 'from' });
  t.match(await bad('from=2020-01-01&to=2026-01-01'), { code: 'QMS_ERR_VALIDATION', message: /five years/ });
  t.match(await bad('from=26-11-2026&to=2026-11-30'), { code: 'QMS_ERR_VALIDATION' });
  t.match(await bad('from=2026-11-01&to=2026-11-30&groupBy=moon'), { code: 'QMS_ERR_VALIDATION' });
  t.match(await bad('from=2026-11-01'), { code: 'QMS_ERR_VALIDATION' });
  t.same((await s.staff.get('/api/reports/waiting?from=2026-11-01&to=2026-11-30')).body.rows, [], 'a range with no tickets is empty, not an error');
  await s.createUser('ioana', 'clerk-password-1', 'clerk');
  const clerk = await s.signIn('ioana', 'clerk-password-1');
  t.equal((await clerk.get('/api/reports/waiting?from=2026-11-01&to=2026-11-30')).status, 403, 'clerks do not read reports');
  t.equal((await s.anon.get('/api/reports/heatmap?from=2026-11-01&to=2026-11-30')).status, 401);
});

t.test('hours follow the office clock across the spring daylight-saving change', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse('2026-03-28T06:30:00Z')) });
  await s.staff.post('/api/tickets', { serviceId: 'cashier' }); // Saturday 08:30, UTC+2
  s.clock.set('2026-03-29T06:30:00Z');
  await s.staff.login(); // a day later the session has expired
  await s.staff.post('/api/tickets', { serviceId: 'cashier' }); // Sunday 09:30, UTC+3 since 03:00
  const rows = (await s.staff.get('/api/reports/waiting?from=2026-03-28&to=2026-03-29&groupBy=hour')).body.rows;
  t.same(rows.map((r: { key: string }) => r.key), ['08', '09']);
  const days = (await s.staff.get('/api/reports/waiting?from=2026-03-29&to=2026-03-29&groupBy=day')).body.rows;
  t.same(days.map((r: { key: string; issued: number }) => [r.key, r.issued]), [['2026-03-29', 1]], 'a one-day range is that office day only');
});

t.test('a no-show stays a no-show in the figures after its day ends', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse('2026-11-26T08:00:00Z')) });
  const a = await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  await s.staff.post('/api/counters/counter-8/call-next');
  s.clock.set('2026-11-26T08:05:00Z');
  await s.staff.post(`/api/tickets/${a.body.id}/no-show`);
  s.clock.set('2026-11-27T07:00:00Z');
  await s.staff.login();
  await s.staff.post('/api/tickets', { serviceId: 'cashier' }); // the next office day starts
  t.equal((await s.staff.get(`/api/tickets/${a.body.id}`)).body.status, 'expired', 'the ticket expired at the new day');
  const [row] = (await s.staff.get('/api/reports/waiting?from=2026-11-26&to=2026-11-26')).body.rows;
  t.match(row, { issued: 1, noShow: 1, expired: 0 });
});
