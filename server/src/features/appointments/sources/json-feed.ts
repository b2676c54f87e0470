/**
 * Any booking system that publishes the day's appointments as a JSON document: the office says where the list is and
 * which field holds what (dot paths), and the feed is read like the others.
 */
import { checkHttpUrl, DEFAULT_TIMEOUT_MS, expectOk, httpGet, parseJson, type HttpOptions } from './http';
import { dayOf, localDateTimeToEpoch } from './local-time';
import {
  SourceError,
  type AppointmentSource,
  type ExternalAppointment,
  type FetchResult,
  type RecordProblem,
} from './types';

export function pick(value: unknown, path: string): unknown {
  let at = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const ZONE_SUFFIX = /^(\d{4}-\d{2}-\d{2}[T ][\d:.]+)(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * One time field of a feed as an instant.
 * - 'iso' (default): a value with a zone ('2026-05-14T07:30:00Z', '…+03:00') is that instant; one without
 *   ('2026-05-14T10:30:00', '2026-05-14 10:30') is the office's wall time.
 * - 'local': every value is the office's wall time, and a zone suffix is ignored (for feeds that label local times
 *   as UTC).
 * A number is epoch milliseconds (or seconds, when below 10^11). Fractions of a second are dropped.
 */
export function feedTime(value: unknown, timeFormat: 'iso' | 'local', timeZone: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string') throw new RangeError(`${JSON.stringify(value)} is not a date and time`);
  const text = value.trim();
  const zoned = ZONE_SUFFIX.exec(text);
  const local = (zoned ? zoned[1]! : text).replace(/\.\d+$/, '');
  if (!zoned || timeFormat === 'local') return localDateTimeToEpoch(local, timeZone);
  const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zoned[2]!) ?? ['', '+', '0', '0'];
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes ?? 0));
  return localDateTimeToEpoch(local, 'UTC') - offsetMinutes * 60_000;
}

export interface JsonFeedMapping {
  /** Dot path to the array of appointments; the document itself when absent. */
  list?: string;
  id: string;
  /** What the citizen holds; the id when absent. */
  ref?: string;
  start: string;
  end?: string;
  name: string;
  service: string;
  status?: string;
  /** Status values that mean cancelled (compared without case); default cancelled, canceled, anulat. */
  cancelledValues?: string[];
}

export interface JsonFeedOptions {
  url: string;
  headers?: Record<string, string>;
  mapping: JsonFeedMapping;
  timeFormat?: 'iso' | 'local';
  timeoutMs?: number;
}

export const DEFAULT_CANCELLED_VALUES = ['cancelled', 'canceled', 'anulat'];

const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'bigint' ? String(v) : '';

export class JsonFeedSource implements AppointmentSource {
  private readonly what: string;

  constructor(private readonly options: JsonFeedOptions) {
    this.what = `the appointments feed at ${checkHttpUrl(options.url, 'url').host}`;
    for (const key of ['id', 'start', 'name', 'service'] as const) {
      if (typeof options.mapping?.[key] !== 'string' || options.mapping[key] === '') {
        throw new Error(`mapping.${key} must name the field (a dot path such as 'customer.name')`);
      }
    }
  }

  async fetchDay(day: string, timeZone: string): Promise<FetchResult> {
    const { status, text: body } = await httpGet(this.options.url, {
      what: this.what,
      headers: this.options.headers,
      timeoutMs: this.options.timeoutMs,
    });
    expectOk(status, this.what);
    const doc = parseJson(body, this.what);
    const { mapping } = this.options;
    const list = mapping.list ? pick(doc, mapping.list) : doc;
    if (!Array.isArray(list)) {
      throw new SourceError(
        'SOURCE_BAD_RESPONSE',
        mapping.list ? `${this.what} has no list at '${mapping.list}'` : `${this.what} is not a list`,
      );
    }
    return readFeedRecords(list, mapping, this.options.timeFormat ?? 'iso', day, timeZone);
  }
}

/** The records of a feed's list that fall on `day`, and a problem for each one that cannot be read. */
export function readFeedRecords(
  list: unknown[],
  mapping: JsonFeedMapping,
  timeFormat: 'iso' | 'local',
  day: string,
  timeZone: string,
): FetchResult {
  const cancelled = new Set((mapping.cancelledValues ?? DEFAULT_CANCELLED_VALUES).map((v) => v.toLowerCase()));
  const appointments: ExternalAppointment[] = [];
  const problems: RecordProblem[] = [];
  list.forEach((item, index) => {
    const id = text(pick(item, mapping.id));
    const record = id || `#${index + 1}`;
    const fail = (reason: string) => problems.push({ record, reason });
    if (!id) return fail(`no id (${mapping.id})`);
    const rawStart = pick(item, mapping.start);
    if (rawStart === undefined || rawStart === null || rawStart === '') return fail(`no start time (${mapping.start})`);
    let start: number;
    let end: number | null = null;
    try {
      start = feedTime(rawStart, timeFormat, timeZone);
    } catch (err) {
      return fail(`start ${(err as Error).message}`);
    }
    if (dayOf(start, timeZone) !== day) return;
    const rawEnd = mapping.end ? pick(item, mapping.end) : undefined;
    if (rawEnd !== undefined && rawEnd !== null && rawEnd !== '') {
      try {
        end = feedTime(rawEnd, timeFormat, timeZone);
      } catch (err) {
        return fail(`end ${(err as Error).message}`);
      }
      if (end < start) return fail('ends before it starts');
    }
    const name = text(pick(item, mapping.name));
    if (!name) return fail(`no name (${mapping.name})`);
    const service = text(pick(item, mapping.service));
    if (!service) return fail(`no service (${mapping.service})`);
    const status = mapping.status ? text(pick(item, mapping.status)).toLowerCase() : '';
    appointments.push({
      externalId: id,
      ref: (mapping.ref && text(pick(item, mapping.ref))) || id,
      start,
      end,
      name,
      externalService: service,
      status: cancelled.has(status) ? 'cancelled' : 'booked',
      sequence: 0,
    });
  });
  return { appointments, problems };
}
