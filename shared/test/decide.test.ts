import t from 'tap';
import type { Actor, Command } from '../src/queue/commands';
import type { ErrorCode } from '../src/queue/errors';
import type { EventType } from '../src/queue/events';
import type { QueueState } from '../src/queue/types';
import { decide, evolve } from '../src/queue/index';
import {
  MIN,
  NOW,
  Office,
  TODAY,
  at,
  callNext,
  cancel,
  closeCounter,
  closeService,
  finish,
  issue,
  makeState,
  noShow,
  openCounter,
  openService,
  pauseCounter,
  reactivate,
  recall,
  resumeCounter,
  start,
  timed,
  transfer,
  type Step,
} from './fixtures/queue';

interface Case {
  name: string;
  state?: (s: QueueState) => void;
  given?: Step[];
  when: Command;
  /** Defaults to five minutes after NOW, so "when" times differ from "given" ones. */
  at?: number;
  actor?: Actor;
  events?: EventType[];
  /** Partial shapes of the events, index by index. */
  shape?: object[];
  error?: ErrorCode;
  /** Partial shape of the state once the events are applied. */
  after?: object;
}

const WHEN = at(5);
const c1: Actor = { counterId: 'c1' };
const c2: Actor = { counterId: 'c2' };

/** t1 (A001) called at c1 at NOW. */
const calledAtC1: Step[] = [issue('A'), callNext('c1')];
/** t1 (A001) being served at c1 since one minute after NOW. */
const servingAtC1: Step[] = [...calledAtC1, timed(at(1), start('t1'))];
/** t1 (A001) marked no-show at c1 one minute after NOW. */
const noShowAtC1: Step[] = [...calledAtC1, timed(at(1), noShow('t1'))];

