import { isApiError } from '../../lib/api';
import { errorText, type Lang, type Params } from '../../lib/i18n';

/** Messages by the body property they are about ("prefix", "openingHours.mon", …); '' for the form as a whole. */
export type FieldErrors = Record<string, string>;

/** The values a refusal's body carries besides its code and message (`waiting`, `issued`, …), to fill its words. */
function paramsOf(body: Record<string, unknown>): Params {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Params;
}

/**
 * A refusal in the page's words, placed by the field the server names (`field`), or on the form as a whole.
 * `fallback` fills words the body does not carry (e.g. today's issued count, known to the page).
 */
export function refusal(lang: Lang, e: unknown, fallback: Params = {}): FieldErrors {
  if (!isApiError(e)) return { '': errorText(lang, { code: 'QMS_ERR_INTERNAL', message: String(e) }) };
  const field = typeof e.body.field === 'string' ? e.body.field : '';
  return { [field]: errorText(lang, e, { ...fallback, ...paramsOf(e.body) }) };
}

/** The message about this field or any part of it ("openingHours.mon" shows "openingHours.mon.0.from"). */
export function errorAt(errors: FieldErrors, field: string): string | undefined {
  if (errors[field] !== undefined) return errors[field];
  const key = Object.keys(errors).find((k) => k.startsWith(`${field}.`));
  return key === undefined ? undefined : errors[key];
}

/** The attributes that tie a field to its message: read out with it, marked as not accepted. */
export const described = (id: string, error: string | undefined) =>
  error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : { 'aria-invalid': undefined, 'aria-describedby': undefined };

/** A session that ended shows the sign-in again. */
export const sessionEnded = (e: unknown): boolean => isApiError(e) && e.code === 'QMS_ERR_UNAUTHENTICATED';

/** 'HH:MM', or '24:00' as the end of a day. */
export const clockPattern = '([01][0-9]|2[0-3]):[0-5][0-9]|24:00';

/** The messages no field on the page shows (the form's own, or about a field the page does not know): shown by the save button. */
export function unplaced(errors: FieldErrors, fields: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([k]) => k === '' || !fields.some((f) => k === f || k.startsWith(`${f}.`)))
    .map(([, v]) => v);
}
