import t from 'tap';
import type { PickReason } from '../src/queue/routing';
import type { Counter, OfficeSettings, PriorityClass, Ticket } from '../src/queue/types';
import { advanceStreak, evolve, nextPool, pickNext } from '../src/queue/index';
import { MIN, Office, at, callNext, given, issue, issued, makeState, makeTicket, timed } from './fixtures/queue';

const NOW30 = at(30);
const APPT = (slotAt: number, checkedInAt: number | null = at(0)): Partial<Ticket> => ({
  appointment: { ref: 'PROG-17', slotAt, checkedInAt },
});

/** A waiting ticket, by code: 'A007' is ticket A007 of service A. */
const tk = (code: string, queuedMin: number, over: Partial<Ticket> = {}): Ticket =>
  makeTicket(`id-${code}`, code.slice(0, 1), Number(code.slice(1)), { queuedAt: at(queuedMin), ...over });

interface RouteCase {
  name: string;
  counter: string;
  tickets: Ticket[];
  now?: number;
  streak?: Counter['streak'];
  /** Code of the ticket called, or null for none. */
  expect: string | null;
  reason?: PickReason;
}

// Counters: c1 serves A (order 1) then B (order 2); c2 serves B and C at one order, C weighted 2; c3 all three equally.
// Appointments: due from 10 minutes before the slot to 15 minutes after it. Now is NOW+30min unless told.
const cases: RouteCase[] = [
  // appointments
  {
    name: 'a due appointment beats a transfer to this counter, priority tickets and long waits',
    counter: 'c3',
    tickets: [
      tk('A002', 0, { targetCounterId: 'c3', front: true }),
      tk('A003', 0, { priority: 'elderly' }),
      tk('A004', 0),
      tk('A050', 29, APPT(at(30))),
    ],
    expect: 'A050',
    reason: 'appointment',
  },
  { name: 'appointment 10 minutes early is due', counter: 'c3', tickets: [tk('A001', 0), tk('A050', 29, APPT(at(40)))], expect: 'A050', reason: 'appointment' },
  { name: 'appointment earlier than the window queues like a walk-in', counter: 'c3', tickets: [tk('A001', 0), tk('A050', 29, APPT(at(40) + 1))], expect: 'A001', reason: 'normal' },
  { name: 'appointment 15 minutes late is still due', counter: 'c3', tickets: [tk('A001', 0), tk('A050', 29, APPT(at(15)))], expect: 'A050', reason: 'appointment' },
  { name: 'appointment later than the window queues like a walk-in', counter: 'c3', tickets: [tk('A001', 0), tk('A050', 29, APPT(at(15) - 1))], expect: 'A001', reason: 'normal' },
  { name: 'a late appointment that waited longest is still called, as a walk-in', counter: 'c3', tickets: [tk('A001', 10), tk('A050', 5, APPT(at(0)))], expect: 'A050', reason: 'normal' },
  { name: 'an appointment not checked in gets no precedence', counter: 'c3', tickets: [tk('A001', 0), tk('A050', 29, APPT(at(30), null))], expect: 'A001', reason: 'normal' },
  {
    name: 'two due appointments: the earlier slot first',
    counter: 'c3',
    tickets: [tk('A050', 20, APPT(at(35))), tk('A051', 25, APPT(at(25)))],
    expect: 'A051',
    reason: 'appointment',
  },
  { name: 'a due appointment is not called at a counter without its service', counter: 'c2', tickets: [tk('A050', 29, APPT(at(30))), tk('B001', 20)], expect: 'B001', reason: 'normal' },

  // transfers to a counter
  {
    name: 'a transfer to this counter beats priority and longer waits',
    counter: 'c1',
    tickets: [tk('A001', 0, { priority: 'elderly' }), tk('A002', 20, { targetCounterId: 'c1' })],
    expect: 'A002',
    reason: 'transferred',
  },
  {
    name: 'transfers to this counter: front before back',
    counter: 'c1',
    tickets: [tk('A002', 10, { targetCounterId: 'c1' }), tk('A003', 20, { targetCounterId: 'c1', front: true })],
    expect: 'A003',
    reason: 'transferred',
  },
  {
    name: 'transfers to this counter at the back: the earlier first',
    counter: 'c1',
    tickets: [tk('A002', 20, { targetCounterId: 'c1' }), tk('A003', 10, { targetCounterId: 'c1' })],
    expect: 'A003',
    reason: 'transferred',
  },
  { name: 'a ticket sent to another counter is never picked', counter: 'c1', tickets: [tk('A001', 0, { targetCounterId: 'c2' })], expect: null },
  {
    name: 'a ticket sent to another counter is skipped even if it waited longest',
    counter: 'c1',
    tickets: [tk('A001', 0, { targetCounterId: 'c3', priority: 'disabled' }), tk('A002', 20)],
    expect: 'A002',
    reason: 'normal',
  },
  { name: 'the target counter calls it even without serving its service', counter: 'c2', tickets: [tk('B001', 0), tk('A001', 20, { targetCounterId: 'c2' })], expect: 'A001', reason: 'transferred' },

  // service order and weights
  { name: 'lower service order strictly first, whatever the wait', counter: 'c1', tickets: [tk('B001', 0), tk('A001', 29)], expect: 'A001', reason: 'normal' },
  { name: 'a higher order is served when the lower one is empty', counter: 'c1', tickets: [tk('B001', 0), tk('C001', 0)], expect: 'B001', reason: 'normal' },
  { name: 'a front ticket of a later order does not jump the order', counter: 'c1', tickets: [tk('B001', 0, { front: true }), tk('A001', 29)], expect: 'A001', reason: 'normal' },
  { name: 'weight 2 beats a longer wait at weight 1 (6 min x2 > 10 min)', counter: 'c2', tickets: [tk('B001', 20), tk('C001', 24)], expect: 'C001', reason: 'normal' },
  { name: 'a long enough wait beats the weight (13 min > 6 min x2)', counter: 'c2', tickets: [tk('B001', 17), tk('C001', 24)], expect: 'B001', reason: 'normal' },
  { name: 'the weight counts even for a ticket issued this instant', counter: 'c2', tickets: [tk('B001', 30), tk('C001', 30)], expect: 'C001', reason: 'normal' },

  // front placement, wait and ties
  { name: 'a front ticket beats a longer wait in its group', counter: 'c3', tickets: [tk('A001', 0), tk('A002', 25, { front: true })], expect: 'A002', reason: 'normal' },
  { name: 'two front tickets: the earlier one', counter: 'c3', tickets: [tk('A002', 25, { front: true }), tk('A003', 20, { front: true })], expect: 'A003', reason: 'normal' },
  { name: 'longest wait first', counter: 'c3', tickets: [tk('A001', 10), tk('B002', 5), tk('C003', 8)], expect: 'B002', reason: 'normal' },
  { name: 'equal waits: the lower code', counter: 'c3', tickets: [tk('A010', 5), tk('A002', 5)], expect: 'A002', reason: 'normal' },
  { name: 'equal waits across services: the lower code', counter: 'c3', tickets: [tk('C001', 5), tk('B001', 5)], expect: 'B001', reason: 'normal' },

  // priority pools
  { name: 'priority first when nothing was called yet', counter: 'c3', tickets: [tk('A001', 0), tk('A002', 25, { priority: 'pregnant' })], expect: 'A002', reason: 'priority' },
  {
    name: '2:1 after one priority call: priority again',
    counter: 'c3',
    streak: { kind: 'priority', count: 1 },
    tickets: [tk('A001', 0), tk('A002', 25, { priority: 'elderly' })],
    expect: 'A002',
    reason: 'priority',
  },
  { name: '2:1 after two priority calls: a normal one', counter: 'c3', streak: { kind: 'priority', count: 2 }, tickets: [tk('A001', 25), tk('A002', 0, { priority: 'elderly' })], expect: 'A001', reason: 'normal' },
  { name: '2:1 after one normal call: priority', counter: 'c3', streak: { kind: 'normal', count: 1 }, tickets: [tk('A001', 0), tk('A002', 25, { priority: 'other' })], expect: 'A002', reason: 'priority' },
  { name: 'no priority waiting: normal, whatever the streak asks', counter: 'c3', streak: { kind: 'normal', count: 5 }, tickets: [tk('A001', 0)], expect: 'A001', reason: 'normal' },
  { name: 'no normal waiting: priority, whatever the streak asks', counter: 'c3', streak: { kind: 'priority', count: 2 }, tickets: [tk('A002', 0, { priority: 'disabled' })], expect: 'A002', reason: 'priority' },
  {
    name: 'inside the priority pool the service order still rules',
    counter: 'c1',
    tickets: [tk('B001', 0, { priority: 'elderly' }), tk('A001', 29, { priority: 'elderly' }), tk('A002', 0)],
    expect: 'A001',
    reason: 'priority',
  },

  // nothing to call
  { name: 'tickets already called elsewhere are not called', counter: 'c3', tickets: [tk('A001', 0, { status: 'called', counterId: 'c1' })], expect: null },
  { name: 'an empty queue', counter: 'c3', tickets: [], expect: null },
  { name: 'an unknown counter', counter: 'c9', tickets: [tk('A001', 0)], expect: null },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const state = given(c.tickets.map(issued));
    const counter = state.counters[c.counter];
    if (counter && c.streak) counter.streak = c.streak;
    const pick = pickNext(state, c.counter, c.now ?? NOW30);
    t.equal(pick?.ticket.code ?? null, c.expect, 'ticket called');
    if (c.reason) t.equal(pick?.reason, c.reason, 'reason');
  });
}

