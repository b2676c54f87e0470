import t from 'tap';
import { build, TestClock, type Built } from './helper';

/**
 * The system clock of the appliance is stepped back (an NTP correction, someone setting the time by hand).
 * The queue's own time never goes back: what happens after the step is stamped no earlier than what
 * happened before it, so order, numbering and the day's figures stay right.
 */

/** Local `hh:mm:ss` in Bucharest (UTC+2 in November), on Thursday 26 November 2026 unless said. */
const at = (local: string, day = '2026-11-26') => Date.parse(`${day}T${local}+02:00`);

interface TicketBody {
  id: string;
  code: string;
  number: number;
  issuedAt: number;
  queuedAt: number;
  calledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  officeDay: string;
  status: string;
}

t.test('a clock stepped back a minute in the morning keeps the order of calls, the numbering and the report', async (t) => {
  const clock = new TestClock(at('08:50:00'));
  const dataDir = t.testdir();
  let s: Built = await build(t, { clock, dataDir });
  const issued: TicketBody[] = [];
  const issue = async (serviceId: string) => {
    const r = await s.staff.post('/api/tickets', { serviceId });
    t.equal(r.status, 201, `a ticket is issued at ${new Date(clock.ms).toISOString()}`);
    issued.push(r.body);
    return r.body as TicketBody;
  };
  const called: string[] = [];
  const callNext = async () => {
    const r = await s.staff.post('/api/counters/counter-1/call-next');
    t.equal(r.status, 200, 'counter 1 calls the next ticket');
    called.push(r.body.ticket.code);
    return r.body.ticket as TicketBody;
  };

  await issue('id-applications'); // A001 at 08:50:00
  clock.set(new Date(at('08:55:00')).toISOString());
  await issue('id-applications'); // A002
  clock.set(new Date(at('09:00:00')).toISOString());
  await callNext(); // A001, waited 600 s
  clock.set(new Date(at('09:00:20')).toISOString());
  const lastBefore = await issue('id-applications'); // A003

  // The system clock steps back 60 s: it reads 08:59:20 again.
  clock.advance(-60_000);
  clock.advance(10_000); // 08:59:30
  const firstAfter = await issue('id-applications'); // A004
  clock.advance(10_000); // 08:59:40
  await callNext(); // A002; A001 is finished by this call

  // The appliance restarts while its clock is still behind: the queue's time survives the restart.
  await s.close();
  s = await build(t, { clock, dataDir });
  clock.advance(10_000); // 08:59:50
  await issue('information'); // E001

  clock.set(new Date(at('09:01:00')).toISOString());
  await callNext();
  clock.set(new Date(at('09:02:00')).toISOString());
  await callNext();
  clock.set(new Date(at('09:05:00')).toISOString());
  await issue('id-applications'); // A005

  t.same(
    issued.map((x) => x.code),
    ['A001', 'A002', 'A003', 'A004', 'E001', 'A005'],
    'numbering continues through the step and the restart, no number given twice',
  );
  t.ok(firstAfter.issuedAt >= lastBefore.issuedAt, 'the first ticket after the step is not stamped before the last one before it');
  for (let i = 1; i < issued.length; i++) {
    if (issued[i]!.issuedAt < issued[i - 1]!.issuedAt) t.fail(`${issued[i]!.code} is stamped before ${issued[i - 1]!.code}`);
  }
  t.same(called, ['A001', 'A002', 'A003', 'A004'], 'tickets issued after the step are called after those issued before it');

  const stored = await Promise.all(issued.map(async (x) => (await s.staff.get(`/api/tickets/${x.id}`)).body as TicketBody));
  const negative = stored.flatMap((x) => [
    ...(x.calledAt !== null && x.calledAt < x.issuedAt ? [`${x.code} called before it was issued`] : []),
    ...(x.finishedAt !== null && x.finishedAt < (x.startedAt ?? x.calledAt ?? 0) ? [`${x.code} finished before it was called`] : []),
  ]);
  t.same(negative, [], 'no ticket was called before it was issued or finished before it was called');

  const report = async (groupBy: string) =>
    (await s.staff.get(`/api/reports/waiting?from=2026-11-26&to=2026-11-26&groupBy=${groupBy}`)).body.rows as {
      key: string;
      issued: number;
      waitingSeconds: { count: number; mean: number; max: number };
      serviceSeconds: { count: number; mean: number };
    }[];
  t.same(
    (await report('day')).map((r) => [r.key, r.issued]),
    [['2026-11-26', 6]],
    'the day counts each of its six tickets once',
  );
  t.same(
    (await report('hour')).map((r) => [r.key, r.issued]),
    [
      ['08', 2],
      ['09', 4],
    ],
    'the tickets issued while the clock read 08:59 count in the hour they came after, 09',
  );
  // Waits: A001 600 s; A002 from 08:55:00 to 09:00:20 (the queue's time at the step) 320 s; A003 from
  // 09:00:20 to 09:01:00, 40 s; A004 from 09:00:20 to 09:02:00, 100 s. Service: A001 20 s, A002 40 s, A003 60 s.
  const [applications] = await report('service');
  t.match(
    applications,
    { key: 'id-applications', issued: 5, waitingSeconds: { count: 4, mean: 265, max: 600 }, serviceSeconds: { count: 3, mean: 40 } },
    'waits and service times run from the queue time, none negative',
  );
});

t.test('a clock stepped back across midnight does not start the previous office day again', async (t) => {
  const clock = new TestClock(at('23:59:00'));
  const s = await build(t, { clock });
  const thursday = (await s.staff.post('/api/tickets', { serviceId: 'information' })).body as TicketBody;
  clock.set(new Date(at('00:00:30', '2026-11-27')).toISOString());
  await s.staff.login();
  const friday = (await s.staff.post('/api/tickets', { serviceId: 'information' })).body as TicketBody;
  t.same([friday.code, friday.officeDay], ['E001', '2026-11-27'], 'Friday starts its own numbers');

  clock.advance(-60_000); // 23:59:30 on Thursday again
  const next = await s.staff.post('/api/tickets', { serviceId: 'information' });
  t.equal(next.status, 201);
  t.same([next.body.code, next.body.officeDay], ['E002', '2026-11-27'], 'the next ticket continues Friday, it does not go back to Thursday');
  t.equal((await s.staff.get(`/api/tickets/${friday.id}`)).body.status, 'waiting', "Friday's first ticket still waits");
  t.equal((await s.staff.get(`/api/tickets/${thursday.id}`)).body.status, 'expired', "Thursday's ticket stays expired");
  const queue = (await s.staff.get('/api/queue')).body;
  t.equal(queue.officeDay, '2026-11-27', 'the queue stays on Friday');
  const thu = (await s.staff.get('/api/reports/waiting?from=2026-11-26&to=2026-11-26&groupBy=day')).body.rows;
  const fri = (await s.staff.get('/api/reports/waiting?from=2026-11-27&to=2026-11-27&groupBy=day')).body.rows;
  t.same([thu[0]?.issued, fri[0]?.issued], [1, 2], 'Thursday keeps its one ticket, Friday has two');
});
