import t from 'tap';
import { build, TestClock } from './helper';

t.test('a day rollover during a late Thursday opening keeps numbering and reports per day', async (t) => {
  // A special late opening until 23:59 on Thursday 26 November, and the next tickets just after midnight.
  const s = await build(t, { clock: new TestClock(Date.parse('2026-11-26T21:58:00Z')) });
  const before = (await s.staff.post('/api/tickets', { serviceId: 'information' })).body;
  t.equal(before.code, 'E001');
  s.clock.set('2026-11-26T22:00:30Z'); // 00:00:30 on Friday in Bucharest
  await s.staff.login();
  const after = (await s.staff.post('/api/tickets', { serviceId: 'information' })).body;
  t.equal(after.code, 'E001', 'a new office day starts its numbers again');
  t.equal(after.officeDay, '2026-11-27');
  t.equal((await s.staff.get(`/api/tickets/${before.id}`)).body.status, 'expired', "Thursday's ticket expired at midnight");
  const thu = (await s.staff.get('/api/reports/waiting?from=2026-11-26&to=2026-11-26&groupBy=day')).body.rows;
  const fri = (await s.staff.get('/api/reports/waiting?from=2026-11-27&to=2026-11-27&groupBy=day')).body.rows;
  t.same([thu[0].issued, thu[0].expired, fri[0].issued], [1, 1, 1], 'each ticket in its own day');
});