const cases: Case[] = [
  // ticket/issue
  {
    name: 'issue: first ticket of a service is A001, waiting, in Romanian',
    when: issue('A'),
    events: ['ticket.issued'],
    shape: [
      {
        at: WHEN,
        data: {
          ticket: {
            id: 't1', code: 'A001', number: 1, serviceId: 'A', originServiceId: 'A', officeDay: TODAY,
            status: 'waiting', priority: null, lang: 'ro', issuedAt: WHEN, queuedAt: WHEN, front: false,
            counterId: null, targetCounterId: null,
          },
        },
      },
    ],
    after: { waitingCount: { A: 1 }, numbering: { A: { last: 1, issued: 1 } } },
  },
  {
    name: 'issue: numbers run per service',
    given: [issue('A'), issue('A'), issue('B')],
    when: issue('A'),
    events: ['ticket.issued'],
    shape: [{ data: { ticket: { id: 't4', code: 'A003', number: 3 } } }],
    after: { waitingCount: { A: 3, B: 1 } },
  },
  {
    name: 'issue: a priority class and the kiosk language are kept',
    when: issue('B', 'elderly', 'en'),
    events: ['ticket.issued'],
    shape: [{ data: { ticket: { code: 'B001', priority: 'elderly', lang: 'en' } } }],
  },
  { name: 'issue: Monday 07:59 is before opening', when: issue('A'), at: Date.parse('2026-03-16T05:59:00Z'), error: 'QMS_ERR_OFFICE_CLOSED' },
  { name: 'issue: Monday 14:00 is closing time', when: issue('A'), at: Date.parse('2026-03-16T12:00:00Z'), error: 'QMS_ERR_OFFICE_CLOSED' },
  { name: 'issue: Thursday 09:30 is before the late opening', when: issue('A'), at: Date.parse('2026-03-19T07:30:00Z'), error: 'QMS_ERR_OFFICE_CLOSED' },
  { name: 'issue: Friday 13:00 is closed', when: issue('A'), at: Date.parse('2026-03-20T11:00:00Z'), error: 'QMS_ERR_OFFICE_CLOSED' },
  { name: 'issue: Saturday is closed', when: issue('A'), at: Date.parse('2026-03-21T08:00:00Z'), error: 'QMS_ERR_OFFICE_CLOSED' },
  {
    name: 'issue: Thursday 17:30 is open (and starts that office day)',
    when: issue('A'),
    at: Date.parse('2026-03-19T15:30:00Z'),
    events: ['day.started', 'ticket.issued'],
    shape: [{ data: { officeDay: '2026-03-19' } }, { data: { ticket: { code: 'A001', officeDay: '2026-03-19' } } }],
  },
  { name: 'issue: a closed service gives no tickets', given: [closeService('A')], when: issue('A'), error: 'QMS_ERR_SERVICE_CLOSED' },
  {
    name: 'issue: the other services still issue while one is closed',
    given: [closeService('A')],
    when: issue('B'),
    events: ['ticket.issued'],
    shape: [{ data: { ticket: { code: 'B001' } } }],
  },
  {
    name: 'issue: daily capacity reached',
    state: (s) => void (s.services.A!.dailyCapacity = 2),
    given: [issue('A'), issue('A')],
    when: issue('A'),
    error: 'QMS_ERR_CAPACITY_REACHED',
  },
  {
    name: 'issue: cancelled tickets still count toward the capacity',
    state: (s) => void (s.services.A!.dailyCapacity = 2),
    given: [issue('A'), issue('A'), cancel('t1')],
    when: issue('A'),
    error: 'QMS_ERR_CAPACITY_REACHED',
  },
  {
    name: 'issue: last ticket under the capacity',
    state: (s) => void (s.services.A!.dailyCapacity = 2),
    given: [issue('A')],
    when: issue('A'),
    events: ['ticket.issued'],
    shape: [{ data: { ticket: { code: 'A002' } } }],
  },
  {
    name: 'issue: range without wrap is exhausted',
    state: (s) => void Object.assign(s.services.A!, { numberStart: 1, numberEnd: 2 }),
    given: [issue('A'), issue('A')],
    when: issue('A'),
    error: 'QMS_ERR_NUMBERS_EXHAUSTED',
  },
  { name: 'issue: unknown service', when: issue('Z'), error: 'QMS_ERR_SERVICE_NOT_FOUND' },

  // counter/call-next
  {
    name: 'call-next: calls the waiting ticket to the counter',
    given: [issue('A')],
    when: callNext('c1'),
    events: ['ticket.called'],
    shape: [
      {
        data: {
          ticket: { id: 't1', code: 'A001', status: 'called', counterId: 'c1', calledAt: WHEN },
          counter: { id: 'c1', currentTicketId: 't1', streak: { kind: 'normal', count: 1 }, changedAt: WHEN },
        },
      },
    ],
    after: { waitingCount: { A: 0 }, tickets: { t1: { status: 'called' } }, counters: { c1: { currentTicketId: 't1' } } },
  },
  { name: 'call-next: closed counter', state: (s) => void (s.counters.c1!.state = 'closed'), given: [issue('A')], when: callNext('c1'), error: 'QMS_ERR_COUNTER_CLOSED' },
  { name: 'call-next: unknown counter', when: callNext('c9'), error: 'QMS_ERR_COUNTER_NOT_FOUND' },
  {
    name: 'call-next: a paused counter resumes on its own',
    given: [pauseCounter('c1', 'pauză'), issue('A')],
    when: callNext('c1'),
    events: ['counter.resumed', 'ticket.called'],
    shape: [
      { data: { counter: { id: 'c1', state: 'open', pauseReason: null } } },
      { data: { ticket: { code: 'A001' }, counter: { state: 'open', currentTicketId: 't1' } } },
    ],
    after: { counters: { c1: { state: 'open', pauseReason: null, currentTicketId: 't1' } } },
  },
  {
    name: 'call-next: a paused counter with nothing to call stays paused',
    given: [pauseCounter('c1')],
    when: callNext('c1'),
    error: 'QMS_ERR_NO_TICKET_WAITING',
  },
  {
    name: 'call-next: the current called ticket is finished first',
    given: [issue('A'), issue('A'), callNext('c1')],
    when: callNext('c1'),
    events: ['ticket.finished', 'ticket.called'],
    shape: [
      { data: { ticket: { id: 't1', status: 'done', startedAt: NOW, finishedAt: WHEN }, counter: { id: 'c1', currentTicketId: null } } },
      { data: { ticket: { id: 't2', code: 'A002', status: 'called' }, counter: { currentTicketId: 't2' } } },
    ],
    after: { tickets: { t1: undefined, t2: { status: 'called' } }, counters: { c1: { currentTicketId: 't2' } } },
  },
  {
    name: 'call-next: the current ticket in service is finished first, keeping its start',
    given: [issue('A'), issue('A'), callNext('c1'), timed(at(1), start('t1'))],
    when: callNext('c1'),
    events: ['ticket.finished', 'ticket.called'],
    shape: [{ data: { ticket: { id: 't1', status: 'done', startedAt: at(1), finishedAt: WHEN } } }, { data: { ticket: { id: 't2' } } }],
  },
  {
    name: 'call-next: nothing waiting leaves the current ticket with the clerk',
    given: calledAtC1,
    when: callNext('c1'),
    error: 'QMS_ERR_NO_TICKET_WAITING',
  },
  {
    name: 'call-next: a ticket transferred while in service is auto-finished with its new call as start',
    given: [...servingAtC1, issue('B'), timed(at(2), transfer('t1', { serviceId: 'B' }, 'front')), timed(at(3), callNext('c2'))],
    when: callNext('c2'),
    events: ['ticket.finished', 'ticket.called'],
    shape: [{ data: { ticket: { code: 'A001', startedAt: at(3), finishedAt: WHEN } } }, { data: { ticket: { code: 'B001' } } }],
  },
  { name: 'call-next: tickets of services the counter does not serve are not called', given: [issue('A')], when: callNext('c2'), error: 'QMS_ERR_NO_TICKET_WAITING' },

  // ticket/recall
  {
    name: 'recall: counts the recalls',
    given: [...calledAtC1, recall('t1')],
    when: recall('t1'),
    events: ['ticket.recalled'],
    shape: [{ data: { ticket: { id: 't1', status: 'called', recalls: 2 } } }],
  },
  { name: 'recall: a waiting ticket cannot be recalled', given: [issue('A')], when: recall('t1'), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'recall: a ticket in service cannot be recalled', given: servingAtC1, when: recall('t1'), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'recall: unknown ticket', when: recall('t9'), error: 'QMS_ERR_TICKET_NOT_FOUND' },
  { name: 'recall: from another counter', given: calledAtC1, when: recall('t1'), actor: c2, error: 'QMS_ERR_NOT_YOUR_TICKET' },

  // ticket/start
  {
    name: 'start: a called ticket is being served',
    given: calledAtC1,
    when: start('t1'),
    actor: c1,
    events: ['ticket.started'],
    shape: [{ data: { ticket: { id: 't1', status: 'serving', startedAt: WHEN, calledAt: NOW } } }],
  },
  { name: 'start: twice', given: servingAtC1, when: start('t1'), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'start: a waiting ticket', given: [issue('A')], when: start('t1'), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'start: from another counter', given: calledAtC1, when: start('t1'), actor: c2, error: 'QMS_ERR_NOT_YOUR_TICKET' },

  // ticket/finish
  {
    name: 'finish: straight from called, service counted from the call',
    given: calledAtC1,
    when: finish('t1', 'certificat eliberat'),
    actor: c1,
    events: ['ticket.finished'],
    shape: [
      {
        data: {
          ticket: { id: 't1', status: 'done', calledAt: NOW, startedAt: NOW, finishedAt: WHEN, outcome: 'certificat eliberat' },
          counter: { id: 'c1', currentTicketId: null },
        },
      },
    ],
    after: { tickets: { t1: undefined }, counters: { c1: { currentTicketId: null } } },
  },
  {
    name: 'finish: from serving, without an outcome',
    given: servingAtC1,
    when: finish('t1'),
    events: ['ticket.finished'],
    shape: [{ data: { ticket: { status: 'done', startedAt: at(1), finishedAt: WHEN, outcome: null }, counter: { currentTicketId: null } } }],
  },
  { name: 'finish: a waiting ticket', given: [issue('A')], when: finish('t1'), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'finish: a no-show ticket', given: noShowAtC1, when: finish('t1'), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'finish: a finished ticket has left the queue', given: [...calledAtC1, finish('t1')], when: finish('t1'), error: 'QMS_ERR_TICKET_NOT_FOUND' },
  { name: 'finish: from another counter', given: servingAtC1, when: finish('t1'), actor: c2, error: 'QMS_ERR_NOT_YOUR_TICKET' },
  {
    name: 'finish: after a transfer, service is counted from the new call, not the old start',
    given: [...servingAtC1, timed(at(2), transfer('t1', { serviceId: 'B' })), timed(at(3), callNext('c2'))],
    when: finish('t1'),
    actor: c2,
    events: ['ticket.finished'],
    shape: [{ data: { ticket: { code: 'A001', calledAt: at(3), startedAt: at(3), finishedAt: WHEN }, counter: { id: 'c2' } } }],
  },

  // ticket/no-show and ticket/reactivate
  {
    name: 'no-show: frees the counter',
    given: calledAtC1,
    when: noShow('t1'),
    events: ['ticket.no-show'],
    shape: [{ data: { ticket: { id: 't1', status: 'no_show', noShowAt: WHEN, counterId: 'c1' }, counter: { id: 'c1', currentTicketId: null } } }],
    after: { tickets: { t1: { status: 'no_show' } }, counters: { c1: { currentTicketId: null } } },
  },
  { name: 'no-show: a ticket already in service', given: servingAtC1, when: noShow('t1'), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'no-show: from another counter', given: calledAtC1, when: noShow('t1'), actor: c2, error: 'QMS_ERR_NOT_YOUR_TICKET' },
  {
    name: 'reactivate: within grace, to the front by default',
    given: noShowAtC1,
    when: reactivate('t1'),
    events: ['ticket.reactivated'],
    shape: [{ data: { ticket: { id: 't1', code: 'A001', status: 'waiting', front: true, queuedAt: WHEN, counterId: null, noShowAt: null } } }],
    after: { waitingCount: { A: 1 } },
  },
  {
    name: 'reactivate: exactly at the end of the grace, to the back',
    given: noShowAtC1,
    when: reactivate('t1', 'back'),
    at: at(1) + 10 * MIN,
    events: ['ticket.reactivated'],
    shape: [{ data: { ticket: { status: 'waiting', front: false } } }],
  },
  { name: 'reactivate: after the grace', given: noShowAtC1, when: reactivate('t1'), at: at(1) + 10 * MIN + 1, error: 'QMS_ERR_GRACE_EXPIRED' },
  { name: 'reactivate: a waiting ticket', given: [issue('A')], when: reactivate('t1'), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'reactivate: from another counter', given: noShowAtC1, when: reactivate('t1'), actor: c2, error: 'QMS_ERR_NOT_YOUR_TICKET' },
  { name: 'reactivate: by the counter that marked it', given: noShowAtC1, when: reactivate('t1'), actor: c1, events: ['ticket.reactivated'] },

  // ticket/transfer
  {
    name: 'transfer: to a service, at the front, keeping the code',
    given: servingAtC1,
    when: transfer('t1', { serviceId: 'B' }, 'front', 'are nevoie de certificat de căsătorie'),
    actor: c1,
    events: ['ticket.transferred'],
    shape: [
      {
        data: {
          ticket: {
            id: 't1', code: 'A001', originServiceId: 'A', serviceId: 'B', status: 'waiting', front: true, queuedAt: WHEN,
            counterId: null, targetCounterId: null, transfers: 1, note: 'are nevoie de certificat de căsătorie',
          },
          counter: { id: 'c1', currentTicketId: null },
          fromServiceId: 'A',
          fromCounterId: 'c1',
        },
      },
    ],
    after: { waitingCount: { B: 1 }, counters: { c1: { currentTicketId: null } }, tickets: { t1: { serviceId: 'B' } } },
  },
  {
    name: 'transfer: to a counter, at the back',
    given: calledAtC1,
    when: transfer('t1', { counterId: 'c2' }, 'back'),
    events: ['ticket.transferred'],
    shape: [{ data: { ticket: { serviceId: 'A', targetCounterId: 'c2', front: false, status: 'waiting' }, counter: { id: 'c1', currentTicketId: null } } }],
  },
  {
    name: 'transfer: a waiting ticket holds no counter',
    given: [issue('A')],
    when: transfer('t1', { serviceId: 'C' }),
    events: ['ticket.transferred'],
    shape: [{ data: { ticket: { serviceId: 'C' }, counter: null, fromServiceId: 'A', fromCounterId: null } }],
    after: { waitingCount: { A: 0, C: 1 } },
  },
  { name: 'transfer: neither a service nor a counter', given: servingAtC1, when: transfer('t1', {}), error: 'QMS_ERR_TRANSFER_TARGET' },
  { name: 'transfer: both a service and a counter', given: servingAtC1, when: transfer('t1', { serviceId: 'B', counterId: 'c2' }), error: 'QMS_ERR_TRANSFER_TARGET' },
  { name: 'transfer: to the counter it is already at', given: servingAtC1, when: transfer('t1', { counterId: 'c1' }), error: 'QMS_ERR_TRANSFER_TARGET' },
  { name: 'transfer: to an unknown service', given: servingAtC1, when: transfer('t1', { serviceId: 'Z' }), error: 'QMS_ERR_SERVICE_NOT_FOUND' },
  { name: 'transfer: to an unknown counter', given: servingAtC1, when: transfer('t1', { counterId: 'c9' }), error: 'QMS_ERR_COUNTER_NOT_FOUND' },
  { name: 'transfer: a no-show ticket', given: noShowAtC1, when: transfer('t1', { serviceId: 'B' }), error: 'QMS_ERR_TICKET_STATE' },
  { name: 'transfer: from another counter', given: servingAtC1, when: transfer('t1', { serviceId: 'B' }), actor: c2, error: 'QMS_ERR_NOT_YOUR_TICKET' },

  // ticket/cancel
  {
    name: 'cancel: a waiting ticket',
    given: [issue('A')],
    when: cancel('t1'),
    events: ['ticket.cancelled'],
    shape: [{ data: { ticket: { id: 't1', status: 'cancelled', finishedAt: WHEN }, counter: null } }],
    after: { tickets: { t1: undefined }, waitingCount: { A: 0 } },
  },
  {
    name: 'cancel: a ticket in service frees the counter',
    given: servingAtC1,
    when: cancel('t1'),
    actor: c1,
    events: ['ticket.cancelled'],
    shape: [{ data: { ticket: { status: 'cancelled' }, counter: { id: 'c1', currentTicketId: null } } }],
    after: { counters: { c1: { currentTicketId: null } } },
  },
  { name: 'cancel: a no-show ticket', given: noShowAtC1, when: cancel('t1'), events: ['ticket.cancelled'], shape: [{ data: { counter: null } }] },
  { name: 'cancel: twice', given: [issue('A'), cancel('t1')], when: cancel('t1'), error: 'QMS_ERR_TICKET_NOT_FOUND' },
  { name: 'cancel: from another counter', given: calledAtC1, when: cancel('t1'), actor: c2, error: 'QMS_ERR_NOT_YOUR_TICKET' },
  { name: 'cancel: a waiting ticket from any counter', given: [issue('A')], when: cancel('t1'), actor: c2, events: ['ticket.cancelled'] },

  // counters
  {
    name: 'counter/open: a closed counter',
    state: (s) => void Object.assign(s.counters.c1!, { state: 'closed' }),
    when: openCounter('c1'),
    events: ['counter.opened'],
    shape: [{ data: { counter: { id: 'c1', state: 'open', pauseReason: null, changedAt: WHEN } } }],
  },
  {
    name: 'counter/open: a paused counter',
    given: [pauseCounter('c1')],
    when: openCounter('c1'),
    events: ['counter.opened'],
    shape: [{ data: { counter: { state: 'open', pauseReason: null } } }],
  },
  { name: 'counter/open: already open', when: openCounter('c1'), events: [] },
  { name: 'counter/open: unknown counter', when: openCounter('c9'), error: 'QMS_ERR_COUNTER_NOT_FOUND' },
  {
    name: 'counter/pause: an idle counter',
    when: pauseCounter('c1', 'pauză de masă'),
    events: ['counter.paused'],
    shape: [{ data: { counter: { id: 'c1', state: 'paused', pauseReason: 'pauză de masă' } } }],
    after: { counters: { c1: { state: 'paused' } } },
  },
  { name: 'counter/pause: busy with a called ticket', given: calledAtC1, when: pauseCounter('c1'), error: 'QMS_ERR_COUNTER_BUSY' },
  { name: 'counter/pause: busy with a ticket in service', given: servingAtC1, when: pauseCounter('c1'), error: 'QMS_ERR_COUNTER_BUSY' },
  { name: 'counter/pause: a closed counter', given: [closeCounter('c1')], when: pauseCounter('c1'), error: 'QMS_ERR_COUNTER_CLOSED' },
  { name: 'counter/pause: same reason again', given: [pauseCounter('c1', 'ședință')], when: pauseCounter('c1', 'ședință'), events: [] },
  {
    name: 'counter/pause: a new reason',
    given: [pauseCounter('c1', 'ședință')],
    when: pauseCounter('c1', 'pauză de masă'),
    events: ['counter.paused'],
    shape: [{ data: { counter: { pauseReason: 'pauză de masă' } } }],
  },
  {
    name: 'counter/resume: a paused counter',
    given: [pauseCounter('c1')],
    when: resumeCounter('c1'),
    events: ['counter.resumed'],
    shape: [{ data: { counter: { state: 'open', pauseReason: null } } }],
  },
  { name: 'counter/resume: already open', when: resumeCounter('c1'), events: [] },
  { name: 'counter/resume: a closed counter', given: [closeCounter('c1')], when: resumeCounter('c1'), error: 'QMS_ERR_COUNTER_CLOSED' },
  {
    name: 'counter/close: an idle counter',
    when: closeCounter('c1'),
    events: ['counter.closed'],
    shape: [{ data: { counter: { id: 'c1', state: 'closed', pauseReason: null } } }],
  },
  {
    name: 'counter/close: a paused counter',
    given: [pauseCounter('c1')],
    when: closeCounter('c1'),
    events: ['counter.closed'],
    shape: [{ data: { counter: { state: 'closed', pauseReason: null } } }],
  },
  { name: 'counter/close: busy', given: servingAtC1, when: closeCounter('c1'), error: 'QMS_ERR_COUNTER_BUSY' },
  { name: 'counter/close: after the ticket is finished', given: [...servingAtC1, timed(at(2), finish('t1'))], when: closeCounter('c1'), events: ['counter.closed'] },
  { name: 'counter/close: already closed', given: [closeCounter('c1')], when: closeCounter('c1'), events: [] },

  // services
  {
    name: 'service/close: an open service',
    when: closeService('B'),
    events: ['service.closed'],
    shape: [{ data: { service: { id: 'B', open: false, prefix: 'B' } } }],
    after: { services: { B: { open: false } } },
  },
  { name: 'service/close: already closed', given: [closeService('B')], when: closeService('B'), events: [] },
  {
    name: 'service/open: a closed service',
    given: [closeService('B')],
    when: openService('B'),
    events: ['service.opened'],
    shape: [{ data: { service: { id: 'B', open: true } } }],
    after: { services: { B: { open: true } } },
  },
  { name: 'service/open: already open', when: openService('B'), events: [] },
  { name: 'service/open: unknown service', when: openService('Z'), error: 'QMS_ERR_SERVICE_NOT_FOUND' },
  { name: 'service/close: unknown service', when: closeService('Z'), error: 'QMS_ERR_SERVICE_NOT_FOUND' },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const office = new Office(makeState(c.state)).runAll(c.given ?? []);
    const before = structuredClone(office.state);
    const run = () => decide(office.state, c.when, office.ctx(c.at ?? WHEN, c.actor));

    if (c.error) {
      t.throws(run, { name: 'QmsError', code: c.error }, `throws ${c.error}`);
    } else {
      const events = run();
      t.same(events.map((e) => e.type), c.events ?? [], 'event types');
      c.shape?.forEach((shape, i) => t.match(events[i], shape, `event ${i}`));
      if (c.after) {
        const after = structuredClone(office.state);
        for (const e of events) evolve(after, e);
        t.match(after, c.after, 'state after the events');
      }
    }
    t.strictSame(office.state, before, 'decide left the state as it was');
  });
}

