/**
 * The appointment sources, and building one from the office's settings:
 *   { kind: 'easyappointments', baseUrl, auth: { type: 'bearer', token } | { type: 'basic', username, password },
 *     pageLength?, timeoutMs? }
 *   { kind: 'json', url, headers?, mapping: { list?, id, ref?, start, end?, name, service, status?,
 *     cancelledValues? }, timeFormat?: 'iso' | 'local', timeoutMs? }
 *   { kind: 'ics', url, headers?, timeoutMs? } or { kind: 'ics', text }
 *   { kind: 'csv', text }
 */
import { CsvSource } from './csv';
import { EasyAppointmentsSource, type EasyAppointmentsAuth } from './easyappointments';
import { IcsSource } from './ics';
import { JsonFeedSource, type JsonFeedMapping } from './json-feed';
import type { AppointmentSource } from './types';

export * from './types';
export { parseAppointmentsCsv, CsvSource } from './csv';
export { EasyAppointmentsSource, type EasyAppointmentsAuth, type EasyAppointmentsOptions } from './easyappointments';
export { IcsSource, parseIcs, type IcsOptions } from './ics';
export { JsonFeedSource, type JsonFeedMapping, type JsonFeedOptions } from './json-feed';
export { dayOf, localToEpoch } from './local-time';

export const SOURCE_KINDS = ['easyappointments', 'json', 'ics', 'csv'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

type Config = Record<string, unknown>;

const isObject = (v: unknown): v is Config => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(c: Config, key: string, where = ''): string {
  const v = c[key];
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${where}${key} is required (text)`);
  return v;
}

function optionalText(c: Config, key: string, where = ''): string | undefined {
  return c[key] === undefined ? undefined : text(c, key, where);
}

function optionalPositive(c: Config, key: string): number | undefined {
  const v = c[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${key} must be a whole number of 1 or more`);
  return v;
}

function optionalHeaders(c: Config): Record<string, string> | undefined {
  const v = c.headers;
  if (v === undefined) return undefined;
  if (!isObject(v) || Object.values(v).some((h) => typeof h !== 'string')) {
    throw new Error('headers must be an object of text values, e.g. {"X-Api-Key": "…"}');
  }
  return v as Record<string, string>;
}

function auth(c: Config): EasyAppointmentsAuth {
  const a = c.auth;
  if (!isObject(a)) throw new Error(`auth is required: {type:'bearer', token} or {type:'basic', username, password}`);
  if (a.type === 'bearer') return { type: 'bearer', token: text(a, 'token', 'auth.') };
  if (a.type === 'basic') {
    const password = a.password;
    if (typeof password !== 'string') throw new Error('auth.password is required (text)');
    return { type: 'basic', username: text(a, 'username', 'auth.'), password };
  }
  throw new Error(`auth.type must be 'bearer' or 'basic'`);
}

function mapping(c: Config): JsonFeedMapping {
  const m = c.mapping;
  if (!isObject(m)) throw new Error('mapping is required: which field holds id, start, name and service');
  const cancelledValues = m.cancelledValues;
  if (cancelledValues !== undefined && (!Array.isArray(cancelledValues) || cancelledValues.some((v) => typeof v !== 'string'))) {
    throw new Error('mapping.cancelledValues must be a list of text values');
  }
  return {
    list: optionalText(m, 'list', 'mapping.'),
    id: text(m, 'id', 'mapping.'),
    ref: optionalText(m, 'ref', 'mapping.'),
    start: text(m, 'start', 'mapping.'),
    end: optionalText(m, 'end', 'mapping.'),
    name: text(m, 'name', 'mapping.'),
    service: text(m, 'service', 'mapping.'),
    status: optionalText(m, 'status', 'mapping.'),
    cancelledValues: cancelledValues as string[] | undefined,
  };
}

/** A source from its settings; throws an Error saying what is wrong with them. */
export function sourceFromConfig(config: unknown): AppointmentSource {
  if (!isObject(config)) throw new Error('the source settings must be an object');
  const kind = config.kind;
  switch (kind) {
    case 'easyappointments':
      return new EasyAppointmentsSource({
        baseUrl: text(config, 'baseUrl'),
        auth: auth(config),
        pageLength: optionalPositive(config, 'pageLength'),
        timeoutMs: optionalPositive(config, 'timeoutMs'),
      });
    case 'json': {
      const timeFormat = config.timeFormat;
      if (timeFormat !== undefined && timeFormat !== 'iso' && timeFormat !== 'local') {
        throw new Error(`timeFormat must be 'iso' or 'local'`);
      }
      return new JsonFeedSource({
        url: text(config, 'url'),
        headers: optionalHeaders(config),
        mapping: mapping(config),
        timeFormat,
        timeoutMs: optionalPositive(config, 'timeoutMs'),
      });
    }
    case 'ics':
      if (typeof config.text === 'string' && config.url === undefined) return new IcsSource({ text: config.text });
      return new IcsSource({
        url: text(config, 'url'),
        headers: optionalHeaders(config),
        timeoutMs: optionalPositive(config, 'timeoutMs'),
      });
    case 'csv':
      return new CsvSource({ text: text(config, 'text') });
    default:
      throw new Error(`kind must be one of ${SOURCE_KINDS.join(', ')} (got ${JSON.stringify(kind)})`);
  }
}
