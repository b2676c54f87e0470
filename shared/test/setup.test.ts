import t from 'tap';
import type { AnyCommand, CounterSetup, ServiceSetup } from '../src/queue/commands';
import { QmsError } from '../src/queue/errors';
import type { QueueEvent } from '../src/queue/events';
import type { OfficeSettings, QueueState } from '../src/queue/types';
import { decide, evolve, isOpenAt, pickNext } from '../src/queue/index';
import { NOW, Office, TZ, at, callNext, codesOf, issue, makeSettings, makeState, timed, transfer } from './fixtures/queue';

/** The error a command is refused with, as code and extra fields; null when it is accepted. */
function refusal(state: QueueState, cmd: AnyCommand, now = NOW): { code: string; [k: string]: unknown } | null {
  try {
    decide(state, cmd, { now, newId: () => 'x' });
    return null;
  } catch (e) {
    if (!(e instanceof QmsError)) throw e;
    return { code: e.code, ...e.extra };
  }
}

function run(state: QueueState, cmd: AnyCommand, now = NOW): QueueEvent[] {
  const events = decide(state, cmd, { now, newId: () => 'x' });
  for (const e of events) evolve(state, e);
  return events;
}

const office = (over: Partial<OfficeSettings> = {}): OfficeSettings => ({
  ...makeSettings(),
  specialDays: [],
  languages: ['ro', 'en'],
  ticketHeader: '',
  ticketFooter: 'Mulțumim',
  ...over,
});
const update = (settings: OfficeSettings): AnyCommand => ({ type: 'office/update', settings });

const serviceSetup = (over: Partial<ServiceSetup> = {}): ServiceSetup => ({
  prefix: 'D',
  nameRo: 'Înregistrări decese',
  nameEn: 'Death registrations',
  numberStart: 1,
  numberEnd: 500,
  wrap: true,
  dailyCapacity: null,
  targetWaitMinutes: 15,
  avgServiceMinutes: 6,
  kioskOrder: 4,
  color: '#aa3300',
  icon: 'info',
  appointments: false,
  ...over,
});

const counterSetup = (over: Partial<CounterSetup> = {}): CounterSetup => ({
  number: 4,
  name: 'Ghișeul 4',
  location: 'Etaj 1',
  services: [{ serviceId: 'A', order: 1, weight: 1 }],
  priorityRatio: null,
  ...over,
});

t.test('office/update: the settings as saved, hours sorted, special days by date', async (t) => {
  const state = makeState();
  const settings = office({
    timeZone: 'europe/bucharest',
    openingHours: { ...makeSettings().openingHours, mon: [{ from: '13:00', to: '16:00' }, { from: '08:00', to: '12:00' }] },
    specialDays: [
      { date: '2026-12-01', hours: [], note: ' Ziua Națională ' },
      { date: '2026-03-21', hours: [{ from: '09:00', to: '12:00' }] },
    ],
    languages: ['ro', 'en', 'hu'],
  });
  const events = run(state, update(settings));
  t.same(events.map((e) => e.type), ['office.updated']);
  t.equal(state.settings.timeZone, 'Europe/Bucharest', 'the zone as Intl names it');
  t.same(state.settings.openingHours.mon, [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '16:00' }]);
  t.same(state.settings.specialDays, [
    { date: '2026-03-21', hours: [{ from: '09:00', to: '12:00' }] },
    { date: '2026-12-01', hours: [], note: 'Ziua Națională' },
  ]);
  t.same(state.settings.languages, ['ro', 'en', 'hu']);
});

