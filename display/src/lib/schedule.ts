import { localParts, type LocalParts } from '@qms/shared/queue/time';
import type { DisplaySettings, PlaylistItem, QuietHours, Schedule } from './types';

/** 'HH:MM' as minutes since midnight ('24:00' is the end of the day). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether a minute of the day lies in [from, to); a range whose end is before its start runs past midnight. */
export function inTimeRange(minute: number, from: string | null, to: string | null): boolean {
  const a = from === null ? 0 : minutesOf(from);
  const b = to === null ? 24 * 60 : minutesOf(to);
  if (a === b) return false;
  return a < b ? minute >= a && minute < b : minute >= a || minute < b;
}

const dateOf = (p: LocalParts) => `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;

/** Whether an item's schedule allows it now (the office's wall clock: weekday, hours, date range). */
export function scheduleAllows(s: Schedule, at: LocalParts): boolean {
  if (s.days.length > 0 && !s.days.includes(at.weekday)) return false;
  const day = dateOf(at);
  if (s.startDate && day < s.startDate) return false;
  if (s.endDate && day > s.endDate) return false;
  if (s.from === null && s.to === null) return true;
  return inTimeRange(at.hour * 60 + at.minute, s.from, s.to);
}

/** The office's wall clock now. */
export const officeNow = (timeZone: string, at = Date.now()): LocalParts => localParts(at, timeZone);

/** Whether announcements are off now (the office's quiet hours). */
export function inQuietHours(quiet: QuietHours[], at: LocalParts): boolean {
  const minute = at.hour * 60 + at.minute;
  return quiet.some((q) => inTimeRange(minute, q.from, q.to));
}

/**
 * The next item to show after the one at `index` (-1: from the start), going round the playlist, among
 * those `can` allows; -1 when none can be shown now.
 */
export function nextIndex(playlist: readonly PlaylistItem[], index: number, can: (item: PlaylistItem) => boolean): number {
  const n = playlist.length;
  for (let step = 1; step <= n; step++) {
    const i = (((index + step) % n) + n) % n;
    if (can(playlist[i]!)) return i;
  }
  return -1;
}

/** The layout to draw: the one set for the display, or by the screen's shape. */
export function layoutFor(setting: DisplaySettings['layout'] | undefined, width: number, height: number): 'landscape' | 'portrait' {
  if (setting === 'landscape' || setting === 'portrait') return setting;
  return width >= height ? 'landscape' : 'portrait';
}
