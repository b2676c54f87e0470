/**
 * Wall-clock times of the office's zone to instants and back, right on the two nights a year the clocks change.
 *
 * A wall time the clocks skip (spring: 03:30 on 2026-03-29 in Europe/Bucharest) is read with the offset in force
 * before the change, so it lands as far after the gap's start as it was written: 03:30 becomes 04:30 summer time.
 * A wall time that happens twice (autumn: 03:30 on 2026-10-25) is the first of the two, still on summer time.
 * These are the choices of JavaScript's Temporal ('compatible') and of most calendar programs.
 */
import { localParts } from '@qms/shared';

const pad = (n: number): string => String(n).padStart(2, '0');

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Fields of 'YYYY-MM-DD', or null when it is not a calendar date. */
export function dateFields(date: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Fields of 'HH:MM' or 'HH:MM:SS' (hours 0–23), or null when it is not a time of day. */
export function timeFields(time: string): { hour: number; minute: number; second: number } | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!m) return null;
  const [hour, minute, second] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { hour, minute, second };
}

/** How far ahead of UTC a zone's clocks are at an instant, in milliseconds. */
export type OffsetAt = (epoch: number) => number;

/** The offset of an IANA zone, from Intl. */
export const intlOffset =
  (timeZone: string): OffsetAt =>
  (at) => {
    const p = localParts(at, timeZone);
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return wall - Math.floor(at / 1000) * 1000;
  };

/**
 * The instant of a wall-clock time in a zone given by its offsets (an IANA zone through `localToEpoch`, a calendar
 * file's VTIMEZONE in ics.ts). Skipped and repeated wall times: see the top of this file.
 */
export function wallToEpoch(date: string, time: string, offsetAt: OffsetAt): number {
  const d = dateFields(date);
  if (!d) throw new RangeError(`'${date}' is not a date`);
  const t = timeFields(time);
  if (!t) throw new RangeError(`'${time}' is not a time`);
  const wall = Date.UTC(d.year, d.month - 1, d.day, t.hour, t.minute, t.second);
  // Offsets a day either side bracket any change on that night; zones change their offset at most once a day.
  const before = offsetAt(wall - 86_400_000);
  const after = offsetAt(wall + 86_400_000);
  const candidates = [wall - before, wall - after].filter((at) => at + offsetAt(at) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped by the clocks: keep the offset from before the change.
  return wall - before;
}

/**
 * The instant of a wall-clock time in an IANA zone (epoch milliseconds). Throws a RangeError naming the part that is
 * not a date or a time. Skipped and repeated wall times: see the top of this file.
 */
export function localToEpoch(date: string, time: string, timeZone: string): number {
  return wallToEpoch(date, time, intlOffset(timeZone));
}

/** The office day of an instant: its calendar date in the zone, 'YYYY-MM-DD'. */
export function dayOf(epoch: number, timeZone: string): string {
  const p = localParts(epoch, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * 'YYYY-MM-DD HH:MM[:SS]' (or with 'T') as a wall time in the zone. Throws a RangeError saying what is wrong.
 */
export function localDateTimeToEpoch(text: string, timeZone: string): number {
  const m = /^(\S+)[ T](\S+)$/.exec(text.trim());
  if (!m) throw new RangeError(`'${text}' is not a date and time`);
  if (!dateFields(m[1]!)) throw new RangeError(`'${text}' is not a date`);
  if (!timeFields(m[2]!)) throw new RangeError(`'${text}' is not a time`);
  return localToEpoch(m[1]!, m[2]!, timeZone);
}
