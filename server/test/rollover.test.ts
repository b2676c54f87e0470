import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { Built } from './helper';
import { build, TestClock, WsClient } from './helper';

interface TicketBody {
  id: string;
  code: string;
  officeDay: string;
  status: string;
}

/** Moves the office clock, signs in again (a session lasts 12 hours of that clock) and issues a ticket. */
async function issueAt(t: Test, s: Built, iso: string, serviceId = 'id-applications'): Promise<TicketBody> {
  s.clock.set(iso);
  await s.staff.login();
  const r = await s.staff.post('/api/tickets', { serviceId });
  t.equal(r.status, 201, `a ticket is issued at ${iso}`);
  return r.body as TicketBody;
}

const dayStarted = (ws: InstanceType<typeof WsClient>, day: string) =>
  ws.waitFor((m) => m.type === 'day.started' && (m.data as { officeDay: string }).officeDay === day);

t.test('local midnight in Bucharest starts a new office day', async (t) => {
  const clock = new TestClock(Date.parse('2026-11-24T21:59:50Z')); // 23:59:50 in Bucharest (UTC+2)
  const s = await build(t, { clock });
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue']);

  const a1 = await issueAt(t, s, '2026-11-24T21:59:50Z');
  const a2 = await issueAt(t, s, '2026-11-24T21:59:51Z');
  const b1 = await issueAt(t, s, '2026-11-24T21:59:52Z', 'id-pickup');
  t.same([a1.code, a2.code, b1.code], ['A001', 'A002', 'B001']);
  t.same([a1.officeDay, a2.officeDay, b1.officeDay], ['2026-11-24', '2026-11-24', '2026-11-24']);
  // Counter 5 (id-pickup first) holds B001 at midnight.
  const called = await s.staff.post('/api/counters/counter-5/call-next', {});
  t.equal(called.body.ticket.code, 'B001');
  const a3 = await issueAt(t, s, '2026-11-24T21:59:59.999Z');
  t.equal(a3.code, 'A003', 'the last millisecond before midnight is still the old day');
  t.equal(a3.officeDay, '2026-11-24');

  const fresh = await issueAt(t, s, '2026-11-24T22:00:00.000Z');
  t.equal(fresh.code, 'A001', 'at local midnight numbering starts again at A001');
  t.equal(fresh.officeDay, '2026-11-25');
  t.not(fresh.id, a1.id, 'it is a new ticket, not yesterday\'s A001');

  const q = await s.staff.get('/api/queue');
  t.equal(q.body.officeDay, '2026-11-25', 'the queue is on the new day');
  t.same(
    q.body.tickets.map((x: TicketBody) => x.code),
    ['A001'],
    'yesterday\'s waiting and called tickets are gone from the queue',
  );
  t.equal(q.body.tickets[0].id, fresh.id);
  const svc = (id: string) => q.body.services.find((x: { id: string }) => x.id === id);
  t.equal(svc('id-applications').waiting, 1);
  t.equal(svc('id-applications').issuedToday, 1, 'issuedToday counts today only');
  t.equal(svc('id-pickup').waiting, 0);
  t.equal(svc('id-pickup').issuedToday, 0);
  t.equal(q.body.counters.find((c: { id: string }) => c.id === 'counter-5').current, null, 'counter 5 no longer holds yesterday\'s B001');

  for (const old of [a1, a2, a3, b1]) {
    const r = await s.staff.get(`/api/tickets/${old.id}`);
    t.equal(r.status, 200);
    t.equal(r.body.status, 'expired', `yesterday's ${old.code} reads as expired`);
    t.equal(r.body.officeDay, '2026-11-24', `yesterday's ${old.code} keeps its day`);
  }

  const ev = await dayStarted(ws, '2026-11-25');
  t.same(
    [...(ev as unknown as { data: { expiredTicketIds: string[] } }).data.expiredTicketIds].sort(),
    [a1.id, a2.id, a3.id, b1.id].sort(),
    'the WebSocket day.started event names every expired ticket',
  );
  t.equal(ws.events('day.started').length, 1, 'the day starts once');

  // The next call ignores yesterday's tickets; other services restart their numbering too.
  const next = await s.staff.post('/api/counters/counter-1/call-next', {});
  t.equal(next.body.ticket.id, fresh.id, 'counter 1 calls today\'s A001, not yesterday\'s A002');
  t.equal((await issueAt(t, s, '2026-11-24T22:00:05Z', 'id-pickup')).code, 'B001', 'id-pickup starts again at B001');
  t.equal((await issueAt(t, s, '2026-11-24T22:00:06Z')).code, 'A002');
  t.equal(ws.events('day.started').length, 1, 'still only one day.started');
});