t.test('nextPool', async (t) => {
  const table: [Counter['streak'], OfficeSettings['priorityRatio'], 'priority' | 'normal'][] = [
    [{ kind: null, count: 0 }, { priority: 2, normal: 1 }, 'priority'],
    [{ kind: 'priority', count: 1 }, { priority: 2, normal: 1 }, 'priority'],
    [{ kind: 'priority', count: 2 }, { priority: 2, normal: 1 }, 'normal'],
    [{ kind: 'normal', count: 1 }, { priority: 2, normal: 1 }, 'priority'],
    [{ kind: 'normal', count: 1 }, { priority: 1, normal: 3 }, 'normal'],
    [{ kind: 'normal', count: 3 }, { priority: 1, normal: 3 }, 'priority'],
    [{ kind: null, count: 0 }, { priority: 0, normal: 1 }, 'normal'],
    [{ kind: 'normal', count: 9 }, { priority: 0, normal: 1 }, 'normal'],
    [{ kind: 'priority', count: 9 }, { priority: 1, normal: 0 }, 'priority'],
  ];
  for (const [streak, ratio, want] of table) {
    t.equal(nextPool(streak, ratio), want, `${streak.kind}x${streak.count} at ${ratio.priority}:${ratio.normal}`);
  }
});

t.test('advanceStreak: appointments and transfers do not count toward the ratio', async (t) => {
  t.same(advanceStreak({ kind: 'priority', count: 1 }, 'priority'), { kind: 'priority', count: 2 });
  t.same(advanceStreak({ kind: 'priority', count: 2 }, 'normal'), { kind: 'normal', count: 1 });
  t.same(advanceStreak({ kind: null, count: 0 }, 'normal'), { kind: 'normal', count: 1 });
  t.same(advanceStreak({ kind: 'priority', count: 1 }, 'appointment'), { kind: 'priority', count: 1 });
  t.same(advanceStreak({ kind: 'normal', count: 1 }, 'transferred'), { kind: 'normal', count: 1 });
});

