import t from 'tap';
import { simulateDay } from '../../scripts/simulate-day';
import { SimulatedClock } from '../src/features/simulation/simulation.routes';
import { build } from './helper';

t.test('the simulated clock: only in simulation mode, only forward, only for administrators', async (t) => {
  const normal = await build(t, { dataDir: t.testdir() + '/normal' });
  t.equal((await normal.staff.post('/api/simulation/clock', { at: '2030-01-01T08:00:00Z' })).status, 404, 'an office server has no such thing');

  const clock = new SimulatedClock(Date.parse('2026-11-26T06:00:00Z'));
  const sim = await build(t, { dataDir: t.testdir() + '/sim', simulation: clock });
  t.same((await sim.anon.get('/api/simulation/clock')).body, { at: '2026-11-26T06:00:00.000Z' });
  t.equal((await sim.anon.post('/api/simulation/clock', { at: '2026-11-26T07:00:00Z' })).status, 401);
  t.equal((await sim.staff.post('/api/simulation/clock', { at: '2026-11-26T07:00:00Z' })).status, 200);
  const back = await sim.staff.post('/api/simulation/clock', { at: '2026-11-26T06:30:00Z' });
  t.same([back.status, back.body.code], [400, 'QMS_ERR_VALIDATION'], 'never backwards');
  const ticket = await sim.staff.post('/api/tickets', { serviceId: 'cashier' });
  t.equal(ticket.body.issuedAt, '2026-11-26T07:00:00.000Z', 'tickets carry the simulated time');
});

t.test('a simulated day: every citizen gets a ticket and is called, and the estimate beats the naive one', async (t) => {
  const clock = new SimulatedClock(Date.parse('2026-11-25T12:00:00Z'));
  const s = await build(t, { simulation: clock });
  const day = await simulateDay({ url: s.url, date: '2026-11-26', citizens: 800, seed: 5, speed: 0, log: (m) => t.comment(m) });
  t.equal(day.issued, day.citizens, 'every citizen got a ticket');
  t.equal(day.served + day.noShows, day.issued, 'and was called by the end of the day');
  t.ok(day.noShows > 0, 'some did not come');
  t.ok(day.waitMinutes.mean > 0 && day.waitMinutes.p90 >= day.waitMinutes.median);
  t.ok(day.estimate.ours < day.estimate.naive, `estimate error ${day.estimate.ours} min against ${day.estimate.naive} min for the naive one`);
  const report = await s.staff.get('/api/queue');
  t.equal(report.body.tickets.filter((x: { status: string }) => x.status === 'waiting').length, 0, 'nobody is left waiting');
});
