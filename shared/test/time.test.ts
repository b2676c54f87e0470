import t from 'tap';
import type { TimeRange, Weekday } from '../src/queue/types';
import { alwaysOpen, decide, evolveAll, isOpenAt, localParts, nextOfficeDayStart, officeDayOf, rollover } from '../src/queue/index';
import { Office, TZ, callNext, closeService, fixedCtx, issue, makeState, noShow, pauseCounter, referenceHours, timed } from './fixtures/queue';

const ms = (iso: string): number => Date.parse(iso);
const iso = (at: number): string => new Date(at).toISOString();
const HOUR = 3600_000;

t.test('officeDayOf is the local date in Bucharest', async (t) => {
  const table: [instant: string, day: string, why: string][] = [
    ['2026-01-15T21:59:59.999Z', '2026-01-15', 'winter, 23:59:59.999 +02'],
    ['2026-01-15T22:00:00.000Z', '2026-01-16', 'winter, local midnight while UTC is still on the 15th'],
    ['2026-07-15T20:59:59.999Z', '2026-07-15', 'summer, 23:59:59.999 +03'],
    ['2026-07-15T21:00:00.000Z', '2026-07-16', 'summer, local midnight'],
    ['2026-12-31T22:00:00.000Z', '2027-01-01', 'new year comes first in Bucharest'],
    ['2026-02-28T22:30:00.000Z', '2026-03-01', 'end of February'],
    ['2026-03-28T21:59:59.999Z', '2026-03-28', 'last instant before the spring-forward day'],
    ['2026-03-28T22:00:00.000Z', '2026-03-29', 'midnight of the spring-forward day, still +02'],
    ['2026-03-29T20:59:59.999Z', '2026-03-29', 'end of the 23-hour day, now +03'],
    ['2026-03-29T21:00:00.000Z', '2026-03-30', 'midnight after the spring-forward day'],
    ['2026-10-24T20:59:59.999Z', '2026-10-24', 'last instant before the fall-back day'],
    ['2026-10-24T21:00:00.000Z', '2026-10-25', 'midnight of the fall-back day, still +03'],
    ['2026-10-25T21:59:59.999Z', '2026-10-25', 'end of the 25-hour day, now +02'],
    ['2026-10-25T22:00:00.000Z', '2026-10-26', 'midnight after the fall-back day'],
  ];
  for (const [instant, day, why] of table) t.equal(officeDayOf(ms(instant), TZ), day, `${instant}: ${why}`);
});

t.test('localParts across the DST changes', async (t) => {
  const table: [instant: string, hms: string, weekday: Weekday][] = [
    ['2026-03-29T00:59:59Z', '02:59:59', 'sun'],
    ['2026-03-29T01:00:00Z', '04:00:00', 'sun'],
    ['2026-10-25T00:59:59Z', '03:59:59', 'sun'],
    ['2026-10-25T01:00:00Z', '03:00:00', 'sun'],
    ['2026-03-16T22:00:00Z', '00:00:00', 'tue'],
  ];
  for (const [instant, hms, weekday] of table) {
    const p = localParts(ms(instant), TZ);
    const pad = (n: number) => String(n).padStart(2, '0');
    t.same([`${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`, p.weekday], [hms, weekday], instant);
  }
});

t.test('nextOfficeDayStart is the exact next local midnight', async (t) => {
  const table: [from: string, midnight: string, why: string][] = [
    ['2026-01-15T10:00:00.000Z', '2026-01-15T22:00:00.000Z', 'winter: midnight is 22:00 UTC'],
    ['2026-07-15T10:00:00.000Z', '2026-07-15T21:00:00.000Z', 'summer: midnight is 21:00 UTC'],
    ['2026-03-28T12:00:00.000Z', '2026-03-28T22:00:00.000Z', 'midnight starting 29 March is still +02'],
    ['2026-03-28T22:00:00.000Z', '2026-03-29T21:00:00.000Z', 'from that midnight: the day lasts 23 hours'],
    ['2026-03-29T00:59:59.000Z', '2026-03-29T21:00:00.000Z', 'from 02:59:59 +02, just before the jump'],
    ['2026-03-29T01:00:00.000Z', '2026-03-29T21:00:00.000Z', 'from 04:00 +03, just after the jump'],
    ['2026-10-24T12:00:00.000Z', '2026-10-24T21:00:00.000Z', 'midnight starting 25 October is still +03'],
    ['2026-10-24T21:00:00.000Z', '2026-10-25T22:00:00.000Z', 'from that midnight: the day lasts 25 hours'],
    ['2026-10-25T00:30:00.000Z', '2026-10-25T22:00:00.000Z', 'from the first 03:30 (+03)'],
    ['2026-10-25T01:30:00.000Z', '2026-10-25T22:00:00.000Z', 'from the second 03:30 (+02)'],
    ['2026-10-25T21:59:59.999Z', '2026-10-25T22:00:00.000Z', 'from the last millisecond of the day'],
    ['2026-10-25T22:00:00.000Z', '2026-10-26T22:00:00.000Z', 'from midnight itself: the following one'],
  ];
  for (const [from, midnight, why] of table) t.equal(iso(nextOfficeDayStart(ms(from), TZ)), midnight, `${from}: ${why}`);

  const springDay = nextOfficeDayStart(ms('2026-03-29T12:00:00Z'), TZ) - nextOfficeDayStart(ms('2026-03-28T12:00:00Z'), TZ);
  const autumnDay = nextOfficeDayStart(ms('2026-10-25T12:00:00Z'), TZ) - nextOfficeDayStart(ms('2026-10-24T12:00:00Z'), TZ);
  t.equal(springDay, 23 * HOUR, '29 March 2026 lasts 23 hours');
  t.equal(autumnDay, 25 * HOUR, '25 October 2026 lasts 25 hours');
  t.equal(iso(nextOfficeDayStart(ms('2026-03-29T12:00:00Z'), 'UTC')), '2026-03-30T00:00:00.000Z', 'the zone is the one asked for');
});

