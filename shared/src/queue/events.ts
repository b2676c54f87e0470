import type { RetireChoice } from './commands';
import type { Counter, OfficeSettings, Service, Ticket } from './types';

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
  'office.updated': { settings: OfficeSettings };
  /** A service created, changed or restored. */
  'service.saved': { service: Service };
  /**
   * A service retired. Its waiting tickets, when moved to another service, each come in a
   * 'ticket.transferred' event of the same command; `transferred` counts them.
   */
  'service.retired': { service: Service; waiting: RetireChoice | null; toServiceId: string | null; transferred: number };
  /** A counter created or changed. */
  'counter.saved': { counter: Counter };
  /** A counter retired; tickets that were sent to it go back to their service's queue ('ticket.transferred'). */
  'counter.retired': { counter: Counter };
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
  'office.updated',
  'service.saved',
  'service.retired',
  'counter.saved',
  'counter.retired',
] as const satisfies readonly EventType[];