t.test('every command type and every error decide throws has a case', async (t) => {
  const commandTypes: Command['type'][] = [
    'ticket/issue', 'counter/call-next', 'ticket/recall', 'ticket/start', 'ticket/finish', 'ticket/no-show',
    'ticket/reactivate', 'ticket/transfer', 'ticket/cancel', 'counter/open', 'counter/pause', 'counter/resume',
    'counter/close', 'service/open', 'service/close',
  ];
  const thrown: ErrorCode[] = [
    'QMS_ERR_SERVICE_NOT_FOUND', 'QMS_ERR_COUNTER_NOT_FOUND', 'QMS_ERR_TICKET_NOT_FOUND', 'QMS_ERR_OFFICE_CLOSED',
    'QMS_ERR_SERVICE_CLOSED', 'QMS_ERR_CAPACITY_REACHED', 'QMS_ERR_NUMBERS_EXHAUSTED', 'QMS_ERR_NO_TICKET_WAITING',
    'QMS_ERR_COUNTER_CLOSED', 'QMS_ERR_COUNTER_BUSY', 'QMS_ERR_TICKET_STATE', 'QMS_ERR_NOT_YOUR_TICKET',
    'QMS_ERR_GRACE_EXPIRED', 'QMS_ERR_TRANSFER_TARGET',
  ];
  t.same([...new Set(cases.map((c) => c.when.type))].sort(), [...commandTypes].sort());
  t.same([...new Set(cases.flatMap((c) => (c.error ? [c.error] : [])))].sort(), [...thrown].sort());
});

