import type { QueueState, Ticket } from '@qms/shared';
import { isOpenAt, toCounterDto, toTicketDto } from '@qms/shared';

/** Why a service issues no tickets now, as an error code the kiosk can translate; null when it does. */
export function issuingBlock(state: QueueState, serviceId: string, now: number): string | null {
  const s = state.services[serviceId];
  if (!s) return 'QMS_ERR_SERVICE_NOT_FOUND';
  if (!isOpenAt(state.settings.openingHours, now, state.settings.timeZone)) return 'QMS_ERR_OFFICE_CLOSED';
  if (!s.open) return 'QMS_ERR_SERVICE_CLOSED';
  if (s.dailyCapacity !== null && (state.numbering[s.id]?.issued ?? 0) >= s.dailyCapacity) return 'QMS_ERR_CAPACITY_REACHED';
  return null;
}

/** Counters that are open or paused (coming back) and serve the service. */
function staffedCounters(state: QueueState, serviceId: string): number {
  return Object.values(state.counters).filter((c) => c.state !== 'closed' && c.services.some((s) => s.serviceId === serviceId)).length;
}

/**
 * The kiosk's estimate for a ticket taken now: the people waiting times the service's expected minutes per
 * citizen, shared among the counters that serve it.
 */
export function estimateNew(state: QueueState, serviceId: string, waitingAhead = state.waitingCount[serviceId] ?? 0): { ahead: number; etaMinutes: number } {
  const ahead = Math.max(0, waitingAhead);
  const service = state.services[serviceId];
  const counters = Math.max(1, staffedCounters(state, serviceId));
  return { ahead, etaMinutes: Math.ceil((ahead * (service?.avgServiceMinutes ?? 5)) / counters) };
}

/** The same for a ticket just issued (it is itself among the waiting). */
export function estimate(state: QueueState, ticket: Ticket): { ahead: number; etaMinutes: number } {
  return estimateNew(state, ticket.serviceId, (state.waitingCount[ticket.serviceId] ?? 0) - (ticket.status === 'waiting' ? 1 : 0));
}

export function servicesView(state: QueueState, now: number) {
  const oldest = new Map<string, number>();
  for (const t of Object.values(state.tickets)) {
    if (t.status === 'waiting' && t.queuedAt < (oldest.get(t.serviceId) ?? Infinity)) oldest.set(t.serviceId, t.queuedAt);
  }
  return Object.values(state.services)
    .sort((a, b) => a.kioskOrder - b.kioskOrder)
    .map((s) => {
      const block = issuingBlock(state, s.id, now);
      const since = oldest.get(s.id);
      return {
        ...s,
        waiting: state.waitingCount[s.id] ?? 0,
        longestWaitSeconds: since === undefined ? 0 : Math.floor((now - since) / 1000),
        issuedToday: state.numbering[s.id]?.issued ?? 0,
        issuing: block === null,
        notIssuingReason: block,
      };
    });
}

export function countersView(state: QueueState) {
  return Object.values(state.counters)
    .sort((a, b) => a.number - b.number)
    .map((c) => {
      const current = c.currentTicketId ? state.tickets[c.currentTicketId] : undefined;
      return { ...toCounterDto(c), current: current ? toTicketDto(current) : null };
    });
}

/** The whole queue at one instant: what GET /api/queue returns and a WebSocket client gets on connect. */
export function snapshot(state: QueueState, now: number, seq: number) {
  const active = Object.values(state.tickets).sort((a, b) => a.queuedAt - b.queuedAt);
  return {
    seq,
    at: new Date(now).toISOString(),
    officeDay: state.officeDay,
    office: { name: state.settings.name, timeZone: state.settings.timeZone },
    services: servicesView(state, now),
    counters: countersView(state),
    tickets: active.map(toTicketDto),
  };
}

/** Whether waiting ticket `a` is called before `b` of the same service: front first, then priority, then earlier. */
function before(a: Ticket, b: Ticket): boolean {
  if (a.front !== b.front) return a.front;
  if ((a.priority !== null) !== (b.priority !== null)) return a.priority !== null;
  return a.queuedAt < b.queuedAt || (a.queuedAt === b.queuedAt && a.number < b.number);
}

/**
 * People ahead of one waiting ticket in its own service, and its estimated wait: what the citizen's phone
 * shows. (The kiosk's `estimate` counts the whole queue, which is right only for the newest ticket.)
 */
export function positionOf(state: QueueState, ticket: Ticket): { ahead: number; etaMinutes: number } {
  if (ticket.status !== 'waiting') return { ahead: 0, etaMinutes: 0 };
  let ahead = 0;
  for (const t of Object.values(state.tickets)) {
    if (t.status === 'waiting' && t.serviceId === ticket.serviceId && t.id !== ticket.id && before(t, ticket)) ahead++;
  }
  return estimateNew(state, ticket.serviceId, ahead);
}
