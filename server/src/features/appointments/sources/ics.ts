/**
 * An iCalendar (.ics) feed or file: one VEVENT per booking.
 *
 * Conventions (for the office's calendar export):
 * - UID is the booking's id; the reference the citizen holds is X-BOOKING-REF (or X-REF) when present, else the UID.
 * - SUMMARY is the citizen's name; the first CATEGORIES value is the service (empty when there is none, for the
 *   office's mapping to place).
 * - DTSTART/DTEND (or DURATION) with TZID are read through the file's VTIMEZONE; a TZID without one, when it is an
 *   IANA zone ('Europe/Bucharest'), through that zone; 'Z' is UTC; a floating time, or an unknown TZID, is the office's
 *   wall time. A wall time the clocks skip or repeat is read as everywhere else (local-time.ts).
 * - STATUS:CANCELLED, or a calendar sent with METHOD:CANCEL, is a cancellation; SEQUENCE is the revision.
 * - Not bookings, reported as problems: recurring events (RRULE, RDATE or RECURRENCE-ID) and all-day events.
 */
import ICAL from 'ical.js';
import { dateFields, dayOf, localToEpoch, timeFields, wallToEpoch, type OffsetAt } from './local-time';
import { checkHttpUrl, expectOk, httpGet } from './http';
import {
  SourceError,
  type AppointmentSource,
  type ExternalAppointment,
  type FetchResult,
  type RecordProblem,
} from './types';

export type IcsOptions = { url: string; headers?: Record<string, string>; timeoutMs?: number } | { text: string };

export const REF_PROPERTIES = ['x-booking-ref', 'x-ref'];

type Property = InstanceType<typeof ICAL.Property>;
type Component = InstanceType<typeof ICAL.Component>;

const isIanaZone = (tzid: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tzid });
    return true;
  } catch {
    return false;
  }
};

/** A VTIMEZONE transition as ical.js expands it: the UTC time it happens, the offsets in seconds. */
interface Transition {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  utcOffset: number;
  prevUtcOffset: number;
}

/**
 * The offsets of a VTIMEZONE, from the transitions ical.js expands out of its rules (in UTC, sorted). Its own
 * conversion from UTC is off by the size of the change for an hour around each transition, so it is not used.
 */
const vtimezoneOffset =
  (zone: InstanceType<typeof ICAL.Timezone>): OffsetAt =>
  (epoch) => {
    zone._ensureCoverage(new Date(epoch).getUTCFullYear() + 1);
    const changes = zone.changes as Transition[];
    let offset = changes[0]?.prevUtcOffset ?? 0;
    for (const c of changes) {
      if (Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) > epoch) break;
      offset = c.utcOffset;
    }
    return offset * 1000;
  };

/** A DTSTART/DTEND as an instant; throws a RangeError with the reason. */
function instantOf(prop: Property, timeZone: string): number {
  const raw = prop.jCal[3];
  const m = typeof raw === 'string' ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(Z?)$/.exec(raw) : null;
  if (!m) throw new RangeError(`'${raw}' is not a date and time`);
  const [, date, time, utc] = m as unknown as [string, string, string, string];
  if (!dateFields(date)) throw new RangeError(`'${raw}' is not a date`);
  if (!timeFields(time)) throw new RangeError(`'${raw}' is not a time`);
  if (utc) return localToEpoch(date, time, 'UTC');
  const value = prop.getFirstValue() as InstanceType<typeof ICAL.Time>;
  const tzid = prop.getParameter('tzid');
  if (typeof tzid === 'string' && value.zone && value.zone !== ICAL.Timezone.localTimezone) {
    // Defined by the file's VTIMEZONE; skipped and repeated wall times read as for the other sources.
    return wallToEpoch(date, time, vtimezoneOffset(value.zone));
  }
  return localToEpoch(date, time, typeof tzid === 'string' && isIanaZone(tzid) ? tzid : timeZone);
}

const textOf = (event: Component, name: string): string => {
  const v = event.getFirstPropertyValue(name);
  return typeof v === 'string' ? v.trim() : '';
};

