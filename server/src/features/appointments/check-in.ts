import type { Command, QueueState } from '@qms/shared';
import { localParts, QmsError } from '@qms/shared';
import type { Appointment, AppointmentSettings } from './appointments.repository';

const hhmm = (ms: number, tz: string) => {
  const p = localParts(ms, tz);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

export type CheckInPlan = { kind: 'already'; ticketId: string } | { kind: 'appointment' | 'late'; command: Extract<Command, { type: 'ticket/issue' }> };

/**
 * What checking in means now for a booked appointment: its ticket (called at the slot), a walk-in ticket when
 * the citizen is later than the office accepts, the ticket it already has, or a refusal that says when to
 * come back.
 */
export function planCheckIn(a: Appointment, settings: AppointmentSettings, state: QueueState, now: number, lang = 'ro'): CheckInPlan {
  if (a.status !== 'booked') throw new QmsError('QMS_ERR_APPOINTMENT_CANCELLED', { ref: a.ref });
  if (a.checkedInAt !== null && a.ticketId) return { kind: 'already', ticketId: a.ticketId };
  const tz = state.settings.timeZone;
  const opens = a.slotAt - settings.checkInEarlyMinutes * 60_000;
  if (now < opens) {
    throw new QmsError('QMS_ERR_CHECKIN_TOO_EARLY', { slot: hhmm(a.slotAt, tz), opens: hhmm(opens, tz) }, { opensAt: new Date(opens).toISOString(), slotAt: new Date(a.slotAt).toISOString() });
  }
  if (now > a.slotAt + settings.checkInLateMinutes * 60_000) {
    return { kind: 'late', command: { type: 'ticket/issue', serviceId: a.serviceId, priority: null, lang } };
  }
  return { kind: 'appointment', command: { type: 'ticket/issue', serviceId: a.serviceId, priority: null, lang, appointment: { ref: a.ref, slotAt: a.slotAt } } };
}
