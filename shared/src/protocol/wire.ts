import type { EventMap, EventType, QueueEvent } from '../queue/events';
import type { Counter, Service, Ticket } from '../queue/types';

/** What clients see of a ticket: the core's record with instants as ISO 8601 strings. */
export type TicketDto = Omit<Ticket, 'issuedAt' | 'queuedAt' | 'calledAt' | 'firstCalledAt' | 'servedBy' | 'startedAt' | 'finishedAt' | 'noShowAt' | 'appointment'> & {
  issuedAt: string;
  queuedAt: string;
  calledAt: string | null;
  firstCalledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  noShowAt: string | null;
  appointment: { ref: string; slotAt: string; checkedInAt: string | null } | null;
};

export type CounterDto = Omit<Counter, 'changedAt' | 'streak'> & { changedAt: string };

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** Clients see tickets without the staff member who called them (that is for managers' reports). */
export function toTicketDto(t: Ticket): TicketDto {
  const { servedBy: _servedBy, ...rest } = t;
  return {
    ...rest,
    issuedAt: iso(t.issuedAt),
    queuedAt: iso(t.queuedAt),
    calledAt: isoOrNull(t.calledAt),
    firstCalledAt: isoOrNull(t.firstCalledAt),
    startedAt: isoOrNull(t.startedAt),
    finishedAt: isoOrNull(t.finishedAt),
    noShowAt: isoOrNull(t.noShowAt),
    appointment: t.appointment
      ? { ref: t.appointment.ref, slotAt: iso(t.appointment.slotAt), checkedInAt: isoOrNull(t.appointment.checkedInAt) }
      : null,
  };
}

export function toCounterDto(c: Counter): CounterDto {
  const { streak: _streak, changedAt, ...rest } = c;
  return { ...rest, changedAt: iso(changedAt) };
}

type Wired<T> = {
  [K in keyof T]: T[K] extends Ticket ? TicketDto : T[K] extends Counter ? CounterDto : T[K] extends Counter | null ? CounterDto | null : T[K];
};

export type WireEventData = { [K in EventType]: Wired<EventMap[K]> };

/** The envelope every pushed event travels in. */
export type WireEvent = { [K in EventType]: { seq: number; type: K; at: string; data: WireEventData[K] } }[EventType];

export function toWireEvent(seq: number, event: QueueEvent): WireEvent {
  const data: Record<string, unknown> = { ...event.data };
  if ('ticket' in event.data) data.ticket = toTicketDto(event.data.ticket);
  if ('counter' in event.data) data.counter = event.data.counter ? toCounterDto(event.data.counter) : null;
  return { seq, type: event.type, at: iso(event.at), data } as WireEvent;
}

/** Topics an event is pushed on; a client subscribes to the ones it needs. */
export function topicsOf(event: QueueEvent): string[] {
  const topics = ['queue'];
  const d = event.data as { ticket?: Ticket; counter?: Counter | null; service?: Service; fromCounterId?: string | null };
  if (d.ticket) topics.push(`ticket:${d.ticket.id}`, `service:${d.ticket.serviceId}`);
  if (d.ticket?.counterId) topics.push(`counter:${d.ticket.counterId}`);
  if (d.ticket?.targetCounterId) topics.push(`counter:${d.ticket.targetCounterId}`);
  if (d.counter) topics.push(`counter:${d.counter.id}`);
  if (d.fromCounterId) topics.push(`counter:${d.fromCounterId}`);
  if (d.service) topics.push(`service:${d.service.id}`);
  return [...new Set(topics)];
}