t.test('office/update refuses with the field it is about', async (t) => {
  const hours = makeSettings().openingHours;
  const cases: [string, Partial<OfficeSettings>, object][] = [
    ['an unknown zone', { timeZone: 'Europe/Atlantis' }, { code: 'QMS_ERR_BAD_TIME_ZONE', field: 'timeZone' }],
    ['a range ending before it starts', { openingHours: { ...hours, thu: [{ from: '18:00', to: '10:00' }] } }, { code: 'QMS_ERR_BAD_HOURS', field: 'openingHours.thu' }],
    ['an empty range', { openingHours: { ...hours, fri: [{ from: '08:00', to: '08:00' }] } }, { code: 'QMS_ERR_BAD_HOURS', field: 'openingHours.fri' }],
    [
      'overlapping ranges',
      { openingHours: { ...hours, tue: [{ from: '11:00', to: '14:00' }, { from: '08:00', to: '12:00' }] } },
      { code: 'QMS_ERR_BAD_HOURS', field: 'openingHours.tue' },
    ],
    [
      'a date twice',
      { specialDays: [{ date: '2026-12-01', hours: [] }, { date: '2026-12-25', hours: [] }, { date: '2026-12-01', hours: [] }] },
      { code: 'QMS_ERR_DUPLICATE_DAY', field: 'specialDays.2.date' },
    ],
    ['a special day with bad hours', { specialDays: [{ date: '2026-12-24', hours: [{ from: '12:00', to: '09:00' }] }] }, { code: 'QMS_ERR_BAD_HOURS', field: 'specialDays.0.hours' }],
    ['a date that does not exist', { specialDays: [{ date: '2026-02-30', hours: [] }] }, { code: 'QMS_ERR_VALIDATION', field: 'specialDays.0.date' }],
    ['Romanian not first', { languages: ['en', 'ro'] }, { code: 'QMS_ERR_BAD_LANGUAGES', field: 'languages' }],
    ['an unknown language', { languages: ['ro', 'xx'] }, { code: 'QMS_ERR_BAD_LANGUAGES', field: 'languages' }],
    ['a language twice', { languages: ['ro', 'en', 'en'] }, { code: 'QMS_ERR_BAD_LANGUAGES', field: 'languages' }],
  ];
  for (const [name, over, want] of cases) {
    const state = makeState();
    const before = JSON.stringify(state.settings);
    t.match(refusal(state, update(office(over))), want, name);
    t.equal(JSON.stringify(state.settings), before, `${name}: nothing changed`);
  }
});

t.test('special days replace the weekly hours on their local date', async (t) => {
  const hours = makeSettings().openingHours;
  // Monday 2026-03-16 is open 8-14; Saturday 2026-03-21 is closed.
  const special = [
    { date: '2026-03-16', hours: [] },
    { date: '2026-03-21', hours: [{ from: '09:00', to: '12:00' }] },
  ];
  t.equal(isOpenAt(hours, Date.parse('2026-03-16T08:00:00Z'), TZ), true, 'Monday 10:00 by the week');
  t.equal(isOpenAt(hours, Date.parse('2026-03-16T08:00:00Z'), TZ, special), false, 'Monday 10:00 on a holiday');
  t.equal(isOpenAt(hours, Date.parse('2026-03-17T08:00:00Z'), TZ, special), true, 'the next day is an ordinary Tuesday');
  t.equal(isOpenAt(hours, Date.parse('2026-03-21T08:30:00Z'), TZ, special), true, 'Saturday 10:30 on a special opening');
  t.equal(isOpenAt(hours, Date.parse('2026-03-21T10:00:00Z'), TZ, special), false, 'Saturday 12:00 after it');
  // 23:30 UTC on the 15th is already the 16th in Bucharest.
  t.equal(isOpenAt({ ...hours, mon: [{ from: '00:00', to: '24:00' }] }, Date.parse('2026-03-15T22:30:00Z'), TZ, special), false, 'the local date decides');

  const state = makeState();
  run(state, update(office({ specialDays: special })));
  t.match(refusal(state, issue('A')), { code: 'QMS_ERR_OFFICE_CLOSED' }, 'no tickets on a holiday');
  t.equal(refusal(state, issue('A'), Date.parse('2026-03-21T08:30:00Z')), null, 'tickets during a special opening');
});

