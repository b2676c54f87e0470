import { translate, type Lang } from './i18n';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A running timer: 4:07, 12:30, 1:02:03. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** A wait in words for lists: "sub 1 min", "12 min", "1 h 05 min". */
export function waitText(lang: Lang, ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return translate(lang, 'underMinute');
  if (minutes < 60) return translate(lang, 'minutesShort', { n: minutes });
  return translate(lang, 'hoursMinutes', { h: Math.floor(minutes / 60), m: pad(minutes % 60) });
}

/** Wall-clock time in the office's time zone: 09:30. */
export function timeOfDay(iso: string, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ro' ? 'ro-RO' : 'en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(new Date(iso));
}
