/**
 * The day's appointments as a CSV file a manager uploads (an export from the booking system, or a list typed in a
 * spreadsheet) when the appliance cannot reach the booking system.
 *
 * - The first line names the columns, in Romanian or English, in any order, without regard to case or diacritics:
 *   referinta|ref|reference, data|date, ora|time, nume|name, serviciu|service, and optionally stare|status.
 * - The separator is ';' (what a Romanian spreadsheet writes), ',' or a tab: whichever the header line uses most.
 * - UTF-8, with or without a byte-order mark; fields may be quoted.
 * - Dates as YYYY-MM-DD or DD.MM.YYYY, times as HH:MM (seconds allowed), both the office's wall time.
 * - Status anulat/anulată/cancelled/canceled means cancelled; anything else, or nothing, booked.
 * - The reference is also the record's id (a later file with the same reference updates it). A line that cannot be
 *   read is a problem (record 'line 7', reason "time '25:00' is not a time"); the other lines still count.
 */
import { parse } from 'csv-parse/sync';
import { dayOf, localToEpoch, timeFields } from './local-time';
import {
  SourceError,
  type AppointmentSource,
  type ExternalAppointment,
  type FetchResult,
  type RecordProblem,
} from './types';

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

type Column = 'ref' | 'date' | 'time' | 'name' | 'service' | 'status';

const COLUMN_NAMES: Record<Column, string[]> = {
  ref: ['referinta', 'ref', 'reference', 'cod', 'code'],
  date: ['data', 'date'],
  time: ['ora', 'time', 'hour'],
  name: ['nume', 'name', 'nume si prenume', 'nume prenume', 'full name'],
  service: ['serviciu', 'service', 'serviciul'],
  status: ['stare', 'status', 'starea'],
};

const REQUIRED: Column[] = ['ref', 'date', 'time', 'name', 'service'];
const LABELS: Record<Column, string> = {
  ref: 'referință / ref',
  date: 'data / date',
  time: 'ora / time',
  name: 'nume / name',
  service: 'serviciu / service',
  status: 'stare / status',
};
const CANCELLED = new Set(['anulat', 'anulata', 'cancelled', 'canceled']);

/** 'YYYY-MM-DD' from 'YYYY-MM-DD' or 'DD.MM.YYYY' (one-digit day and month allowed), or null. */
function isoDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const ro = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : ro ? [ro[3], ro[2], ro[1]] : [];
  if (!y || !m || !d) return null;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function detectSeparator(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [';', ',', '\t'].map((s) => [s, header.split(s).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ';';
}

/**
 * The appointments in a CSV file (those on `day` when given), and a problem for each line that cannot be read.
 * Throws SourceError SOURCE_BAD_RESPONSE when the file itself cannot be used (no header, a required column missing,
 * broken quoting).
 */
export function parseAppointmentsCsv(text: string, options: { timeZone: string; day?: string }): FetchResult {
  const body = text.replace(/^\uFEFF/, '');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(body, {
      delimiter: detectSeparator(body),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (err) {
    throw new SourceError('SOURCE_BAD_RESPONSE', `the file cannot be read as CSV: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const [header, ...lines] = rows;
  if (!header) throw new SourceError('SOURCE_BAD_RESPONSE', 'the file is empty');

  const index = {} as Record<Column, number>;
  header.record.forEach((title, i) => {
    const name = fold(title);
    const column = (Object.keys(COLUMN_NAMES) as Column[]).find((c) => COLUMN_NAMES[c].includes(name));
    if (column && index[column] === undefined) index[column] = i;
  });
  const missing = REQUIRED.filter((c) => index[c] === undefined);
  if (missing.length > 0) {
    throw new SourceError(
      'SOURCE_BAD_RESPONSE',
      `the first line must name the columns; missing: ${missing.map((c) => LABELS[c]).join(', ')}`,
    );
  }

  const appointments: ExternalAppointment[] = [];
  const problems: RecordProblem[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of lines) {
    if (record.every((f) => f === '')) continue;
    const line = `line ${info.lines}`;
    const fail = (reason: string) => problems.push({ record: line, reason });
    const field = (c: Column): string => (index[c] === undefined ? '' : (record[index[c]] ?? ''));
    const ref = field('ref');
    if (!ref) {
      fail('no reference');
      continue;
    }
    const rawDate = field('date');
    const rawTime = field('time');
    if (!rawDate) {
      fail('no date');
      continue;
    }
    if (!rawTime) {
      fail('no time');
      continue;
    }
    const date = isoDate(rawDate);
    if (!date) {
      fail(`date '${rawDate}' is not a date`);
      continue;
    }
    if (!timeFields(rawTime)) {
      fail(`time '${rawTime}' is not a time`);
      continue;
    }
    let start: number;
    try {
      start = localToEpoch(date, rawTime, options.timeZone);
    } catch {
      fail(`date '${rawDate}' is not a date`);
      continue;
    }
    if (options.day && dayOf(start, options.timeZone) !== options.day) continue;
    const name = field('name');
    if (!name) {
      fail('no name');
      continue;
    }
    const service = field('service');
    if (!service) {
      fail('no service');
      continue;
    }
    const earlier = seen.get(ref);
    if (earlier !== undefined) {
      fail(`reference ${ref} is already on line ${earlier}`);
      continue;
    }
    seen.set(ref, info.lines);
    appointments.push({
      externalId: ref,
      ref,
      start,
      end: null,
      name,
      externalService: service,
      status: CANCELLED.has(fold(field('status'))) ? 'cancelled' : 'booked',
      sequence: 0,
    });
  }
  return { appointments, problems };
}

/** A CSV file's text as a source, for the same handling as the online ones. */
export class CsvSource implements AppointmentSource {
  constructor(private readonly options: { text: string }) {
    if (typeof options?.text !== 'string') throw new Error('text must be the CSV file');
  }

  async fetchDay(day: string, timeZone: string): Promise<FetchResult> {
    return parseAppointmentsCsv(this.options.text, { timeZone, day });
  }
}