t.test('service/save: a new service gets an id from its English name; a change keeps its state of the day', async (t) => {
  const state = makeState();
  const [created] = run(state, { type: 'service/save', service: serviceSetup() });
  t.match(created, { type: 'service.saved', data: { service: { id: 'death-registrations', prefix: 'D', open: true, active: true, appointments: false } } });
  const [again] = run(state, { type: 'service/save', service: serviceSetup({ prefix: 'E', nameEn: 'Death registrations!' }) });
  t.equal(again!.type === 'service.saved' && again!.data.service.id, 'death-registrations-2', 'ids stay unique');

  run(state, { type: 'service/close', serviceId: 'A' });
  const [changed] = run(state, { type: 'service/save', serviceId: 'A', service: serviceSetup({ prefix: 'A', nameEn: 'Births', appointments: true }) });
  t.match(changed, { data: { service: { id: 'A', nameEn: 'Births', open: false, active: true, appointments: true } } });
  t.match(state.services.A, { nameEn: 'Births', open: false });
});

t.test('service/save refuses with the field it is about, and changes nothing', async (t) => {
  const state = new Office().runAll([issue('A'), issue('A'), issue('A')]).state;
  const cases: [string, AnyCommand, object][] = [
    ['a letter another service has', { type: 'service/save', service: serviceSetup({ prefix: 'B' }) }, { code: 'QMS_ERR_PREFIX_TAKEN', field: 'prefix' }],
    ['a range upside down', { type: 'service/save', service: serviceSetup({ numberStart: 100, numberEnd: 99 }) }, { code: 'QMS_ERR_BAD_RANGE', field: 'numberEnd' }],
    [
      'a capacity below what was given today',
      { type: 'service/save', serviceId: 'A', service: serviceSetup({ prefix: 'A', dailyCapacity: 2 }) },
      { code: 'QMS_ERR_CAPACITY_BELOW_ISSUED', field: 'dailyCapacity', issued: 3 },
    ],
    ['an unknown service', { type: 'service/save', serviceId: 'Z', service: serviceSetup() }, { code: 'QMS_ERR_SERVICE_NOT_FOUND' }],
  ];
  const before = JSON.stringify(state.services);
  for (const [name, cmd, want] of cases) t.match(refusal(state, cmd), want, name);
  t.equal(JSON.stringify(state.services), before);
  t.equal(refusal(state, { type: 'service/save', serviceId: 'A', service: serviceSetup({ prefix: 'A', dailyCapacity: 3 }) }), null, 'a capacity equal to it is fine');
});

t.test('service/retire: waiting tickets need a choice; transfer keeps their order and codes', async (t) => {
  const o = new Office().runAll([
    issue('C'),
    timed(at(1), issue('A')),
    timed(at(2), issue('C')),
    timed(at(3), issue('C', 'elderly')),
    timed(at(4), issue('A')),
  ]);
  const before = JSON.stringify(o.state);
  t.match(refusal(o.state, { type: 'service/retire', serviceId: 'C' }, at(5)), { code: 'QMS_ERR_SERVICE_HAS_WAITING', waiting: 3 });
  t.match(refusal(o.state, { type: 'service/retire', serviceId: 'C', waiting: 'transfer' }, at(5)), { code: 'QMS_ERR_TRANSFER_TARGET', field: 'toServiceId' });
  t.match(refusal(o.state, { type: 'service/retire', serviceId: 'C', waiting: 'transfer', toServiceId: 'C' }, at(5)), { code: 'QMS_ERR_TRANSFER_TARGET', field: 'toServiceId' });
  t.match(refusal(o.state, { type: 'service/retire', serviceId: 'C', waiting: 'transfer', toServiceId: 'Q' }, at(5)), { code: 'QMS_ERR_SERVICE_NOT_FOUND', field: 'toServiceId' });
  t.equal(JSON.stringify(o.state), before, 'nothing changed');

  const events = run(o.state, { type: 'service/retire', serviceId: 'C', waiting: 'transfer', toServiceId: 'A' }, at(5));
  t.same(events.map((e) => e.type), ['service.retired', 'ticket.transferred', 'ticket.transferred', 'ticket.transferred']);
  t.match(events[0], { data: { service: { id: 'C', active: false }, waiting: 'transfer', toServiceId: 'A', transferred: 3 } });
  t.equal(o.state.waitingCount.C, 0);
  t.equal(o.state.waitingCount.A, 5);
  t.same(codesOf(o.state), ['A001', 'A002', 'C001', 'C002', 'C003']);
  // c1 serves A: the priority ticket first (office ratio), then by the time each has waited since issue.
  const calls = [6, 7, 8, 9, 10].map((m) => o.run(timed(at(m), callNext('c1'))).find((e) => e.type === 'ticket.called')!);
  t.same(
    calls.map((e) => (e.type === 'ticket.called' ? e.data.ticket.code : '')),
    ['C003', 'C001', 'A001', 'C002', 'A002'],
  );
  t.match(refusal(o.state, issue('C'), at(11)), { code: 'QMS_ERR_SERVICE_CLOSED' }, 'a retired service issues nothing');
  t.match(refusal(o.state, transfer('t5', { serviceId: 'C' }), at(11)), { code: 'QMS_ERR_TRANSFER_TARGET' }, 'nor takes transfers');
});

