import type { Counter, OfficeSettings, PoolKind, QueueState, Ticket } from './types';

export type PickReason = 'appointment' | 'transferred' | 'priority' | 'normal';

export interface Pick {
  ticket: Ticket;
  reason: PickReason;
}

const MINUTE = 60_000;

/** A checked-in appointment whose slot has come, inside the tolerance window. */
export function isAppointmentDue(t: Ticket, settings: OfficeSettings, now: number): boolean {
  const a = t.appointment;
  if (!a || a.checkedInAt === null) return false;
  return now >= a.slotAt - settings.appointmentEarlyMinutes * MINUTE && now <= a.slotAt + settings.appointmentLateMinutes * MINUTE;
}

/** Whether this counter may call this waiting ticket at all. */
export function canServe(counter: Counter, t: Ticket): boolean {
  if (t.status !== 'waiting') return false;
  if (t.targetCounterId !== null) return t.targetCounterId === counter.id;
  return counter.services.some((s) => s.serviceId === t.serviceId);
}

const byFrontThenQueued = (a: Ticket, b: Ticket): number =>
  Number(b.front) - Number(a.front) || a.queuedAt - b.queuedAt || a.code.localeCompare(b.code);

/** Which pool the interleaving ratio asks for next, when both have tickets waiting. */
export function nextPool(streak: Counter['streak'], ratio: OfficeSettings['priorityRatio']): PoolKind {
  if (streak.kind === 'priority') return streak.count >= ratio.priority && ratio.normal > 0 ? 'normal' : 'priority';
  if (streak.kind === 'normal') return streak.count >= ratio.normal && ratio.priority > 0 ? 'priority' : 'normal';
  return ratio.priority > 0 ? 'priority' : 'normal';
}

/**
 * The counter's service order and weights, then waiting time: the lowest order group with a ticket wins;
 * inside it the front-placed tickets first, then the longest wait multiplied by the service's weight.
 */
function bestByServicePlan(counter: Counter, pool: Ticket[], now: number): Ticket | undefined {
  const plan = new Map(counter.services.map((s) => [s.serviceId, s]));
  let best: Ticket | undefined;
  let bestKey: [number, number, number, number] | undefined;
  for (const t of pool) {
    const s = plan.get(t.serviceId);
    const order = s?.order ?? Number.MAX_SAFE_INTEGER;
    const score = (now - t.queuedAt + 1) * (s?.weight ?? 1);
    const key: [number, number, number, number] = [order, t.front ? 0 : 1, t.front ? t.queuedAt : -score, t.queuedAt];
    if (!bestKey || compareKeys(key, bestKey) < 0 || (compareKeys(key, bestKey) === 0 && t.code < best!.code)) {
      best = t;
      bestKey = key;
    }
  }
  return best;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Call-next routing, in this order:
 * 1. checked-in appointments whose slot has come (earliest slot first);
 * 2. tickets transferred to this very counter (front ones first, then by time);
 * 3. priority and normal tickets interleaved at the counter's ratio (the office's unless it has its own), so
 *    nobody starves;
 * 4. inside a pool, the counter's service order and weights;
 * 5. longest waiting first.
 */
export function pickNext(state: QueueState, counterId: string, now: number): Pick | null {
  const counter = state.counters[counterId];
  if (!counter) return null;
  const candidates = Object.values(state.tickets).filter((t) => canServe(counter, t));
  if (candidates.length === 0) return null;

  const due = candidates
    .filter((t) => isAppointmentDue(t, state.settings, now))
    .sort((a, b) => a.appointment!.slotAt - b.appointment!.slotAt || a.queuedAt - b.queuedAt);
  if (due[0]) return { ticket: due[0], reason: 'appointment' };

  const transferred = candidates.filter((t) => t.targetCounterId === counterId).sort(byFrontThenQueued);
  if (transferred[0]) return { ticket: transferred[0], reason: 'transferred' };

  const priority = candidates.filter((t) => t.priority !== null);
  const normal = candidates.filter((t) => t.priority === null);
  let kind: PoolKind;
  if (priority.length === 0) kind = 'normal';
  else if (normal.length === 0) kind = 'priority';
  else kind = nextPool(counter.streak, counter.priorityRatio ?? state.settings.priorityRatio);
  const ticket = bestByServicePlan(counter, kind === 'priority' ? priority : normal, now);
  return ticket ? { ticket, reason: kind } : null;
}

/** The counter's interleaving streak after a pick. */
export function advanceStreak(streak: Counter['streak'], reason: PickReason): Counter['streak'] {
  if (reason !== 'priority' && reason !== 'normal') return streak;
  return streak.kind === reason ? { kind: reason, count: streak.count + 1 } : { kind: reason, count: 1 };
}
