import type { Lang } from '../../lib/i18n';

const locale = (lang: Lang) => (lang === 'ro' ? 'ro-RO' : 'en-GB');

/** A moment as the office reads it: 24.11.2026, 09:30 (today: just 09:30). */
export function when(iso: string, lang: Lang, timeZone?: string, seconds = false): string {
  const date = new Date(iso);
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat(locale(lang), { timeZone, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hour12: false }).format(date);
  if (day(date) === day(new Date())) return time;
  const d = new Intl.DateTimeFormat(locale(lang), { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
  return `${d}, ${time}`;
}