/** The calendar's events that start on `day` (all of them when no day is given), and what could not be read. */
export function parseIcs(text: string, options: { timeZone: string; day?: string }): FetchResult {
  const { timeZone, day } = options;
  let calendars: Component[];
  try {
    const jcal = ICAL.parse(text.replace(/^\uFEFF/, '')) as unknown[];
    const list = Array.isArray(jcal[0]) ? (jcal as unknown[][]) : [jcal];
    calendars = list.map((c) => new ICAL.Component(c as unknown[]));
  } catch (err) {
    throw new SourceError('SOURCE_BAD_RESPONSE', `not an iCalendar file: ${(err as Error).message}`, { cause: err });
  }
  if (calendars.length === 0 || calendars.some((c) => c.name !== 'vcalendar')) {
    throw new SourceError('SOURCE_BAD_RESPONSE', 'not an iCalendar file (no BEGIN:VCALENDAR)');
  }

  const appointments: ExternalAppointment[] = [];
  const problems: RecordProblem[] = [];
  let position = 0;
  for (const calendar of calendars) {
    const cancelsAll = textOf(calendar, 'method').toUpperCase() === 'CANCEL';
    for (const event of calendar.getAllSubcomponents('vevent')) {
      position++;
      const uid = textOf(event, 'uid');
      const fail = (reason: string) => problems.push({ record: uid || `#${position}`, reason });
      if (!uid) {
        fail('no UID');
        continue;
      }
      if (['rrule', 'rdate', 'recurrence-id'].some((p) => event.hasProperty(p))) {
        fail('recurring event, not a booking');
        continue;
      }
      const dtstart = event.getFirstProperty('dtstart');
      if (!dtstart) {
        fail('no start time (DTSTART)');
        continue;
      }
      if (dtstart.type === 'date') {
        fail('all-day event, not a booking');
        continue;
      }
      let start: number;
      try {
        start = instantOf(dtstart, timeZone);
      } catch (err) {
        fail(`start ${(err as Error).message}`);
        continue;
      }
      if (day && dayOf(start, timeZone) !== day) continue;
      let end: number | null = null;
      try {
        const dtend = event.getFirstProperty('dtend');
        const duration = event.getFirstPropertyValue('duration') as InstanceType<typeof ICAL.Duration> | null;
        if (dtend) end = instantOf(dtend, timeZone);
        else if (duration) end = start + duration.toSeconds() * 1000;
      } catch (err) {
        fail(`end ${(err as Error).message}`);
        continue;
      }
      if (end !== null && end < start) {
        fail('ends before it starts');
        continue;
      }
      const name = textOf(event, 'summary');
      if (!name) {
        fail('no name (SUMMARY)');
        continue;
      }
      const categories = event.getFirstProperty('categories')?.getValues() ?? [];
      const service = typeof categories[0] === 'string' ? categories[0].trim() : '';
      const ref = REF_PROPERTIES.map((p) => textOf(event, p)).find(Boolean) ?? uid;
      const sequence = Number(event.getFirstPropertyValue('sequence') ?? 0);
      appointments.push({
        externalId: uid,
        ref,
        start,
        end,
        name,
        externalService: service,
        status: cancelsAll || textOf(event, 'status').toUpperCase() === 'CANCELLED' ? 'cancelled' : 'booked',
        sequence: Number.isInteger(sequence) && sequence >= 0 ? sequence : 0,
      });
    }
  }
  return { appointments, problems };
}

export class IcsSource implements AppointmentSource {
  private readonly url: string | null;
  private readonly what: string;

  constructor(private readonly options: IcsOptions) {
    if ('url' in options) {
      // webcal:// is how calendar programs link a subscription; it is plain HTTPS.
      this.url = options.url.replace(/^webcals?:\/\//i, 'https://');
      this.what = `the calendar at ${checkHttpUrl(this.url, 'url').host}`;
    } else if (typeof options.text === 'string') {
      this.url = null;
      this.what = 'the calendar file';
    } else {
      throw new Error(`give the calendar's url or its text`);
    }
  }

  async fetchDay(day: string, timeZone: string): Promise<FetchResult> {
    let text: string;
    if (this.url !== null && 'url' in this.options) {
      const res = await httpGet(this.url, {
        what: this.what,
        headers: this.options.headers,
        timeoutMs: this.options.timeoutMs,
      });
      expectOk(res.status, this.what);
      text = res.text;
    } else {
      text = (this.options as { text: string }).text;
    }
    try {
      return parseIcs(text, { timeZone, day });
    } catch (err) {
      if (err instanceof SourceError) throw new SourceError(err.code, `${this.what} is ${err.message}`, { cause: err });
      throw err;
    }
  }
}
