import type { Counter, Service, Ticket } from '@qms/shared';
import { canServe as coreCanServe } from '@qms/shared/queue/routing';
import type { CounterDto, QueueSnapshot, ServiceDto, TicketDto, WireEvent } from './types';

/**
 * The panel's copy of the queue: the snapshot it started from with every later event applied. Events carry
 * the full resulting records, so applying one needs nothing else.
 */
export interface QueueView {
  seq: number;
  officeDay: string;
  office: { name: string; timeZone: string };
  services: Record<string, ServiceDto>;
  counters: Record<string, CounterDto>;
  /** Tickets in play: waiting, called, serving, no-show. */
  tickets: Record<string, TicketDto>;
}

const inPlay = new Set<TicketDto['status']>(['waiting', 'called', 'serving', 'no_show']);

/** A retired counter or service works no more (it is kept for the reports): true when `active` is false. */
const retired = (x: { active?: boolean }): boolean => x.active === false;

export function fromSnapshot(s: QueueSnapshot): QueueView {
  const counters: Record<string, CounterDto> = {};
  for (const c of s.counters) {
    // A retired counter is not offered to work at: the view leaves it out.
    if (retired(c)) continue;
    const { current: _current, ...counter } = c;
    counters[c.id] = counter;
  }
  return {
    seq: s.seq,
    officeDay: s.officeDay,
    office: s.office,
    services: Object.fromEntries(s.services.map((x) => [x.id, x])),
    counters,
    tickets: Object.fromEntries(s.tickets.filter((t) => inPlay.has(t.status)).map((t) => [t.id, t])),
  };
}

/** The view after one event; the same view when the event is one it already has. */
export function applyEvent(view: QueueView, ev: WireEvent): QueueView {
  if (ev.seq <= view.seq) return view;
  const next: QueueView = { ...view, seq: ev.seq };
  const data = ev.data as { ticket?: TicketDto; counter?: CounterDto | null };
  if (data.ticket) {
    const tickets = { ...view.tickets };
    if (inPlay.has(data.ticket.status)) tickets[data.ticket.id] = data.ticket;
    else delete tickets[data.ticket.id];
    next.tickets = tickets;
  }
  if (data.counter) next.counters = { ...view.counters, [data.counter.id]: data.counter };
  if (ev.type === 'service.opened' || ev.type === 'service.closed' || ev.type === 'service.saved' || ev.type === 'service.retired') {
    const s = ev.data.service;
    next.services = { ...view.services, [s.id]: { ...newService(s), ...view.services[s.id], ...s } };
  }
  if (ev.type === 'office.updated') next.office = { name: ev.data.settings.name, timeZone: ev.data.settings.timeZone };
  // A retired counter leaves the view: the clerk working at it chooses again.
  if (ev.type === 'counter.retired' || (ev.type === 'counter.saved' && retired(ev.data.counter))) {
    const counters = { ...next.counters };
    delete counters[ev.data.counter.id];
    next.counters = counters;
  }
  if (ev.type === 'day.started') {
    const tickets = { ...next.tickets };
    for (const id of ev.data.expiredTicketIds) delete tickets[id];
    next.tickets = tickets;
    next.officeDay = ev.data.officeDay;
  }
  return next;
}

/** A service the view has not seen yet: nothing issued or waiting. */
function newService(s: Service): ServiceDto {
  const issuing = s.open && s.active !== false;
  return { ...s, waiting: 0, longestWaitSeconds: 0, issuedToday: 0, issuing, notIssuingReason: issuing ? null : 'QMS_ERR_SERVICE_CLOSED' };
}

const ms = (iso: string): number => Date.parse(iso);

/**
 * The core's rule for whether a counter may call a waiting ticket. It reads only ids, status and the
 * counter's services, which the wire form carries unchanged.
 */
export function canServe(counter: CounterDto, ticket: TicketDto): boolean {
  return coreCanServe(counter as unknown as Counter, ticket as unknown as Ticket);
}

/**
 * Tickets this counter may call, roughly in the order call-next takes them: checked-in appointments,
 * transfers to this counter, priority before normal, the counter's service order, front-placed, longest
 * wait. (The server decides; it also interleaves priority and normal tickets and weighs services.)
 */
export function waitingFor(view: QueueView, counterId: string): TicketDto[] {
  const counter = view.counters[counterId];
  if (!counter) return [];
  const order = new Map(counter.services.map((s) => [s.serviceId, s.order]));
  const rank = (t: TicketDto): number => (t.appointment?.checkedInAt ? 0 : t.targetCounterId === counterId ? 1 : 2);
  return Object.values(view.tickets)
    .filter((t) => canServe(counter, t))
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        Number(b.priority !== null) - Number(a.priority !== null) ||
        (order.get(a.serviceId) ?? 99) - (order.get(b.serviceId) ?? 99) ||
        Number(b.front) - Number(a.front) ||
        ms(a.queuedAt) - ms(b.queuedAt),
    );
}

export interface ServiceLoad {
  service: ServiceDto;
  waiting: number;
  /** When the longest-waiting ticket of the service joined the queue; null when nobody waits. */
  oldestQueuedAt: number | null;
}

/** The services a counter serves, in its order, with the waiting count and the longest wait of each. */
export function servicesOf(view: QueueView, counterId: string): ServiceLoad[] {
  const counter = view.counters[counterId];
  if (!counter) return [];
  const load = new Map<string, { waiting: number; oldest: number | null }>();
  for (const t of Object.values(view.tickets)) {
    if (t.status !== 'waiting') continue;
    const l = load.get(t.serviceId) ?? { waiting: 0, oldest: null };
    l.waiting++;
    const q = ms(t.queuedAt);
    if (l.oldest === null || q < l.oldest) l.oldest = q;
    load.set(t.serviceId, l);
  }
  return [...counter.services]
    .sort((a, b) => a.order - b.order)
    .flatMap((cs) => {
      const service = view.services[cs.serviceId];
      const l = load.get(cs.serviceId);
      // A retired service stays in the list while its last tickets wait to be called.
      if (!service || (retired(service) && !l)) return [];
      return [{ service, waiting: l?.waiting ?? 0, oldestQueuedAt: l?.oldest ?? null }];
    });
}

/** The ticket at a counter now (called or being served), if any. */
export function currentAt(view: QueueView, counterId: string): TicketDto | null {
  const id = view.counters[counterId]?.currentTicketId;
  return id ? (view.tickets[id] ?? null) : null;
}

/** This counter's recent no-shows, newest first: the citizen may still turn up. */
export function noShowsOf(view: QueueView, counterId: string): TicketDto[] {
  return Object.values(view.tickets)
    .filter((t) => t.status === 'no_show' && t.counterId === counterId)
    .sort((a, b) => ms(b.noShowAt ?? b.queuedAt) - ms(a.noShowAt ?? a.queuedAt));
}

/** A ticket in play by its printed code (case and spaces ignored). */
export function findByCode(view: QueueView, code: string): TicketDto | null {
  const wanted = code.replace(/\s+/g, '').toUpperCase();
  if (!wanted) return null;
  return Object.values(view.tickets).find((t) => t.code.toUpperCase() === wanted) ?? null;
}

export function countersSorted(view: QueueView): CounterDto[] {
  return Object.values(view.counters).sort((a, b) => a.number - b.number);
}

/** The services in use (retired ones left out), in kiosk order: what a ticket can be sent to. */
export function servicesSorted(view: QueueView): ServiceDto[] {
  return Object.values(view.services)
    .filter((s) => !retired(s))
    .sort((a, b) => a.kioskOrder - b.kioskOrder);
}
