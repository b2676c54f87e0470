import type { AnyCommand, Command, CommandOf, DecideContext } from './commands';
import { QmsError } from './errors';
import type { QueueEvent } from './events';
import { startDay } from './evolve';
import { allocateNumber, formatCode } from './numbering';
import { advanceStreak, pickNext } from './routing';
import { isActive, setupHandlers } from './setup';
import { isOfficeOpenAt, officeDayOf } from './time';
import type { Counter, QueueState, Service, Ticket, TicketStatus } from './types';
import { activeStatuses, newTicket } from './types';

const statusWords: Record<TicketStatus, string> = {
  waiting: 'waiting',
  called: 'called',
  serving: 'being served',
  done: 'finished',
  no_show: 'marked as no-show',
  cancelled: 'cancelled',
  expired: 'expired',
};

function service(state: QueueState, serviceId: string): Service {
  const s = state.services[serviceId];
  if (!s) throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', { serviceId });
  return s;
}

function counter(state: QueueState, counterId: string): Counter {
  const c = state.counters[counterId];
  if (!c) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId });
  return c;
}

/** A service that is not retired: one whose day can be opened or closed. */
function serviceOfTheDay(state: QueueState, serviceId: string): Service {
  const s = service(state, serviceId);
  if (!isActive(s)) throw new QmsError('QMS_ERR_SERVICE_RETIRED', { service: s.nameEn });
  return s;
}

/** A counter that still works: a retired one opens and calls nothing. */
function workingCounter(state: QueueState, counterId: string): Counter {
  const c = counter(state, counterId);
  if (!isActive(c)) throw new QmsError('QMS_ERR_COUNTER_RETIRED', { counter: c.number });
  return c;
}

function ticket(state: QueueState, ticketId: string, allowed: readonly TicketStatus[], action: string, ctx: DecideContext): Ticket {
  const t = state.tickets[ticketId] ?? ctx.findArchived?.(ticketId);
  if (!t) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', { ticketId });
  if (!allowed.includes(t.status)) throw new QmsError('QMS_ERR_TICKET_STATE', { ticket: t.code, status: statusWords[t.status], action });
  const own = ctx.actor?.counterId;
  if (own && t.counterId && t.counterId !== own) {
    throw new QmsError('QMS_ERR_NOT_YOUR_TICKET', {
      ticket: t.code,
      owner: state.counters[t.counterId]?.number ?? '?',
      counter: state.counters[own]?.number ?? '?',
    });
  }
  return t;
}

/** The counter holding a ticket, released from it. */
function release(state: QueueState, t: Ticket, now: number): Counter | null {
  const c = t.counterId ? state.counters[t.counterId] : undefined;
  if (!c || c.currentTicketId !== t.id) return null;
  return { ...c, currentTicketId: null, changedAt: now };
}

function busyWith(state: QueueState, c: Counter): Ticket | undefined {
  return c.currentTicketId ? state.tickets[c.currentTicketId] : undefined;
}

type Handler<K extends Command['type']> = (state: QueueState, cmd: CommandOf<K>, ctx: DecideContext) => QueueEvent[];

