import type { OfficeSettings, QueueState, SpecialDay, Ticket } from '@qms/shared';
import { addDays, isActive, isOfficeOpenAt, officeDayOf, specialDayOn, toCounterDto, toTicketDto, type WaitEstimate, type WaitEstimator } from '@qms/shared';

/** How many days ahead the kiosk and the displays announce special days (holidays, special openings). */
const UPCOMING_DAYS = 14;

/**
 * The office as the kiosk and the hall displays show it: open now or not, the weekly hours, today's special
 * day if today is one, and the special days of the next two weeks.
 */
export function officeToday(settings: OfficeSettings, now: number) {
  const today = officeDayOf(now, settings.timeZone);
  const last = addDays(today, UPCOMING_DAYS);
  const upcomingSpecialDays: SpecialDay[] = (settings.specialDays ?? []).filter((d) => d.date > today && d.date <= last);
  return {
    name: settings.name,
    timeZone: settings.timeZone,
    openNow: isOfficeOpenAt(settings, now),
    openingHours: settings.openingHours,
    specialDay: specialDayOn(settings, today),
    upcomingSpecialDays,
  };
}

/** Why a service issues no tickets now, as an error code the kiosk can translate; null when it does. */
export function issuingBlock(state: QueueState, serviceId: string, now: number): string | null {
  const s = state.services[serviceId];
  if (!s) return 'QMS_ERR_SERVICE_NOT_FOUND';
  if (!isOfficeOpenAt(state.settings, now)) return 'QMS_ERR_OFFICE_CLOSED';
  if (!s.open || !isActive(s)) return 'QMS_ERR_SERVICE_CLOSED';
  if (s.dailyCapacity !== null && (state.numbering[s.id]?.issued ?? 0) >= s.dailyCapacity) return 'QMS_ERR_CAPACITY_REACHED';
  return null;
}

/**
 * The estimate for a ticket just taken: everyone waiting in its service is ahead of a normal ticket, the
 * priority ones ahead of a priority ticket. Cheap for normal tickets (a kept count), so issuing stays fast
 * however long the queue.
 */
export function estimate(state: QueueState, est: WaitEstimator, ticket: Ticket, now: number): WaitEstimate {
  if (ticket.status !== 'waiting') return { ahead: 0, etaMinutes: 0 };
  if (ticket.priority !== null || ticket.front) return positionOf(state, est, ticket, now);
  const ahead = Math.max(0, (state.waitingCount[ticket.serviceId] ?? 0) - 1);
  return est.forTicket(state, ticket, ahead, now);
}

/**
 * The services as the queue's clients see them. A retired service is left out, unless tickets of it are
 * still in play today (its last ones, still called): the counters then still need its name.
 */
export function servicesView(state: QueueState, now: number) {
  const oldest = new Map<string, number>();
  const inPlay = new Set<string>();
  for (const t of Object.values(state.tickets)) {
    inPlay.add(t.serviceId);
    if (t.status === 'waiting' && t.queuedAt < (oldest.get(t.serviceId) ?? Infinity)) oldest.set(t.serviceId, t.queuedAt);
  }
  return Object.values(state.services)
    .filter((s) => isActive(s) || inPlay.has(s.id))
    .sort((a, b) => a.kioskOrder - b.kioskOrder)
    .map((s) => {
      const block = issuingBlock(state, s.id, now);
      const since = oldest.get(s.id);
      return {
        ...s,
        waiting: state.waitingCount[s.id] ?? 0,
        longestWaitSeconds: since === undefined ? 0 : Math.max(0, Math.floor((now - since) / 1000)),
        issuedToday: state.numbering[s.id]?.issued ?? 0,
        issuing: block === null,
        notIssuingReason: block,
      };
    });
}

/** The counters at work (retired ones stay only in the reports). */
export function countersView(state: QueueState) {
  return Object.values(state.counters)
    .filter(isActive)
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
 * shows (front and priority tickets are called first).
 */
export function positionOf(state: QueueState, est: WaitEstimator, ticket: Ticket, now: number): WaitEstimate {
  if (ticket.status !== 'waiting') return { ahead: 0, etaMinutes: 0 };
  let ahead = 0;
  for (const t of Object.values(state.tickets)) {
    if (t.status === 'waiting' && t.serviceId === ticket.serviceId && t.id !== ticket.id && before(t, ticket)) ahead++;
  }
  return est.forTicket(state, ticket, ahead, now);
}
