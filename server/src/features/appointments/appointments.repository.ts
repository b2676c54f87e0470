import { QmsError } from '@qms/shared';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open';
import { appointments, appSettings, syncRuns } from '../../db/schema';
import type { ExternalAppointment, RecordProblem } from './sources/types';

export interface Appointment {
  id: string;
  source: string;
  externalId: string;
  ref: string;
  officeDay: string;
  slotAt: number;
  endAt: number | null;
  serviceId: string;
  name: string | null;
  status: 'booked' | 'cancelled' | 'gone';
  sequence: number;
  checkedInAt: number | null;
  ticketId: string | null;
  updatedAt: number;
}

export interface SourceConfig {
  /** Short id, the key of its appointments: 'programari', 'ics-casatorii'. */
  id: string;
  name: string;
  kind: 'easyappointments' | 'json' | 'ics';
  /** The source's own options (URL, credentials, field mapping), as sourceFromConfig reads them. */
  options: Record<string, unknown>;
  /** The booking system's service id or name -> the queue's service id. */
  serviceMap: Record<string, string>;
  enabled: boolean;
}

export interface AppointmentSettings {
  sources: SourceConfig[];
  /** Local time of the morning sync. */
  dailyAt: string;
  /** During opening hours, sync again this often. */
  refreshMinutes: number;
  /** Names are erased this many days after the appointment. */
  retentionDays: number;
  /** A check-in is accepted from this long before the slot ... */
  checkInEarlyMinutes: number;
  /** ... and up to this long after it; later, the citizen gets a walk-in ticket. */
  checkInLateMinutes: number;
}

export const defaultAppointmentSettings: AppointmentSettings = {
  sources: [],
  dailyAt: '06:30',
  refreshMinutes: 10,
  retentionDays: 30,
  checkInEarlyMinutes: 60,
  checkInLateMinutes: 15,
};

export interface SyncOutcome {
  imported: number;
  updated: number;
  cancelled: number;
  problems: RecordProblem[];
}

export interface SyncRun extends SyncOutcome {
  id: number;
  source: string;
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  error: string | null;
}

const toAppointment = (r: typeof appointments.$inferSelect): Appointment => ({ ...r, status: r.status as Appointment['status'] });

/** Booking references are typed on a keypad or scanned: compared on their letters and digits only, whatever the case. */
export const normalRef = (ref: string): string => ref.replace(/[^A-Za-z0-9]/g, '').toUpperCase();

export class AppointmentsRepository {
  constructor(private readonly db: Db) {}

  settings(): AppointmentSettings {
    const r = this.db.select().from(appSettings).where(eq(appSettings.name, 'appointments')).get();
    return { ...defaultAppointmentSettings, ...(r?.value as Partial<AppointmentSettings> | undefined) };
  }

  saveSettings(s: AppointmentSettings): void {
    this.db.insert(appSettings).values({ name: 'appointments', value: s }).onConflictDoUpdate({ target: appSettings.name, set: { value: s } }).run();
  }

  get(id: string): Appointment {
    const r = this.db.select().from(appointments).where(eq(appointments.id, id)).get();
    if (!r) throw new QmsError('QMS_ERR_NOT_FOUND', { detail: `appointment ${id}` });
    return toAppointment(r);
  }

  byTicket(ticketId: string): Appointment | undefined {
    const r = this.db.select().from(appointments).where(eq(appointments.ticketId, ticketId)).get();
    return r ? toAppointment(r) : undefined;
  }

  /** Today's appointment with this reference (any source). */
  byRef(day: string, ref: string): Appointment | undefined {
    const want = normalRef(ref);
    return this.ofDay(day).find((a) => normalRef(a.ref) === want);
  }

  ofDay(day: string): Appointment[] {
    return this.db.select().from(appointments).where(eq(appointments.officeDay, day)).orderBy(appointments.slotAt).all().map(toAppointment);
  }