t.test('the error carries its HTTP status and a readable message', async (t) => {
  const office = new Office().runAll(calledAtC1);
  t.throws(() => office.decide(start('t1'), WHEN, c2), {
    code: 'QMS_ERR_NOT_YOUR_TICKET',
    statusCode: 403,
    message: 'Ticket A001 is at counter 1, not at counter 2',
  });
  t.throws(() => office.decide(reactivate('t1'), WHEN), { code: 'QMS_ERR_TICKET_STATE', statusCode: 409, message: /A001 is called/ });
});

/** Multi-step stories: the codes the counters call, in order. */
interface Story {
  name: string;
  steps: Step[];
  /** Codes of the ticket.called events, in order. */
  calls: string[];
}

const stories: Story[] = [
  {
    name: 'a transfer to a service at the back queues behind who waits there',
    steps: [
      issue('B'),
      ...[issue('A'), callNext('c1')],
      timed(at(1), transfer('t2', { serviceId: 'B' }, 'back')),
      timed(at(2), callNext('c2')),
      timed(at(3), callNext('c2')),
    ],
    calls: ['A001', 'B001', 'A001'],
  },
  {
    name: 'a transfer to a service at the front goes before who waits there',
    steps: [
      issue('B'),
      ...[issue('A'), callNext('c1')],
      timed(at(1), transfer('t2', { serviceId: 'B' }, 'front')),
      timed(at(2), callNext('c2')),
      timed(at(3), callNext('c2')),
    ],
    calls: ['A001', 'A001', 'B001'],
  },
  {
    name: 'a transfer to a counter is called only there, even if it serves another service',
    steps: [
      issue('A'),
      callNext('c1'),
      timed(at(1), transfer('t1', { counterId: 'c2' })),
      issue('A'),
      timed(at(2), callNext('c3')),
      timed(at(3), callNext('c2')),
    ],
    calls: ['A001', 'A002', 'A001'],
  },
  {
    name: 'a re-activated ticket goes before the ones that kept waiting',
    steps: [issue('A'), issue('A'), callNext('c1'), timed(at(1), noShow('t1')), timed(at(2), reactivate('t1')), timed(at(3), callNext('c3'))],
    calls: ['A001', 'A001'],
  },
  {
    name: 'a re-activated ticket placed at the back waits its turn again',
    steps: [issue('A'), issue('A'), callNext('c1'), timed(at(1), noShow('t1')), timed(at(2), reactivate('t1', 'back')), timed(at(3), callNext('c3'))],
    calls: ['A001', 'A002'],
  },
];