t.test('isOpenAt for the reference hours (Mon-Wed 8-14, Thu 10-18, Fri 8-13)', async (t) => {
  const hours = referenceHours();
  const table: [instant: string, open: boolean, local: string][] = [
    ['2026-03-16T05:59:00Z', false, 'Mon 07:59'],
    ['2026-03-16T06:00:00Z', true, 'Mon 08:00'],
    ['2026-03-16T11:59:59Z', true, 'Mon 13:59:59'],
    ['2026-03-16T12:00:00Z', false, 'Mon 14:00'],
    ['2026-03-17T09:00:00Z', true, 'Tue 11:00'],
    ['2026-03-18T09:00:00Z', true, 'Wed 11:00'],
    ['2026-03-18T12:30:00Z', false, 'Wed 14:30'],
    ['2026-03-19T06:00:00Z', false, 'Thu 08:00, opens late'],
    ['2026-03-19T07:59:00Z', false, 'Thu 09:59'],
    ['2026-03-19T08:00:00Z', true, 'Thu 10:00'],
    ['2026-03-19T15:59:00Z', true, 'Thu 17:59'],
    ['2026-03-19T16:00:00Z', false, 'Thu 18:00'],
    ['2026-03-20T06:00:00Z', true, 'Fri 08:00'],
    ['2026-03-20T10:59:00Z', true, 'Fri 12:59'],
    ['2026-03-20T11:00:00Z', false, 'Fri 13:00'],
    ['2026-03-21T08:00:00Z', false, 'Sat 10:00'],
    ['2026-03-22T08:00:00Z', false, 'Sun 10:00'],
    ['2026-07-13T04:59:00Z', false, 'Mon 07:59 in summer'],
    ['2026-07-13T05:00:00Z', true, 'Mon 08:00 in summer'],
    ['2026-07-13T10:59:00Z', true, 'Mon 13:59 in summer'],
    ['2026-07-13T11:00:00Z', false, 'Mon 14:00 in summer'],
    ['2026-07-16T07:30:00Z', true, 'Thu 10:30 local, though 07:30 in UTC'],
    ['2026-07-16T15:30:00Z', false, 'Thu 18:30 local, though 15:30 in UTC'],
    ['2026-03-30T05:00:00Z', true, 'Mon 08:00, the day after spring-forward'],
    ['2026-10-26T06:00:00Z', true, 'Mon 08:00, the day after fall-back'],
    ['2026-10-26T05:59:00Z', false, 'Mon 07:59, the day after fall-back'],
  ];
  for (const [instant, open, local] of table) t.equal(isOpenAt(hours, ms(instant), TZ), open, `${local} (${instant})`);
});

t.test('isOpenAt with a lunch break and with round-the-clock hours', async (t) => {
  const split: Record<Weekday, TimeRange[]> = { ...referenceHours(), mon: [{ from: '08:00', to: '12:00' }, { from: '12:30', to: '16:00' }] };
  t.equal(isOpenAt(split, ms('2026-03-16T09:59:00Z'), TZ), true, 'Mon 11:59');
  t.equal(isOpenAt(split, ms('2026-03-16T10:00:00Z'), TZ), false, 'Mon 12:00, lunch');
  t.equal(isOpenAt(split, ms('2026-03-16T10:30:00Z'), TZ), true, 'Mon 12:30');
  t.equal(isOpenAt(split, ms('2026-03-16T13:30:00Z'), TZ), true, 'Mon 15:30');
  t.equal(isOpenAt(alwaysOpen(), ms('2026-03-22T21:59:00Z'), TZ), true, 'Sun 23:59 with 00:00-24:00');
  t.equal(isOpenAt(alwaysOpen(), ms('2026-03-22T22:00:00Z'), TZ), true, 'Mon 00:00 with 00:00-24:00');
});

// Rollover: the state's day is Monday 2026-03-16 unless told otherwise.
const MON_LAST = ms('2026-03-16T21:59:59.999Z');
const TUE_MIDNIGHT = ms('2026-03-16T22:00:00Z');
const TUE_0900 = ms('2026-03-17T07:00:00Z');