interface Interleave {
  ratio: OfficeSettings['priorityRatio'];
  priority: number;
  normal: number;
  /** P for a priority call, N for a normal one. */
  calls: string;
}

const interleaving: Interleave[] = [
  { ratio: { priority: 2, normal: 1 }, priority: 4, normal: 4, calls: 'PPNPPNNN' },
  { ratio: { priority: 2, normal: 1 }, priority: 6, normal: 2, calls: 'PPNPPNPP' },
  { ratio: { priority: 1, normal: 1 }, priority: 3, normal: 3, calls: 'PNPNPN' },
  { ratio: { priority: 3, normal: 2 }, priority: 4, normal: 5, calls: 'PPPNNPNNN' },
  { ratio: { priority: 2, normal: 1 }, priority: 0, normal: 3, calls: 'NNN' },
  { ratio: { priority: 2, normal: 1 }, priority: 3, normal: 0, calls: 'PPP' },
  { ratio: { priority: 0, normal: 1 }, priority: 2, normal: 2, calls: 'NNPP' },
  { ratio: { priority: 1, normal: 0 }, priority: 2, normal: 2, calls: 'PPNN' },
];

for (const c of interleaving) {
  t.test(`ratio ${c.ratio.priority}:${c.ratio.normal} with ${c.priority} priority and ${c.normal} normal waiting calls ${c.calls}`, async (t) => {
    // Priority tickets have waited less than every normal one, so only the ratio puts them first.
    const tickets = [
      ...Array.from({ length: c.normal }, (_, i) => tk(`A${String(i + 1).padStart(3, '0')}`, i)),
      ...Array.from({ length: c.priority }, (_, i) => tk(`A${String(i + 101)}`, 10 + i, { priority: 'elderly' })),
    ];
    const state = given(tickets.map(issued), makeState((s) => void (s.settings.priorityRatio = c.ratio)));
    const counter = state.counters.c3!;
    let calls = '';
    const order: string[] = [];
    for (let pick = pickNext(state, 'c3', NOW30); pick; pick = pickNext(state, 'c3', NOW30)) {
      calls += pick.reason === 'priority' ? 'P' : 'N';
      order.push(pick.ticket.code);
      counter.streak = advanceStreak(counter.streak, pick.reason);
      delete state.tickets[pick.ticket.id];
    }
    t.equal(calls, c.calls);
    // Inside each pool, still the longest wait first.
    t.same(order.filter((code) => code < 'A100'), [...order.filter((code) => code < 'A100')].sort());
    t.same(order.filter((code) => code > 'A100'), [...order.filter((code) => code > 'A100')].sort());
  });
}