t.test('the day rolls without any command, through rolloverIfDue (what the midnight timer runs)', async (t) => {
  const clock = new TestClock(Date.parse('2026-11-24T21:59:50Z'));
  const s = await build(t, { clock });
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue']);
  const a1 = await issueAt(t, s, '2026-11-24T21:59:55Z');

  await s.app.queue.rolloverIfDue();
  t.equal((await s.staff.get('/api/queue')).body.officeDay, '2026-11-24', 'before midnight rolloverIfDue changes nothing');
  t.equal(ws.events('day.started').length, 0);

  clock.set('2026-11-24T22:00:01Z');
  await s.app.queue.rolloverIfDue();
  const q = await s.staff.get('/api/queue');
  t.equal(q.body.officeDay, '2026-11-25', 'after midnight the queue is on the new day');
  t.same(q.body.tickets, [], 'and empty');
  t.equal((await s.staff.get('/api/health')).body.officeDay, '2026-11-25');
  t.equal((await s.staff.get(`/api/tickets/${a1.id}`)).body.status, 'expired');
  await dayStarted(ws, '2026-11-25');
  t.pass('the WebSocket saw day.started');
  await s.app.queue.rolloverIfDue();
  t.equal(ws.events('day.started').length, 1, 'rolling again the same day does nothing');
});

t.test('the midnight timer starts the day on its own', async (t) => {
  // Each case: the server starts a moment before local midnight, so its timer (a real one, armed from the
  // office clock) fires about a second later; the office clock is already past midnight by then.
  const cases = [
    { name: 'an ordinary night', start: '2026-11-24T21:59:59.800Z', day: '2026-11-25' },
    { name: 'the 25-hour day of October 25 (UTC+3 to UTC+2)', start: '2026-10-25T21:59:59.800Z', day: '2026-10-26' },
    { name: 'the 23-hour day of March 29 (UTC+2 to UTC+3)', start: '2026-03-29T20:59:59.800Z', day: '2026-03-30' },
  ];
  await Promise.all(
    cases.map(async (c, i) => {
      const clock = new TestClock(Date.parse(c.start));
      // One data folder each: three servers run side by side here.
      const s = await build(t, { clock, dataDir: join(t.testdir(), `night-${i}`) });
      const ws = new WsClient(s.url);
      t.teardown(() => ws.close());
      await ws.hello(['queue']);
      clock.advance(500);
      const ev = await dayStarted(ws, c.day).catch(() => null);
      t.ok(ev, `${c.name}: displays get day.started for ${c.day} without any command`);
      t.equal((await s.staff.get('/api/queue')).body.officeDay, c.day, `${c.name}: the queue is on ${c.day}`);
    }),
  );
});

t.test('the autumn DST night (2026-10-25, UTC+3 to UTC+2) is one office day of 25 hours', async (t) => {
  const clock = new TestClock(Date.parse('2026-10-24T20:59:00Z')); // 23:59 on the 24th, UTC+3
  const s = await build(t, { clock });
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue']);

  const before = await issueAt(t, s, '2026-10-24T20:59:59.999Z');
  t.same([before.code, before.officeDay], ['A001', '2026-10-24'], '23:59:59.999 on the 24th');
  const first = await issueAt(t, s, '2026-10-24T21:00:00Z');
  t.same([first.code, first.officeDay], ['A001', '2026-10-25'], 'midnight (UTC+3) starts the 25th at A001');
  const early = await issueAt(t, s, '2026-10-25T00:30:00Z'); // 03:30 summer time
  const repeated = await issueAt(t, s, '2026-10-25T01:30:00Z'); // 03:30 again, winter time
  t.same([early.code, early.officeDay], ['A002', '2026-10-25'], '03:30 summer time: A002');
  t.same([repeated.code, repeated.officeDay], ['A003', '2026-10-25'], '03:30 again an hour later (winter time): A003, numbering goes on');
  const naive = await issueAt(t, s, '2026-10-25T21:00:00Z'); // 23:00 local: 24 hours after the day began
  t.same([naive.code, naive.officeDay], ['A004', '2026-10-25'], '24 hours after midnight it is 23:00, still the 25th');
  const last = await issueAt(t, s, '2026-10-25T21:59:59.999Z');
  t.same([last.code, last.officeDay], ['A005', '2026-10-25'], '23:59:59.999 winter time is still the 25th');
  const next = await issueAt(t, s, '2026-10-25T22:00:00Z');
  t.same([next.code, next.officeDay], ['A001', '2026-10-26'], 'midnight (UTC+2) starts the 26th at A001');

  const q = await s.staff.get('/api/queue');
  t.same(
    q.body.tickets.map((x: TicketBody) => x.code),
    ['A001'],
    'only the 26th\'s ticket is in the queue',
  );
  for (const old of [early, repeated, last]) t.equal((await s.staff.get(`/api/tickets/${old.id}`)).body.status, 'expired', `${old.code} of the 25th expired`);
  await dayStarted(ws, '2026-10-26');
  t.same(
    ws.events('day.started').map((e) => (e as unknown as { data: { officeDay: string } }).data.officeDay),
    ['2026-10-25', '2026-10-26'],
    'the WebSocket saw exactly two new days, none in the repeated hour',
  );
});

