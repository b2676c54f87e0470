import { weekdays } from '@qms/shared/queue/types';
import { dayName, translate, type Lang } from './i18n';
import type { PrinterHealth, TimeRange, Weekday } from './types';

/** The weekday it is now in the office's time zone. */
export function weekdayIn(timeZone: string, at: Date = new Date()): Weekday {
  const short = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(at).toLowerCase().slice(0, 3);
  return (weekdays as readonly string[]).includes(short) ? (short as Weekday) : 'mon';
}

/** One day's hours in words: "08:30–12:00, 13:00–16:30", "Închis", "Non-stop". */
export function rangesText(lang: Lang, ranges: TimeRange[] | undefined): string {
  if (!ranges || ranges.length === 0) return translate(lang, 'closedDay');
  if (ranges.length === 1 && ranges[0]!.from === '00:00' && ranges[0]!.to === '24:00') return translate(lang, 'allDay');
  return ranges.map((r) => `${r.from}–${r.to}`).join(', ');
}

export interface DayRow {
  day: Weekday;
  name: string;
  hours: string;
  today: boolean;
}

/** The week's opening hours from Monday, today marked. */
export function weekRows(lang: Lang, hours: Partial<Record<Weekday, TimeRange[]>>, today: Weekday): DayRow[] {
  return weekdays.map((day) => ({ day, name: dayName(lang, day), hours: rangesText(lang, hours[day]), today: day === today }));
}

/** The locale that formats dates in a language (British English: 14 May, 24-hour clock). */
const localeOf = (lang: Lang): string => (lang === 'en' ? 'en-GB' : lang);

/** The office clock: 09:05. */
export function timeText(timeZone: string, lang: Lang, at: Date = new Date()): string {
  return new Intl.DateTimeFormat(localeOf(lang), { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at);
}

/** The office date: "marți, 14 mai", "Tuesday, 14 May", "вівторок, 14 травня". */
export function dateText(timeZone: string, lang: Lang, at: Date = new Date()): string {
  return new Intl.DateTimeFormat(localeOf(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(at);
}

/**
 * A printer that cannot print now: out of paper, cover open, offline, or its last check failed. Paper
 * running low is for staff, not for citizens.
 */
export function printerDown(p: PrinterHealth | null | undefined): boolean {
  if (!p) return false;
  if (p.error) return true;
  return !!p.status && (!p.status.online || p.status.paperOut || p.status.coverOpen);
}
