import { translate, type Lang } from './i18n';

/**
 * The data folder's disk as the server's health tells it (`storage` in GET /api/health), in the panel's
 * words: how much room is left, and whether tickets can still be stored.
 */

export interface StorageHealth {
  /** A file can be written in the data folder now (false: a failing disk, or one turned read-only). */
  writable: boolean;
  /** Free bytes for the server on the data folder's disk; null when the server cannot read them. */
  freeBytes: number | null;
  /** Under the server's low-space mark (512 MiB). */
  low: boolean;
}

/**
 * ok: nothing to do. low: room for days, not months. full: tickets are refused until space is freed.
 * failed: the data folder cannot be written (a failing or read-only disk): tickets are refused.
 */
export type DiskLevel = 'ok' | 'low' | 'full' | 'failed';

/** The storage part of a health answer; null when the server does not tell it. */
export function storageOf(health: unknown): StorageHealth | null {
  const s = (health as { storage?: unknown } | null)?.storage as Partial<StorageHealth> | undefined;
  if (!s || typeof s.writable !== 'boolean') return null;
  const freeBytes = typeof s.freeBytes === 'number' && Number.isFinite(s.freeBytes) ? Math.max(0, s.freeBytes) : null;
  return { writable: s.writable, freeBytes, low: s.low === true };
}

export function diskLevel(s: StorageHealth): DiskLevel {
  if (!s.writable) return 'failed';
  if (s.freeBytes === 0) return 'full';
  return s.low ? 'low' : 'ok';
}

/** Tickets cannot be stored now: everyone signed in must know. */
export const isSerious = (level: DiskLevel): boolean => level === 'full' || level === 'failed';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** A size as people read it, in the language's number format: 41,2 GB (ro), 41.2 GB (en), 0 B. */
export function bytesText(lang: Lang, bytes: number): string {
  let n = Math.max(0, bytes);
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  // Rounded up to the next unit (1023,96 kB): say 1 MB rather than 1024 kB.
  if (unit < UNITS.length - 1 && Math.round(n * 10) / 10 >= 1024) {
    n /= 1024;
    unit++;
  }
  const number = new Intl.NumberFormat(lang === 'ro' ? 'ro-RO' : 'en-GB', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(n);
  return `${number} ${UNITS[unit]}`;
}

export interface DiskReport {
  level: DiskLevel;
  /** "41,2 GB liberi"; null when the server cannot read the free space. */
  free: string | null;
  /** The state in one sentence. */
  state: string;
  /** What to do about it; null when nothing needs doing. */
  advice: string | null;
}

/** The disk's state in full, for the Data page. */
export function diskReport(lang: Lang, s: StorageHealth): DiskReport {
  const level = diskLevel(s);
  const free = s.freeBytes === null ? null : translate(lang, 'disk_free', { size: bytesText(lang, s.freeBytes) });
  const advice = level === 'ok' ? null : translate(lang, `disk_advice_${level}`);
  return { level, free, state: translate(lang, `disk_state_${level}`), advice };
}

/**
 * The line in the header, by role: clerks hear only that data cannot be saved and whom to tell; admins and
 * managers what is wrong, and of low space too. Null when there is nothing to say to this person.
 */
export function diskNotice(lang: Lang, s: StorageHealth, staff: boolean): { level: DiskLevel; text: string } | null {
  const level = diskLevel(s);
  if (level === 'ok' || (level === 'low' && !staff)) return null;
  if (!staff) return { level, text: translate(lang, 'disk_banner_clerk') };
  const size = s.freeBytes === null ? '' : bytesText(lang, s.freeBytes);
  return { level, text: translate(lang, level === 'low' && size ? 'disk_banner_lowFree' : `disk_banner_${level}`, { size }) };
}