t.test("service/retire with 'finish': the counters still call what waits", async (t) => {
  const o = new Office().runAll([issue('B'), issue('B')]);
  run(o.state, { type: 'service/retire', serviceId: 'B', waiting: 'finish' }, at(1));
  t.equal(o.state.services.B!.active, false);
  t.equal(o.state.waitingCount.B, 2);
  const called = o.run(timed(at(2), callNext('c2'))).find((e) => e.type === 'ticket.called');
  t.match(called, { data: { ticket: { code: 'B001' } } });
  t.match(refusal(o.state, issue('B'), at(3)), { code: 'QMS_ERR_SERVICE_CLOSED' });
});

t.test('service/restore brings a retired service back unless its letter is in use', async (t) => {
  const state = makeState();
  run(state, { type: 'service/retire', serviceId: 'C' });
  run(state, { type: 'service/save', service: serviceSetup({ prefix: 'C', nameEn: 'Copies' }) });
  t.match(refusal(state, { type: 'service/restore', serviceId: 'C' }), { code: 'QMS_ERR_PREFIX_TAKEN', field: 'prefix' });
  run(state, { type: 'service/retire', serviceId: 'copies' });
  t.match(run(state, { type: 'service/restore', serviceId: 'C' }), [{ type: 'service.saved', data: { service: { id: 'C', active: true } } }]);
});

t.test('a letter stays with the service that gave tickets with it today', async (t) => {
  const o = new Office().runAll([issue('C'), { type: 'ticket/cancel', ticketId: 't1' }]);
  run(o.state, { type: 'service/retire', serviceId: 'C' }, at(1));
  t.match(refusal(o.state, { type: 'service/save', service: serviceSetup({ prefix: 'C' }) }, at(2)), { code: 'QMS_ERR_PREFIX_TAKEN', field: 'prefix' });
});

t.test('counter/save: a new counter starts closed with an id from its number', async (t) => {
  const state = makeState();
  const [created] = run(state, { type: 'counter/save', counter: counterSetup() });
  t.match(created, { type: 'counter.saved', data: { counter: { id: 'c4', number: 4, state: 'closed', location: 'Etaj 1', active: true, priorityRatio: null } } });
  run(state, { type: 'counter/save', counterId: 'c1', counter: counterSetup({ number: 1, name: 'Ghișeul unu', priorityRatio: { priority: 1, normal: 3 } }) });
  t.match(state.counters.c1, { name: 'Ghișeul unu', state: 'open', priorityRatio: { priority: 1, normal: 3 }, services: [{ serviceId: 'A' }] });
});

