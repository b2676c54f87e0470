import type { QueueState, Ticket } from './types';

/** How far back calls count for the observed pace of a service. */
export const PACE_WINDOW_MS = 45 * 60_000;
/** Calls in the window before the observed pace is trusted at all. */
const MIN_CALLS = 4;
/** A counter helps a service that is not its first only when its first is empty: a share of its time. */
const LOWER_ORDER_SHARE = 0.35;

export interface WaitEstimate {
  ahead: number;
  etaMinutes: number;
}

/**
 * Wait estimates from how the office is really moving. The naive estimate (people ahead × expected
 * minutes per citizen ÷ counters) misses what decides a wait: counters serve their first service before
 * the others, they pause, priority tickets go first, and real service times are not the configured ones.
 * So each service's pace (tickets called per minute) is observed from the calls of the last 45 minutes,
 * blended with the pace the counters serving it could give, and the wait is the people ahead over that pace.
 */
export class WaitEstimator {
  /** Call instants per service, oldest first, within the window. */
  private readonly calls = new Map<string, number[]>();

  /** A ticket of this service was called at `at` (recalls are not new calls). */
  called(serviceId: string, at: number): void {
    let list = this.calls.get(serviceId);
    if (!list) this.calls.set(serviceId, (list = []));
    list.push(at);
    this.trim(list, at);
  }

  /** A new office day starts from the configured times again. */
  reset(): void {
    this.calls.clear();
  }

  /** Tickets per minute the counters serving a service could call, from its expected minutes per citizen. */
  modelPace(state: QueueState, serviceId: string): number {
    const service = state.services[serviceId];
    const minutes = Math.max(0.5, service?.avgServiceMinutes ?? 5);
    let capacity = 0;
    for (const c of Object.values(state.counters)) {
      if (c.state === 'closed') continue;
      const own = c.services.find((s) => s.serviceId === serviceId);
      if (!own) continue;
      const first = Math.min(...c.services.map((s) => s.order));
      // A paused counter is coming back; it counts for less.
      capacity += (own.order === first ? 1 : LOWER_ORDER_SHARE) * (c.state === 'paused' ? 0.5 : 1);
    }
    return capacity / minutes;
  }

  /** Tickets per minute the service was really called at lately, or null while there is too little to go on. */
  observedPace(serviceId: string, now: number): number | null {
    const list = this.calls.get(serviceId);
    if (!list) return null;
    this.trim(list, now);
    if (list.length < MIN_CALLS) return null;
    const span = Math.max(10 * 60_000, Math.min(PACE_WINDOW_MS, now - list[0]!));
    return list.length / (span / 60_000);
  }

  /** Minutes to call `ahead` people of a service. */
  minutesFor(state: QueueState, serviceId: string, ahead: number, now: number): number {
    if (ahead <= 0) return 0;
    const model = this.modelPace(state, serviceId);
    const observed = this.observedPace(serviceId, now);
    // While the queue is short, calls follow arrivals rather than capacity: the observed pace then only
    // bounds the wait from above, so it is trusted as far as it is faster than the model, or when many wait.
    const pace = observed === null ? model : ahead >= 5 ? 0.75 * observed + 0.25 * model : Math.max(observed, model);
    if (pace <= 0) return Math.ceil(ahead * (state.services[serviceId]?.avgServiceMinutes ?? 5));
    return Math.ceil(ahead / pace);
  }

  /** The estimate for a ticket taken now in a service: everyone waiting there is ahead (priority first). */
  forNew(state: QueueState, serviceId: string, now: number, priority = false): WaitEstimate {
    let ahead = state.waitingCount[serviceId] ?? 0;
    if (priority) {
      ahead = 0;
      for (const t of Object.values(state.tickets)) if (t.status === 'waiting' && t.serviceId === serviceId && (t.priority !== null || t.front)) ahead++;
    }
    return { ahead, etaMinutes: this.minutesFor(state, serviceId, ahead, now) };
  }

  /** The estimate for a waiting ticket, from the people really ahead of it. */
  forTicket(state: QueueState, ticket: Ticket, ahead: number, now: number): WaitEstimate {
    return { ahead, etaMinutes: ticket.status === 'waiting' ? this.minutesFor(state, ticket.serviceId, ahead, now) : 0 };
  }

  private trim(list: number[], now: number): void {
    while (list.length > 0 && list[0]! < now - PACE_WINDOW_MS) list.shift();
  }
}
