import { ApiClient, ApiError, NETWORK_ERROR } from '@qms/shared/web/api';

/**
 * What the panel asks of the server about appointments: the day's list, checking a citizen in, how the
 * sync with the booking system goes, a CSV upload (managers and admins), and the citizen behind a ticket
 * (any clerk calling it).
 */

/** booked: expected; cancelled: cancelled by the citizen; gone: the booking system no longer lists it that day (moved). */
export type AppointmentStatus = 'booked' | 'cancelled' | 'gone';

export interface Appointment {
  id: string;
  source: string;
  ref: string;
  officeDay: string;
  slotAt: string;
  endAt: string | null;
  serviceId: string;
  /** null once erased (after the retention days). */
  name: string | null;
  status: AppointmentStatus;
  checkedInAt: string | null;
  ticket: { id: string; code: string; status: string } | null;
}

/** A check-in from the list; `late`: past the slot's tolerance, so the ticket is a regular one. */
export interface CheckedIn extends Appointment {
  late: boolean;
}

/** A record a source or a file had that could not be taken, and why (the server's words, in English). */
export interface RecordProblem {
  record: string;
  reason: string;
}

export interface SyncRun {
  source: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  imported: number;
  updated: number;
  cancelled: number;
  problems: RecordProblem[];
  /** Why the source could not be read at all. */
  error: string | null;
}

export interface SourceStatus {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  lastSuccessAt: string | null;
  lastRun: SyncRun | null;
  /** Set while the source is failing: when it is tried again. */
  nextAttemptAt: string | null;
}

export interface SyncStatus {
  today: { day: string; booked: number; checkedIn: number };
  sources: SourceStatus[];
}

export interface ImportResult {
  imported: number;
  updated: number;
  cancelled: number;
  problems: RecordProblem[];
}

/** The appointment behind a ticket, for the clerk calling it. */
export interface TicketAppointment {
  ref: string;
  name: string | null;
  slotAt: string;
  serviceId: string;
}

export class AppointmentsApi extends ApiClient {
  constructor(
    private readonly root = '',
    private readonly send: typeof fetch = (...args) => fetch(...args),
  ) {
    super({ base: root, fetchFn: send, timeoutMs: 30_000 });
  }

  /** A day's appointments (the office's today without `day`), matching a name or reference when `q` is given. */
  list(day: string | null, q: string): Promise<Appointment[]> {
    const params = new URLSearchParams();
    if (day) params.set('day', day);
    if (q.trim()) params.set('q', q.trim());
    const query = params.toString();
    return this.request('GET', `/api/appointments${query ? `?${query}` : ''}`);
  }

  checkIn(id: string): Promise<CheckedIn> {
    return this.request('POST', `/api/appointments/${encodeURIComponent(id)}/check-in`);
  }

  status(): Promise<SyncStatus> {
    return this.request('GET', '/api/appointments/status');
  }

  /** Waits for every source to answer or give up (each has its own time limit on the server). */
  syncNow(): Promise<{ runs: SyncRun[] }> {
    return this.request('POST', '/api/appointments/sync', undefined, { timeoutMs: 180_000 });
  }

  forTicket(ticketId: string): Promise<TicketAppointment> {
    return this.request('GET', `/api/appointments/for-ticket/${encodeURIComponent(ticketId)}`);
  }

  /** The file as it is, as the body: the server reads the CSV (UTF-8, with or without a byte order mark). */
  async importCsv(file: Blob): Promise<ImportResult> {
    let res: Response;
    try {
      res = await this.send(`${this.root}/api/appointments/import`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'text/csv; charset=utf-8' },
        body: file,
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, NETWORK_ERROR, 'No answer from the server');
    }
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (res.ok && body) return body as unknown as ImportResult;
    throw new ApiError(
      res.status,
      typeof body?.code === 'string' ? body.code : `HTTP_${res.status}`,
      typeof body?.message === 'string' ? body.message : res.statusText,
      body ?? {},
    );
  }
}

/** The panel's one client for appointments (same origin: the session cookie goes along). */
export const appointmentsApi = new AppointmentsApi();
