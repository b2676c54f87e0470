import { isApiError, type ApiError } from '../../lib/api';
import { errorText, type Lang, type MessageKey, type Translator } from '../../lib/i18n';

/** A refusal in the page's words; an expired session also takes the panel back to the sign-in screen. */
export function explainer(lang: () => Lang, onSessionEnded: (e: ApiError) => void): (e: unknown) => string {
  return (e) => {
    if (isApiError(e) && e.code === 'QMS_ERR_UNAUTHENTICATED') onSessionEnded(e);
    return isApiError(e) ? errorText(lang(), e) : errorText(lang(), { code: 'QMS_ERR_INTERNAL', message: String(e) });
  };
}

/** Why the server did not take an uploaded playlist file, from its refusal. */
export function uploadRefusal(t: Translator, e: unknown, explain: (e: unknown) => string): string {
  if (!isApiError(e)) return explain(e);
  if (e.status === 413 || /larger than|too large/i.test(e.message)) return t('pl_reason_tooLarge');
  if (/not a PNG|not an? (image|video)|unsupported media type/i.test(e.message) || e.status === 415) return t('pl_reason_notMedia');
  if (/the file is (an image|a video), not/i.test(e.message)) return t('pl_reason_wrongKind');
  return explain(e);
}

/** Why the server did not take a logo, from its refusal. */
export function logoRefusal(t: Translator, e: unknown, explain: (e: unknown) => string): string {
  if (!isApiError(e)) return explain(e);
  const size = /(\d+)x(\d+) dots/.exec(e.message);
  if (size) return t('tkt_logoTooBig', { width: size[1]!, height: size[2]! });
  if (/PNG/.test(e.message) || e.status === 415 || e.status === 413) return t('tkt_logoNotPng');
  return explain(e);
}

/** A file size as people read it: 840 kB, 12,5 MB. */
export function sizeText(t: Translator, lang: Lang, bytes: number): string {
  const number = (n: number) => new Intl.NumberFormat(lang === 'ro' ? 'ro-RO' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024 * 1024) return t('data_kb', { n: number(Math.max(0.1, bytes / 1024)) });
  return t('data_mb', { n: number(bytes / 1024 / 1024) });
}

export const percent = (done: number): number => Math.round(Math.min(1, Math.max(0, done)) * 100);

/** Why the server did not take a backup to restore, from its refusal. */
export function restoreRefusal(t: Translator, e: unknown, explain: (e: unknown) => string): string {
  if (!isApiError(e) || (e.code !== 'QMS_ERR_BAD_BACKUP' && e.status !== 413)) return explain(e);
  const reasons: [RegExp, MessageKey][] = [
    [/not an SQLite/i, 'data_bad_notSqlite'],
    [/damaged|cannot be read/i, 'data_bad_damaged'],
    [/not a database of this server|no office/i, 'data_bad_foreign'],
    [/newer version/i, 'data_bad_newer'],
    [/larger than|too large/i, 'data_bad_tooLarge'],
    [/another restore/i, 'data_bad_busy'],
    [/restart itself|by hand/i, 'data_bad_cannot'],
  ];
  const key = reasons.find(([re]) => re.test(e.message))?.[1];
  return key ? t('data_badBackup', { reason: t(key) }) : explain(e);
}