  /**
   * Takes in what a source says about a day. New bookings are added; known ones follow the source (a new
   * time, a cancellation); one the source no longer lists for that day is marked gone (moved to another
   * day, or deleted). An appointment already checked in keeps its check-in and ticket whatever comes.
   */
  applyDay(source: string, day: string, records: ExternalAppointment[], serviceMap: Record<string, string>, now: number, dayOf: (ms: number) => string): SyncOutcome {
    const out: SyncOutcome = { imported: 0, updated: 0, cancelled: 0, problems: [] };
    const seen = new Set<string>();
    this.db.transaction((tx) => {
      for (const rec of records) {
        const serviceId = serviceMap[rec.externalService];
        if (!serviceId) {
          out.problems.push({ record: rec.externalId, reason: `service '${rec.externalService}' of the booking system is not mapped to a queue service` });
          continue;
        }
        seen.add(rec.externalId);
        const existing = tx.select().from(appointments).where(and(eq(appointments.source, source), eq(appointments.externalId, rec.externalId))).get();
        const status = rec.status;
        const values = { ref: rec.ref, officeDay: dayOf(rec.start), slotAt: rec.start, endAt: rec.end, serviceId, name: rec.name, status, sequence: rec.sequence, updatedAt: now };
        if (!existing) {
          tx.insert(appointments).values({ id: randomUUID(), source, externalId: rec.externalId, checkedInAt: null, ticketId: null, ...values }).run();
          if (status === 'cancelled') out.cancelled++;
          else out.imported++;
          continue;
        }
        if (rec.sequence < existing.sequence) continue;
        const changed = existing.ref !== values.ref || existing.slotAt !== values.slotAt || existing.endAt !== values.endAt || existing.serviceId !== serviceId || existing.name !== values.name || existing.status !== status;
        if (!changed) continue;
        tx.update(appointments).set(values).where(eq(appointments.id, existing.id)).run();
        if (status === 'cancelled' && existing.status !== 'cancelled') out.cancelled++;
        else out.updated++;
      }
      // Listed for this day before, not any more: moved elsewhere or deleted. Checked-in ones stay as they are.
      for (const r of tx.select().from(appointments).where(and(eq(appointments.source, source), eq(appointments.officeDay, day))).all()) {
        if (!seen.has(r.externalId) && r.status === 'booked' && r.checkedInAt === null) {
          tx.update(appointments).set({ status: 'gone', updatedAt: now }).where(eq(appointments.id, r.id)).run();
          out.cancelled++;
        }
      }
    });
    return out;
  }

  checkIn(id: string, ticketId: string, now: number): void {
    this.db.update(appointments).set({ checkedInAt: now, ticketId, updatedAt: now }).where(eq(appointments.id, id)).run();
  }

  /** Erases the names of appointments before a day; returns how many. */
  eraseNamesBefore(day: string): number {
    return this.db
      .update(appointments)
      .set({ name: null })
      .where(and(lt(appointments.officeDay, day), sql`${appointments.name} IS NOT NULL`))
      .run().changes;
  }

  recordRun(run: Omit<SyncRun, 'id'>): SyncRun {
    const r = this.db
      .insert(syncRuns)
      .values({ ...run, problems: run.problems })
      .returning()
      .get();
    return { ...r, problems: r.problems as RecordProblem[] };
  }

  /** The latest runs, newest first. */
  runs(limit = 20): SyncRun[] {
    return this.db
      .select()
      .from(syncRuns)
      .orderBy(desc(syncRuns.id))
      .limit(limit)
      .all()
      .map((r) => ({ ...r, problems: r.problems as RecordProblem[] }));
  }

  lastGoodRun(source: string): SyncRun | undefined {
    const r = this.db.select().from(syncRuns).where(and(eq(syncRuns.source, source), eq(syncRuns.ok, true))).orderBy(desc(syncRuns.id)).limit(1).get();
    return r ? { ...r, problems: r.problems as RecordProblem[] } : undefined;
  }
}