for (const s of stories) {
  t.test(s.name, async (t) => {
    const office = new Office().runAll(s.steps);
    const calls = office.log.flatMap((e) => (e.type === 'ticket.called' ? [e.data.ticket.code] : []));
    t.same(calls, s.calls);
  });
}

t.test('waiting counts stay equal to the waiting tickets through a busy morning', async (t) => {
  const office = new Office();
  const steps: Step[] = [
    issue('A'), issue('B'), issue('A', 'pregnant'), issue('C'), callNext('c1'), callNext('c2'),
    transfer('t2', { serviceId: 'A' }, 'front'), issue('B'), cancel('t4'), callNext('c3'), noShow('t3'),
    reactivate('t3', 'back'), transfer('t5', { counterId: 'c1' }), callNext('c1'), finish('t5'), callNext('c1'),
  ];
  steps.forEach((step, i) => {
    office.run(step, at(i));
    const counted: Record<string, number> = {};
    for (const tk of Object.values(office.state.tickets)) if (tk.status === 'waiting') counted[tk.serviceId] = (counted[tk.serviceId] ?? 0) + 1;
    const kept = Object.fromEntries(Object.entries(office.state.waitingCount).filter(([, n]) => n !== 0));
    t.same(kept, counted, `after step ${i + 1} (${'cmd' in step ? step.cmd.type : step.type})`);
  });
  for (const c of Object.values(office.state.counters)) {
    if (c.currentTicketId) t.match(office.state.tickets[c.currentTicketId], { counterId: c.id, status: /called|serving/ }, `${c.id} holds its ticket`);
  }
});