t.test('call-next through decide keeps the 2:1 ratio on the counter', async (t) => {
  const office = new Office();
  const kinds: (PriorityClass | null)[] = [null, null, 'elderly', 'disabled', null, 'pregnant', 'other', null];
  kinds.forEach((p, i) => office.run(timed(at(i), issue('A', p))));
  for (let i = 0; i < kinds.length; i++) office.run(timed(at(10 + i), callNext('c3')));
  const calls = office.log.flatMap((e) => (e.type === 'ticket.called' ? [e.data.ticket.code] : []));
  t.same(calls, ['A003', 'A004', 'A001', 'A006', 'A007', 'A002', 'A005', 'A008']);
  t.same(office.state.counters.c3!.streak, { kind: 'normal', count: 3 });
});

t.test('a transfer called in between does not break the priority run', async (t) => {
  const office = new Office(
    given([
      issued(tk('A001', 0)),
      issued(tk('A101', 5, { priority: 'elderly' })),
      issued(tk('A102', 6, { priority: 'elderly' })),
      issued(tk('A103', 7, { priority: 'elderly' })),
    ]),
  );
  office.run(timed(NOW30, callNext('c3')));
  evolve(office.state, issued(tk('B001', 31, { targetCounterId: 'c3' })));
  for (let i = 1; i <= 4; i++) office.run(timed(NOW30 + i * MIN, callNext('c3')));
  const calls = office.log.flatMap((e) => (e.type === 'ticket.called' ? [e.data.ticket.code] : []));
  // Counted as a normal call, the transfer would let A103 go before A001.
  t.same(calls, ['A101', 'B001', 'A102', 'A001', 'A103']);
});
