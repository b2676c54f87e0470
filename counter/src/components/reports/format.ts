import { clock } from '../../lib/format';
import { isMessageKey, type Lang, type Translator } from '../../lib/i18n';
import type { QueueView } from '../../lib/queue-view';
import type { Grouping, ReportRow } from '../../lib/reports-api';

const locale = (lang: Lang) => (lang === 'ro' ? 'ro-RO' : 'en-GB');

/** A duration in seconds as a clock reads: 8:40, 1:05:20; a dash when there is none. */
export const duration = (seconds: number | null | undefined): string => (seconds === null || seconds === undefined ? '—' : clock(seconds * 1000));

/** A share 0..1 as a whole percentage: 87 %. */
export const percent = (share: number | null | undefined, lang: Lang): string =>
  share === null || share === undefined ? '—' : new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(share);

export const decimal = (n: number, lang: Lang, digits = 1): string => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(n);

/** An office day 'YYYY-MM-DD' as the office writes it: 26.11.2026; with the weekday when asked. */
export function dayText(day: string, lang: Lang, weekday = false): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric', ...(weekday ? { weekday: 'long' } : {}) }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** A report row's group in the panel's language (the server labels in Romanian). */
export function groupLabel(row: ReportRow, groupBy: Grouping, t: Translator, lang: Lang, view: QueueView | null): string {
  switch (groupBy) {
    case 'service': {
      const s = view?.services[row.key];
      return s ? (lang === 'ro' ? s.nameRo : s.nameEn) : row.label;
    }
    case 'counter': {
      if (row.key === '') return t('noCounter');
      const c = view?.counters[row.key];
      return c ? t('counterName', { n: c.number }) : row.label;
    }
    case 'clerk':
      return row.key === '' ? t('noClerk') : row.key;
    case 'weekday': {
      const key = `weekday_${row.key}`;
      return isMessageKey(key) ? t(key) : row.label;
    }
    case 'day':
      return dayText(row.key, lang);
    case 'hour':
      return row.label;
  }
}

/** The hours a chart shows: 07 to 20, widened to every hour that has something. */
export function hoursShown(busy: (hour: number) => boolean): number[] {
  const all = Array.from({ length: 24 }, (_, h) => h).filter(busy);
  const first = Math.min(7, ...all);
  const last = Math.max(20, ...all);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
