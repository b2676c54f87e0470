import t from 'tap';
import { build, TestClock } from './helper';

// Bucharest is UTC+2 in November: local 08:00 is 06:00 UTC.
const at = (day: string, local: string) => Date.parse(`${day}T${String(Number(local.slice(0, 2)) - 2).padStart(2, '0')}:${local.slice(3)}:00Z`);

t.test("the live page's figures come in one answer: today by service and hour, last week's same day by hour", async (t) => {
  const clock = new TestClock(at('2026-11-19', '08:00'));
  const s = await build(t, { clock });
  const issue = (serviceId: string) => s.staff.post('/api/tickets', { serviceId });

  // Thursday a week before: two tickets at 08, one at 10.
  await issue('id-applications');
  await issue('id-pickup');
  clock.set(new Date(at('2026-11-19', '10:15')).toISOString());
  await issue('id-applications');

  // Today, Thursday 26: three tickets at 09, one called and served.
  clock.set(new Date(at('2026-11-26', '09:00')).toISOString());
  await s.staff.login(); // a week later the session has ended
  await issue('id-applications');
  await issue('id-applications');
  await issue('cashier');
  clock.set(new Date(at('2026-11-26', '09:04')).toISOString());
  const called = await s.staff.post('/api/counters/counter-1/call-next');
  t.equal(called.status, 200);
  await s.staff.post(`/api/tickets/${called.body.ticket.id}/finish`, {});

  const r = await s.staff.get('/api/reports/today');
  t.equal(r.status, 200);
  t.equal(r.body.officeDay, '2026-11-26');
  const count = (rows: { key: string; issued: number }[]) => Object.fromEntries(rows.map((x) => [x.key, x.issued]));
  t.same(count(r.body.byService.rows), { 'id-applications': 2, cashier: 1 });
  t.equal(r.body.byService.rows.find((x: { key: string }) => x.key === 'id-applications').served, 1);
  t.equal(r.body.byService.rows.find((x: { key: string }) => x.key === 'id-applications').waitingSeconds.max, 240, 'A001 waited four minutes');
  t.same(count(r.body.byHour.rows), { '09': 3 });
  t.match(r.body.lastWeekByHour, { from: '2026-11-19', to: '2026-11-19', groupBy: 'hour', timeZone: 'Europe/Bucharest' });
  t.same(count(r.body.lastWeekByHour.rows), { '08': 2, '10': 1 });

  // The same as the three separate reports it replaces.
  const separate = await s.staff.get('/api/reports/waiting?from=2026-11-26&to=2026-11-26&groupBy=service');
  t.same(r.body.byService, separate.body);

  await s.createUser('ioana', 'clerk-password-1', 'clerk');
  const clerk = await s.signIn('ioana', 'clerk-password-1');
  t.equal((await clerk.get('/api/reports/today')).status, 403, 'clerks do not read reports');
  t.equal((await s.anon.get('/api/reports/today')).status, 401);
});