t.test('counter/save refuses with the field it is about', async (t) => {
  const state = makeState();
  run(state, { type: 'service/retire', serviceId: 'C' });
  const before = JSON.stringify(state.counters);
  const cases: [string, AnyCommand, object][] = [
    ['a number in use', { type: 'counter/save', counter: counterSetup({ number: 2 }) }, { code: 'QMS_ERR_NUMBER_TAKEN', field: 'number' }],
    [
      'an unknown service',
      { type: 'counter/save', counter: counterSetup({ services: [{ serviceId: 'A', order: 1, weight: 1 }, { serviceId: 'Q', order: 1, weight: 1 }] }) },
      { code: 'QMS_ERR_SERVICE_NOT_FOUND', field: 'services.1.serviceId' },
    ],
    [
      'a service twice',
      { type: 'counter/save', counter: counterSetup({ services: [{ serviceId: 'A', order: 1, weight: 1 }, { serviceId: 'A', order: 2, weight: 1 }] }) },
      { code: 'QMS_ERR_VALIDATION', field: 'services.1.serviceId' },
    ],
    ['a retired service', { type: 'counter/save', counter: counterSetup({ services: [{ serviceId: 'C', order: 1, weight: 1 }] }) }, { code: 'QMS_ERR_SERVICE_RETIRED', field: 'services.0.serviceId' }],
  ];
  for (const [name, cmd, want] of cases) t.match(refusal(state, cmd), want, name);
  t.equal(JSON.stringify(state.counters), before);
  t.equal(
    refusal(state, { type: 'counter/save', counterId: 'c2', counter: counterSetup({ number: 2, services: [{ serviceId: 'B', order: 1, weight: 1 }, { serviceId: 'C', order: 1, weight: 2 }] }) }),
    null,
    'a counter keeps a retired service it already had',
  );
});

t.test('counter/retire: only a closed counter without a ticket; what was sent to it goes back to its queue', async (t) => {
  const o = new Office().runAll([issue('A'), issue('A'), callNext('c1'), timed(at(1), transfer('t2', { counterId: 'c2' }))]);
  t.match(refusal(o.state, { type: 'counter/retire', counterId: 'c2' }, at(2)), { code: 'QMS_ERR_COUNTER_IN_USE' }, 'open');
  t.match(refusal(o.state, { type: 'counter/retire', counterId: 'c1' }, at(2)), { code: 'QMS_ERR_COUNTER_IN_USE' }, 'with a ticket');
  o.run(timed(at(2), { type: 'counter/close', counterId: 'c2' }));
  const events = run(o.state, { type: 'counter/retire', counterId: 'c2' }, at(3));
  t.same(events.map((e) => e.type), ['counter.retired', 'ticket.transferred']);
  t.match(o.state.tickets.t2, { status: 'waiting', serviceId: 'A', targetCounterId: null });
  t.equal(o.state.counters.c2!.active, false);
  t.match(refusal(o.state, { type: 'counter/open', counterId: 'c2' }, at(4)), { code: 'QMS_ERR_COUNTER_RETIRED' });
  t.match(refusal(o.state, { type: 'counter/close', counterId: 'c2' }, at(4)), { code: 'QMS_ERR_COUNTER_RETIRED' });
  t.same(run(o.state, { type: 'counter/retire', counterId: 'c2' }, at(4)), [], 'retiring twice does nothing');
  t.match(refusal(o.state, transfer('t2', { counterId: 'c2' }), at(4)), { code: 'QMS_ERR_TRANSFER_TARGET' });
  const [created] = run(o.state, { type: 'counter/save', counter: counterSetup({ number: 2 }) }, at(5));
  t.match(created, { data: { counter: { id: 'c2-2', number: 2 } } }, 'its number serves a new counter');
});

t.test("a counter's own priority ratio replaces the office's there", async (t) => {
  const state = makeState((s) => {
    s.settings.priorityRatio = { priority: 3, normal: 1 };
    s.counters.c1!.streak = { kind: 'priority', count: 1 };
    s.counters.c3!.streak = { kind: 'priority', count: 1 };
  });
  const o = new Office(state).runAll([issue('A'), timed(at(1), issue('A', 'elderly'))]);
  t.equal(pickNext(o.state, 'c1', at(2))?.ticket.code, 'A002', 'the office lets a second priority call come first');
  run(o.state, { type: 'counter/save', counterId: 'c3', counter: counterSetup({ number: 3, priorityRatio: { priority: 1, normal: 1 } }) });
  t.equal(pickNext(o.state, 'c3', at(2))?.ticket.code, 'A001', 'this counter calls a normal ticket after one priority call');
});