const handlers: { [K in Command['type']]: Handler<K> } = {
  'ticket/issue'(state, cmd, ctx) {
    const s = service(state, cmd.serviceId);
    if (!isOfficeOpenAt(state.settings, ctx.now)) throw new QmsError('QMS_ERR_OFFICE_CLOSED');
    if (!s.open || !isActive(s)) throw new QmsError('QMS_ERR_SERVICE_CLOSED', { service: s.nameEn });
    const numbering = state.numbering[s.id];
    const appointment = cmd.appointment ? { ref: cmd.appointment.ref, slotAt: cmd.appointment.slotAt, checkedInAt: ctx.now } : null;
    // A booked slot was promised: the daily capacity limits walk-ins only.
    if (!appointment && s.dailyCapacity !== null && (numbering?.issued ?? 0) >= s.dailyCapacity) {
      throw new QmsError('QMS_ERR_CAPACITY_REACHED', { service: s.nameEn, capacity: s.dailyCapacity });
    }
    const number = allocateNumber(s, numbering);
    const t = newTicket(
      { id: ctx.newId(), code: formatCode(s, number), number, serviceId: s.id, officeDay: state.officeDay, issuedAt: ctx.now },
      { priority: cmd.priority ?? null, lang: cmd.lang ?? 'ro', appointment },
    );
    return [{ type: 'ticket.issued', at: ctx.now, data: { ticket: t } }];
  },

  'counter/call-next'(state, cmd, ctx) {
    const now = ctx.now;
    let c = workingCounter(state, cmd.counterId);
    if (c.state === 'closed') throw new QmsError('QMS_ERR_COUNTER_CLOSED', { counter: c.number });
    const pick = pickNext(state, c.id, now);
    if (!pick) throw new QmsError('QMS_ERR_NO_TICKET_WAITING', { counter: c.number });
    const events: QueueEvent[] = [];
    if (c.state === 'paused') {
      // A clerk back from a break presses "next": that is the resume.
      c = { ...c, state: 'open', pauseReason: null, changedAt: now };
      events.push({ type: 'counter.resumed', at: now, data: { counter: c } });
    }
    const current = busyWith(state, c);
    if (current && (current.status === 'called' || current.status === 'serving')) {
      const done: Ticket = { ...current, status: 'done', startedAt: current.startedAt ?? current.calledAt, finishedAt: now };
      c = { ...c, currentTicketId: null, changedAt: now };
      events.push({ type: 'ticket.finished', at: now, data: { ticket: done, counter: c } });
    }
    // startedAt belongs to this visit: a ticket transferred while being served must not keep the old start.
    const called: Ticket = {
      ...pick.ticket,
      status: 'called',
      counterId: c.id,
      calledAt: now,
      firstCalledAt: pick.ticket.firstCalledAt ?? now,
      servedBy: ctx.actor?.username ?? null,
      startedAt: null,
      targetCounterId: null,
      front: false,
    };
    c = { ...c, currentTicketId: called.id, streak: advanceStreak(c.streak, pick.reason), changedAt: now };
    events.push({ type: 'ticket.called', at: now, data: { ticket: called, counter: c } });
    return events;
  },

  'ticket/recall'(state, cmd, ctx) {
    const t = ticket(state, cmd.ticketId, ['called'], 'recalled', ctx);
    return [{ type: 'ticket.recalled', at: ctx.now, data: { ticket: { ...t, recalls: t.recalls + 1 } } }];
  },

  'ticket/start'(state, cmd, ctx) {
    const t = ticket(state, cmd.ticketId, ['called'], 'started', ctx);
    return [{ type: 'ticket.started', at: ctx.now, data: { ticket: { ...t, status: 'serving', startedAt: ctx.now } } }];
  },

  'ticket/finish'(state, cmd, ctx) {
    const t = ticket(state, cmd.ticketId, ['called', 'serving'], 'finished', ctx);
    const done: Ticket = { ...t, status: 'done', startedAt: t.startedAt ?? t.calledAt, finishedAt: ctx.now, outcome: cmd.outcome ?? null };
    const c = release(state, t, ctx.now) ?? counter(state, t.counterId!);
    return [{ type: 'ticket.finished', at: ctx.now, data: { ticket: done, counter: c } }];
  },

  'ticket/no-show'(state, cmd, ctx) {
    const t = ticket(state, cmd.ticketId, ['called'], 'marked as no-show', ctx);
    const c = release(state, t, ctx.now) ?? counter(state, t.counterId!);
    return [{ type: 'ticket.no-show', at: ctx.now, data: { ticket: { ...t, status: 'no_show', noShowAt: ctx.now }, counter: c } }];
  },

  'ticket/reactivate'(state, cmd, ctx) {
    const t = ticket(state, cmd.ticketId, ['no_show'], 're-activated', ctx);
    const grace = state.settings.noShowGraceMinutes;
    if (ctx.now - (t.noShowAt ?? 0) > grace * 60_000) throw new QmsError('QMS_ERR_GRACE_EXPIRED', { ticket: t.code, minutes: grace });
    const back: Ticket = { ...t, status: 'waiting', counterId: null, queuedAt: ctx.now, front: (cmd.position ?? 'front') === 'front', noShowAt: null };
    return [{ type: 'ticket.reactivated', at: ctx.now, data: { ticket: back } }];
  },

  'ticket/transfer'(state, cmd, ctx) {
    const t = ticket(state, cmd.ticketId, ['waiting', 'called', 'serving'], 'transferred', ctx);
    const toService = cmd.serviceId ?? null;
    const toCounter = cmd.counterId ?? null;
    if ((toService === null) === (toCounter === null)) {
      throw new QmsError('QMS_ERR_TRANSFER_TARGET', { detail: 'name either a service or a counter' });
    }
    if (toService !== null && !isActive(service(state, toService))) {
      throw new QmsError('QMS_ERR_TRANSFER_TARGET', { detail: `service ${state.services[toService]!.nameEn} is retired` });
    }
    if (toCounter !== null) {
      if (!isActive(counter(state, toCounter))) throw new QmsError('QMS_ERR_TRANSFER_TARGET', { detail: `counter ${state.counters[toCounter]!.number} is retired` });
      if (toCounter === t.counterId) throw new QmsError('QMS_ERR_TRANSFER_TARGET', { detail: 'the ticket is already at that counter' });
    }
    const moved: Ticket = {
      ...t,
      status: 'waiting',
      serviceId: toService ?? t.serviceId,
      targetCounterId: toCounter,
      counterId: null,
      queuedAt: ctx.now,
      front: cmd.position === 'front',
      transfers: t.transfers + 1,
      note: cmd.note ?? t.note,
    };
    return [
      {
        type: 'ticket.transferred',
        at: ctx.now,
        data: { ticket: moved, counter: release(state, t, ctx.now), fromServiceId: t.serviceId, fromCounterId: t.counterId },
      },
    ];
  },

  'ticket/cancel'(state, cmd, ctx) {
    const t = ticket(state, cmd.ticketId, ['waiting', 'called', 'serving', 'no_show'], 'cancelled', ctx);
    const cancelled: Ticket = { ...t, status: 'cancelled', finishedAt: ctx.now };
    return [{ type: 'ticket.cancelled', at: ctx.now, data: { ticket: cancelled, counter: release(state, t, ctx.now) } }];
  },

  'counter/open'(state, cmd, ctx) {
    const c = workingCounter(state, cmd.counterId);
    if (c.state === 'open') return [];
    return [{ type: 'counter.opened', at: ctx.now, data: { counter: { ...c, state: 'open', pauseReason: null, changedAt: ctx.now } } }];
  },

  'counter/pause'(state, cmd, ctx) {
    const c = workingCounter(state, cmd.counterId);
    if (c.state === 'closed') throw new QmsError('QMS_ERR_COUNTER_CLOSED', { counter: c.number });
    const current = busyWith(state, c);
    if (current) throw new QmsError('QMS_ERR_COUNTER_BUSY', { counter: c.number, ticket: current.code });
    if (c.state === 'paused' && c.pauseReason === cmd.reason) return [];
    return [{ type: 'counter.paused', at: ctx.now, data: { counter: { ...c, state: 'paused', pauseReason: cmd.reason, changedAt: ctx.now } } }];
  },

  'counter/resume'(state, cmd, ctx) {
    const c = workingCounter(state, cmd.counterId);
    if (c.state === 'closed') throw new QmsError('QMS_ERR_COUNTER_CLOSED', { counter: c.number });
    if (c.state === 'open') return [];
    return [{ type: 'counter.resumed', at: ctx.now, data: { counter: { ...c, state: 'open', pauseReason: null, changedAt: ctx.now } } }];
  },

  'counter/close'(state, cmd, ctx) {
    const c = workingCounter(state, cmd.counterId);
    const current = busyWith(state, c);
    if (current) throw new QmsError('QMS_ERR_COUNTER_BUSY', { counter: c.number, ticket: current.code });
    if (c.state === 'closed') return [];
    return [{ type: 'counter.closed', at: ctx.now, data: { counter: { ...c, state: 'closed', pauseReason: null, changedAt: ctx.now } } }];
  },

  'service/open'(state, cmd, ctx) {
    const s = serviceOfTheDay(state, cmd.serviceId);
    return s.open ? [] : [{ type: 'service.opened', at: ctx.now, data: { service: { ...s, open: true } } }];
  },

  'service/close'(state, cmd, ctx) {
    const s = serviceOfTheDay(state, cmd.serviceId);
    return s.open ? [{ type: 'service.closed', at: ctx.now, data: { service: { ...s, open: false } } }] : [];
  },
};

const allHandlers = { ...handlers, ...setupHandlers } as Record<AnyCommand['type'], (state: QueueState, cmd: AnyCommand, ctx: DecideContext) => QueueEvent[]>;

/** The events that start a new office day, when `now` is past the state's day; none otherwise. */
export function rollover(state: QueueState, now: number): QueueEvent[] {
  const day = officeDayOf(now, state.settings.timeZone);
  if (day === state.officeDay) return [];
  const expiredTicketIds = Object.values(state.tickets)
    .filter((t) => activeStatuses.has(t.status))
    .map((t) => t.id);
  return [{ type: 'day.started', at: now, data: { officeDay: day, expiredTicketIds } }];
}

/**
 * Decides what a command does to the queue: the events to record, or a QmsError. Pure: the time, ids and
 * actor come in through ctx, and the given state is never changed. A command that arrives on a new office
 * day first starts that day.
 */
export function decide(state: QueueState, command: AnyCommand, ctx: DecideContext): QueueEvent[] {
  const dayEvents = rollover(state, ctx.now);
  const base = dayEvents.length > 0 ? startDay(state, (dayEvents[0] as { data: { officeDay: string } }).data.officeDay) : state;
  return [...dayEvents, ...allHandlers[command.type](base, command, ctx)];
}
