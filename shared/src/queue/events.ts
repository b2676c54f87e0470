import type { Counter, Service, Ticket } from './types';

/**
 * Events carry the full resulting record, so applying one needs no other knowledge, and the event log
 * alone tells every ticket's story for reports and for replay to a reconnecting client.
 */
export interface EventMap {
  'day.started': { officeDay: string; expiredTicketIds: string[] };
  'ticket.issued': { ticket: Ticket };
  'ticket.called': { ticket: Ticket; counter: Counter };
  'ticket.recalled': { ticket: Ticket };
  'ticket.started': { ticket: Ticket };
  'ticket.finished': { ticket: Ticket; counter: Counter };
  'ticket.no-show': { ticket: Ticket; counter: Counter };
  'ticket.reactivated': { ticket: Ticket };
  'ticket.transferred': { ticket: Ticket; counter: Counter | null; fromServiceId: string; fromCounterId: string | null };
  'ticket.cancelled': { ticket: Ticket; counter: Counter | null };
  'counter.opened': { counter: Counter };
  'counter.paused': { counter: Counter };
  'counter.resumed': { counter: Counter };
  'counter.closed': { counter: Counter };
  'service.opened': { service: Service };
  'service.closed': { service: Service };
}

export type EventType = keyof EventMap;
export type QueueEvent = { [K in EventType]: { type: K; at: number; data: EventMap[K] } }[EventType];
export type EventOf<K extends EventType> = { type: K; at: number; data: EventMap[K] };

export const eventTypes = [
  'day.started',
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.finished',
  'ticket.no-show',
  'ticket.reactivated',
  'ticket.transferred',
  'ticket.cancelled',
  'counter.opened',
  'counter.paused',
  'counter.resumed',
  'counter.closed',
  'service.opened',
  'service.closed',
] as const satisfies readonly EventType[];
