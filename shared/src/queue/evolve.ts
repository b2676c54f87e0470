import type { QueueEvent } from './events';
import type { QueueState, Ticket } from './types';
import { activeStatuses } from './types';

function putTicket(state: QueueState, t: Ticket): void {
  const old = state.tickets[t.id];
  if (old?.status === 'waiting') state.waitingCount[old.serviceId] = (state.waitingCount[old.serviceId] ?? 1) - 1;
  if (t.status === 'waiting') state.waitingCount[t.serviceId] = (state.waitingCount[t.serviceId] ?? 0) + 1;
  if (activeStatuses.has(t.status)) state.tickets[t.id] = t;
  else delete state.tickets[t.id];
}

/** A new office day: yesterday's tickets leave the queue, numbers start again, counters keep their state. */
export function startDay(state: QueueState, officeDay: string): QueueState {
  const counters = Object.fromEntries(
    Object.entries(state.counters).map(([id, c]) => [id, { ...c, currentTicketId: null, streak: { kind: null, count: 0 } }]),
  );
  return { ...state, officeDay, tickets: {}, numbering: {}, waitingCount: {}, counters };
}

/**
 * Applies one event to the state in place and returns it. The state can be large (a whole day of tickets),
 * so it is not copied per event; `decide` never mutates, so it can still be checked against any state.
 */
export function evolve(state: QueueState, event: QueueEvent): QueueState {
  switch (event.type) {
    case 'day.started':
      return Object.assign(state, startDay(state, event.data.officeDay));
    case 'service.opened':
    case 'service.closed':
    case 'service.saved':
    case 'service.retired':
      state.services[event.data.service.id] = event.data.service;
      return state;
    case 'office.updated':
      state.settings = event.data.settings;
      return state;
    case 'ticket.issued': {
      const t = event.data.ticket;
      const n = (state.numbering[t.originServiceId] ??= { last: 0, issued: 0, taken: new Set() });
      n.last = t.number;
      n.issued += 1;
      n.taken.add(t.number);
      break;
    }
    default:
      break;
  }
  const data = event.data as { ticket?: Ticket; counter?: QueueState['counters'][string] | null };
  if (data.ticket) putTicket(state, data.ticket);
  if (data.counter) state.counters[data.counter.id] = data.counter;
  return state;
}

export const evolveAll = (state: QueueState, events: readonly QueueEvent[]): QueueState => events.reduce(evolve, state);
