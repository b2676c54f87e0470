import type { OfficeSettings, SpecialDay, TimeRange, Weekday } from './types';
import { weekdays } from './types';

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of an instant in a time zone. */
export function localParts(at: number, timeZone: string): LocalParts {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: (p.weekday ?? 'Mon').slice(0, 3).toLowerCase() as Weekday,
  };
}

function dayOf(at: number, timeZone: string): string {
  const { year, month, day } = localParts(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** First instant after `from` that is no longer on `day`, by bisection: right whatever DST does that night. */
function firstInstantAfter(from: number, day: string, timeZone: string): number {
  let lo = from;
  let hi = from + 27 * 3600_000;
  while (dayOf(hi, timeZone) === day) hi += 24 * 3600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayOf(mid, timeZone) === day) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** First instant of `day` at or before `at`. */
function firstInstantOf(at: number, day: string, timeZone: string): number {
  let lo = at - 27 * 3600_000;
  let hi = at;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayOf(mid, timeZone) === day) hi = mid;
    else lo = mid;
  }
  return hi;
}

// Every command asks which day it is; Intl formatting is slow, so the current day's bounds are kept.
const dayCache = new Map<string, { start: number; end: number; day: string }>();

/** The office day an instant belongs to: the local calendar date, 'YYYY-MM-DD'. */
export function officeDayOf(at: number, timeZone: string): string {
  const cached = dayCache.get(timeZone);
  if (cached && at >= cached.start && at < cached.end) return cached.day;
  const day = dayOf(at, timeZone);
  dayCache.set(timeZone, { start: firstInstantOf(at, day, timeZone), end: firstInstantAfter(at, day, timeZone), day });
  return day;
}

/** The first instant of the next office day (local midnight), whatever the zone's offset does that night. */
export function nextOfficeDayStart(at: number, timeZone: string): number {
  officeDayOf(at, timeZone);
  return dayCache.get(timeZone)!.end;
}

export const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const minuteCache = new Map<string, { minute: number; parts: LocalParts }>();

/** Wall-clock fields to the minute, kept for the current minute (zone offsets are whole minutes). */
function localMinute(at: number, timeZone: string): LocalParts {
  const minute = Math.floor(at / 60_000);
  const cached = minuteCache.get(timeZone);
  if (cached?.minute === minute) return cached.parts;
  const parts = localParts(at, timeZone);
  minuteCache.set(timeZone, { minute, parts });
  return parts;
}

const dateOfParts = (p: LocalParts): string => `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;

/**
 * Whether the office is open at an instant: the weekly hours, or on a special day (a public holiday, a
 * special opening) that day's own hours instead.
 */
export function isOpenAt(hours: Record<Weekday, TimeRange[]>, at: number, timeZone: string, specialDays?: readonly SpecialDay[]): boolean {
  const lp = localMinute(at, timeZone);
  const now = lp.hour * 60 + lp.minute;
  const special = specialDays && specialDays.length > 0 ? specialDays.find((d) => d.date === dateOfParts(lp)) : undefined;
  return (special ? special.hours : (hours[lp.weekday] ?? [])).some((r) => now >= minutesOf(r.from) && now < minutesOf(r.to));
}

/** isOpenAt with the office's own hours, zone and special days. */
export const isOfficeOpenAt = (settings: OfficeSettings, at: number): boolean =>
  isOpenAt(settings.openingHours, at, settings.timeZone, settings.specialDays);

/** The special day on a local date ('YYYY-MM-DD'), if that date is one. */
export const specialDayOn = (settings: OfficeSettings, date: string): SpecialDay | null =>
  settings.specialDays?.find((d) => d.date === date) ?? null;

/** The calendar date `days` after a 'YYYY-MM-DD' date (before, when negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** Whether 'YYYY-MM-DD' names a real calendar date (not 2026-02-30). */
export const isCalendarDate = (date: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(date) && addDays(date, 0) === date;

export const alwaysOpen = (): Record<Weekday, TimeRange[]> =>
  Object.fromEntries(weekdays.map((d) => [d, [{ from: '00:00', to: '24:00' }]])) as Record<Weekday, TimeRange[]>;
