/**
 * Where appointments come from: the office's online booking system, a feed, or a file a manager uploads.
 * Every source gives the same normalised records; a record it cannot read is reported with the reason and
 * does not stop the others.
 */

/** One appointment as the queue needs it, and no more (privacy: name, slot, service, reference). */
export interface ExternalAppointment {
  /** The booking system's own id: with the source's id, the key a later sync updates by. */
  externalId: string;
  /** What the citizen holds (printed or in the confirmation's QR code): typed or scanned at the kiosk. */
  ref: string;
  /** Epoch milliseconds. */
  start: number;
  end: number | null;
  /** The citizen's name as booked; shown to the clerk only. */
  name: string;
  /** The booking system's service id or name, mapped to a queue service by the office's mapping. */
  externalService: string;
  status: 'booked' | 'cancelled';
  /** ICS SEQUENCE or the like: a lower one never overwrites a higher one. */
  sequence: number;
}

export interface RecordProblem {
  /** Which record: its id if it had one, else its position ("#3" or "line 7"). */
  record: string;
  /** In plain words, for a manager: "no start time", "start '2026-13-01 10:00' is not a date". */
  reason: string;
}

export interface FetchResult {
  appointments: ExternalAppointment[];
  problems: RecordProblem[];
}

/** A source that cannot be read at all (unreachable, refused, not the expected format). */
export class SourceError extends Error {
  constructor(
    readonly code: 'SOURCE_UNREACHABLE' | 'SOURCE_REFUSED' | 'SOURCE_BAD_RESPONSE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SourceError';
  }
}

export interface AppointmentSource {
  /** Appointments whose slot falls on this office day (YYYY-MM-DD, in timeZone). */
  fetchDay(day: string, timeZone: string): Promise<FetchResult>;
}
