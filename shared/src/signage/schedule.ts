import { localParts, minutesOf } from '../queue/time';
import type { TimeRange, Weekday } from '../queue/types';

/** When a playlist item may play, in the office's time zone. Empty days and null bounds mean "no limit". */
export interface MediaSchedule {
  days: Weekday[];
  /** 'HH:MM' local, inclusive. */
  from: string | null;
  /** 'HH:MM' local, exclusive. */
  to: string | null;
  /** 'YYYY-MM-DD', inclusive. */
  startDate: string | null;
  endDate: string | null;
}

export const anyTime = (): MediaSchedule => ({ days: [], from: null, to: null, startDate: null, endDate: null });

const pad = (n: number): string => String(n).padStart(2, '0');

/** Whether an item with this schedule plays at the instant `at`. */
export function scheduleAllows(s: MediaSchedule, at: number, timeZone: string): boolean {
  const lp = localParts(at, timeZone);
  const date = `${lp.year}-${pad(lp.month)}-${pad(lp.day)}`;
  if (s.startDate !== null && date < s.startDate) return false;
  if (s.endDate !== null && date > s.endDate) return false;
  if (s.days.length > 0 && !s.days.includes(lp.weekday)) return false;
  const minute = lp.hour * 60 + lp.minute;
  if (s.from !== null && minute < minutesOf(s.from)) return false;
  if (s.to !== null && minute >= minutesOf(s.to)) return false;
  return true;
}

/** Whether `at` falls in one of the local ranges (a range past midnight, e.g. 22:00-06:00, wraps). */
export function withinRanges(ranges: TimeRange[], at: number, timeZone: string): boolean {
  if (ranges.length === 0) return false;
  const lp = localParts(at, timeZone);
  const minute = lp.hour * 60 + lp.minute;
  return ranges.some((r) => {
    const from = minutesOf(r.from);
    const to = minutesOf(r.to);
    return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
  });
}