t.test('the spring DST night (2026-03-29, UTC+2 to UTC+3) is one office day of 23 hours', async (t) => {
  const clock = new TestClock(Date.parse('2026-03-28T21:59:00Z')); // 23:59 on the 28th, UTC+2
  const s = await build(t, { clock });
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue']);

  const before = await issueAt(t, s, '2026-03-28T21:59:59Z');
  t.same([before.code, before.officeDay], ['A001', '2026-03-28']);
  const first = await issueAt(t, s, '2026-03-28T22:00:00Z');
  t.same([first.code, first.officeDay], ['A001', '2026-03-29'], 'midnight (UTC+2) starts the 29th at A001');
  const beforeJump = await issueAt(t, s, '2026-03-29T00:59:59Z'); // 02:59:59 winter time
  const afterJump = await issueAt(t, s, '2026-03-29T01:00:00Z'); // 04:00:00 summer time
  t.same([beforeJump.code, beforeJump.officeDay], ['A002', '2026-03-29'], '02:59:59 winter time: A002');
  t.same([afterJump.code, afterJump.officeDay], ['A003', '2026-03-29'], 'one second later it is 04:00 summer time: A003, same day');
  const last = await issueAt(t, s, '2026-03-29T20:59:59.999Z'); // 23:59:59.999 summer time
  t.same([last.code, last.officeDay], ['A004', '2026-03-29'], '23:59:59.999 summer time is still the 29th');
  const next = await issueAt(t, s, '2026-03-29T21:00:00Z'); // 00:00 on the 30th, 23 hours after the 29th began
  t.same([next.code, next.officeDay], ['A001', '2026-03-30'], 'midnight (UTC+3) starts the 30th at A001');
  const q = await s.staff.get('/api/queue');
  t.same(
    q.body.tickets.map((x: TicketBody) => x.code),
    ['A001'],
    'only the 30th\'s ticket is in the queue',
  );
  t.equal((await s.staff.get(`/api/tickets/${last.id}`)).body.status, 'expired', 'A004 of the 29th expired');
  await dayStarted(ws, '2026-03-30');
  t.same(
    ws.events('day.started').map((e) => (e as unknown as { data: { officeDay: string } }).data.officeDay),
    ['2026-03-29', '2026-03-30'],
  );
});

t.test('a server switched off overnight starts the new day when it boots', async (t) => {
  const dataDir = t.testdir();
  const clock = new TestClock(Date.parse('2026-11-24T15:00:00Z')); // 17:00 on the 24th
  const s1 = await build(t, { clock, dataDir });
  const a1 = (await s1.staff.post('/api/tickets', { serviceId: 'id-applications' })).body as TicketBody;
  const a2 = (await s1.staff.post('/api/tickets', { serviceId: 'id-applications' })).body as TicketBody;
  t.same([a1.code, a2.code], ['A001', 'A002']);
  t.equal((await s1.staff.post('/api/counters/counter-1/call-next', {})).body.ticket.code, 'A001');
  await s1.close();

  clock.set('2026-11-25T06:00:00Z'); // 08:00 on the 25th
  const s2 = await build(t, { clock, dataDir });
  const q = await s2.staff.get('/api/queue');
  t.equal(q.body.officeDay, '2026-11-25', 'the queue is on the 25th before anyone does anything');
  t.same(q.body.tickets, [], 'yesterday\'s tickets are not in the queue');
  t.equal(q.body.counters.find((c: { id: string }) => c.id === 'counter-1').current, null, 'counter 1 holds nothing');
  t.equal((await s2.staff.get(`/api/tickets/${a1.id}`)).body.status, 'expired');
  t.equal((await s2.staff.get(`/api/tickets/${a2.id}`)).body.status, 'expired');
  const fresh = await s2.staff.post('/api/tickets', { serviceId: 'id-applications' });
  t.same([fresh.body.code, fresh.body.officeDay], ['A001', '2026-11-25'], 'numbering starts again at A001');
  const ws = new WsClient(s2.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue'], 0);
  await dayStarted(ws, '2026-11-25');
  t.pass('a client replaying the log sees the day.started of the boot');
});