/** Monday: A001 called at c1, A002 a no-show at c3, A003 and B001 waiting. */
function busyMonday(): Office {
  return new Office().runAll([issue('A'), issue('A'), issue('A'), issue('B'), callNext('c1'), callNext('c3'), timed(ms('2026-03-16T08:05:00Z'), noShow('t2'))]);
}

t.test('rollover: the first command of a new day starts it, expiring the tickets left', async (t) => {
  const office = busyMonday();
  t.match(office.state.tickets, { t1: { status: 'called' }, t2: { status: 'no_show' }, t3: { status: 'waiting' }, t4: { status: 'waiting' } });

  const events = office.run(timed(TUE_0900, issue('A')));
  t.same(events.map((e) => e.type), ['day.started', 'ticket.issued']);
  const [day, ticket] = events;
  t.equal(day?.type === 'day.started' && day.data.officeDay, '2026-03-17');
  t.same(day?.type === 'day.started' && [...day.data.expiredTicketIds].sort(), ['t1', 't2', 't3', 't4']);
  t.match(ticket, { data: { ticket: { id: 't5', code: 'A001', number: 1, officeDay: '2026-03-17' } } }, 'numbers restart at 001');

  t.equal(office.state.officeDay, '2026-03-17');
  t.same(Object.keys(office.state.tickets), ['t5'], "yesterday's tickets are gone");
  t.same(office.state.waitingCount, { A: 1 });
  t.match(office.state.numbering, { A: { last: 1, issued: 1 } });
  t.notOk(office.state.numbering.B, 'B has not issued today');
  t.equal(office.state.counters.c1!.currentTicketId, null, 'c1 no longer holds a ticket from yesterday');
  t.same(office.state.counters.c1!.streak, { kind: null, count: 0 });

  t.match(office.run(timed(TUE_0900, issue('B')))[0], { data: { ticket: { code: 'B001' } } });
});

t.test("rollover: yesterday's tickets are not called today", async (t) => {
  const office = busyMonday();
  t.throws(() => office.decide(callNext('c3'), TUE_0900), { code: 'QMS_ERR_NO_TICKET_WAITING' });
});

t.test('rollover: a counter busy yesterday can pause today; its state is kept', async (t) => {
  const office = busyMonday();
  office.run(timed(ms('2026-03-16T09:00:00Z'), pauseCounter('c2', 'instruire')));
  t.throws(() => office.decide(pauseCounter('c1'), MON_LAST), { code: 'QMS_ERR_COUNTER_BUSY' }, 'still Monday at 23:59:59.999');
  const events = office.run(timed(TUE_MIDNIGHT, pauseCounter('c1', 'inventar')));
  t.same(events.map((e) => e.type), ['day.started', 'counter.paused']);
  t.match(office.state.counters, { c1: { state: 'paused', pauseReason: 'inventar' }, c2: { state: 'paused', pauseReason: 'instruire' } });
});

interface RolloverCase {
  name: string;
  officeDay: string;
  now: string;
  /** The new office day, or null for none. */
  starts: string | null;
}

const rolloverCases: RolloverCase[] = [
  { name: 'Monday 23:59:59.999', officeDay: '2026-03-16', now: '2026-03-16T21:59:59.999Z', starts: null },
  { name: 'Tuesday 00:00', officeDay: '2026-03-16', now: '2026-03-16T22:00:00.000Z', starts: '2026-03-17' },
  { name: 'after a weekend', officeDay: '2026-03-20', now: '2026-03-23T06:00:00.000Z', starts: '2026-03-23' },
  { name: 'spring-forward day, 23:59:59 +03', officeDay: '2026-03-29', now: '2026-03-29T20:59:59.000Z', starts: null },
  { name: 'after the spring-forward day', officeDay: '2026-03-29', now: '2026-03-29T21:00:00.000Z', starts: '2026-03-30' },
  { name: 'fall-back day, second 03:30', officeDay: '2026-10-25', now: '2026-10-25T01:30:00.000Z', starts: null },
  { name: 'fall-back day, 23:59:59 +02', officeDay: '2026-10-25', now: '2026-10-25T21:59:59.000Z', starts: null },
  { name: 'after the fall-back day', officeDay: '2026-10-25', now: '2026-10-25T22:00:00.000Z', starts: '2026-10-26' },
  { name: 'summer 23:30 UTC is already the next day', officeDay: '2026-07-15', now: '2026-07-15T21:30:00.000Z', starts: '2026-07-16' },
];

for (const c of rolloverCases) {
  t.test(`rollover from ${c.officeDay}: ${c.name}`, async (t) => {
    const state = makeState((s) => void (s.officeDay = c.officeDay));
    const events = decide(state, closeService('C'), fixedCtx(ms(c.now)));
    const want = c.starts ? ['day.started', 'service.closed'] : ['service.closed'];
    t.same(events.map((e) => e.type), want);
    if (c.starts) t.match(events[0], { at: ms(c.now), data: { officeDay: c.starts, expiredTicketIds: [] } });
    t.equal(evolveAll(state, events).officeDay, c.starts ?? c.officeDay);
    t.same(rollover(state, ms(c.now)), [], 'once started, the day does not start again');
  });
}
