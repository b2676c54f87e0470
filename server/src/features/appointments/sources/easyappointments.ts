/**
 * Easy!Appointments (easyappointments.org), through its REST API v1: the day's appointments page by page, and each
 * citizen's name from the customers endpoint.
 *
 * - Times ('YYYY-MM-DD HH:MM:SS', no zone) are the office's wall time; skipped and repeated wall times on the nights
 *   the clocks change: see local-time.ts.
 * - Status (compared without case or diacritics; offices rename them): Cancelled/Canceled/Anulat → cancelled;
 *   Draft/Ciornă → not a booking, left out silently; any other value, or none (older versions), → booked.
 * - A customer that cannot be read (404, an error page) makes that record a problem. A refusal (401/403) or no answer
 *   at all stops the whole fetch, as for the appointments themselves.
 */
import { dayOf, localDateTimeToEpoch } from './local-time';
import { checkHttpUrl, expectOk, httpGet, parseJson } from './http';
import {
  SourceError,
  type AppointmentSource,
  type ExternalAppointment,
  type FetchResult,
  type RecordProblem,
} from './types';

export type EasyAppointmentsAuth =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

export interface EasyAppointmentsOptions {
  /** Where Easy!Appointments is installed, e.g. 'https://programari.primarie.ro' (a trailing /index.php is dropped). */
  baseUrl: string;
  auth: EasyAppointmentsAuth;
  /** Appointments per page; default 20. */
  pageLength?: number;
  /** Per request, default 10 000 ms. */
  timeoutMs?: number;
}

export const MAX_PAGES = 200;
const CUSTOMER_REQUESTS_AT_ONCE = 4;

interface Candidate {
  id: string;
  ref: string;
  start: number;
  end: number | null;
  customerId: string;
  serviceId: string;
  status: 'booked' | 'cancelled';
}

type Customer = { name: string } | { problem: string };

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase();

const CANCELLED = new Set(['cancelled', 'canceled', 'anulat', 'anulata']);
const NOT_BOOKINGS = new Set(['draft', 'ciorna']);

const idText = (v: unknown): string => (typeof v === 'number' || (typeof v === 'string' && v.trim()) ? String(v).trim() : '');

/** Runs `fn` over the items with at most `limit` running at once. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export class EasyAppointmentsSource implements AppointmentSource {
  private readonly api: string;
  private readonly headers: Record<string, string>;
  private readonly pageLength: number;
  private readonly what: string;

  constructor(private readonly options: EasyAppointmentsOptions) {
    const base = checkHttpUrl(options.baseUrl, 'baseUrl');
    this.api = `${options.baseUrl.replace(/\/+$/, '').replace(/\/index\.php$/, '')}/index.php/api/v1`;
    this.what = `the booking system at ${base.host}`;
    this.pageLength = options.pageLength ?? 20;
    if (!Number.isInteger(this.pageLength) || this.pageLength < 1) {
      throw new Error(`pageLength must be a whole number of 1 or more`);
    }
    const { auth } = options;
    if (auth?.type === 'bearer' && auth.token) {
      this.headers = { authorization: `Bearer ${auth.token}` };
    } else if (auth?.type === 'basic' && auth.username) {
      const pair = Buffer.from(`${auth.username}:${auth.password ?? ''}`, 'utf8').toString('base64');
      this.headers = { authorization: `Basic ${pair}` };
    } else {
      throw new Error(`auth must be {type:'bearer', token} or {type:'basic', username, password}`);
    }
  }

  private async get(path: string): Promise<{ status: number; text: string }> {
    return httpGet(`${this.api}${path}`, {
      what: this.what,
      headers: this.headers,
      timeoutMs: this.options.timeoutMs,
    });
  }

  /** Every appointment the API gives for the day, page by page, each record once. */
  private async listDay(day: string): Promise<unknown[]> {
    const records = new Map<string, unknown>();
    const anonymous: unknown[] = [];
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) {
        throw new SourceError(
          'SOURCE_BAD_RESPONSE',
          `${this.what} gave more than ${MAX_PAGES} pages of appointments for ${day}`,
        );
      }
      const query = new URLSearchParams({ date: day, page: String(page), length: String(this.pageLength) });
      const { status, text } = await this.get(`/appointments?${query}`);
      expectOk(status, this.what);
      const body = parseJson(text, this.what);
      if (!Array.isArray(body)) {
        throw new SourceError('SOURCE_BAD_RESPONSE', `${this.what} did not answer with a list of appointments`);
      }
      let added = 0;
      for (const record of body) {
        const id = idText((record as { id?: unknown } | null)?.id);
        if (!id) anonymous.push(record);
        else if (!records.has(id)) records.set(id, record);
        else continue;
        added++;
      }
      // A short page is the last; so is one with nothing new (a server that ignores paging).
      if (body.length < this.pageLength || added === 0) break;
    }
    return [...records.values(), ...anonymous];
  }

  private async customer(id: string): Promise<Customer> {
    const { status, text } = await this.get(`/customers/${encodeURIComponent(id)}`);
    if (status === 401 || status === 403) expectOk(status, this.what);
    if (status < 200 || status >= 300) return { problem: `customer ${id} could not be read: ${status}` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { problem: `customer ${id} could not be read: not JSON` };
    }
    const c = body as { firstName?: unknown; lastName?: unknown } | null;
    const name = [c?.firstName, c?.lastName]
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean)
      .join(' ');
    return name ? { name } : { problem: `customer ${id} has no name` };
  }

  async fetchDay(day: string, timeZone: string): Promise<FetchResult> {
    const problems: RecordProblem[] = [];
    const candidates: Candidate[] = [];
    (await this.listDay(day)).forEach((raw, index) => {
      const r = (raw ?? {}) as Record<string, unknown>;
      const id = idText(r.id);
      const fail = (reason: string) => problems.push({ record: id || `#${index + 1}`, reason });
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('not an appointment record');
      const status = typeof r.status === 'string' ? fold(r.status) : '';
      if (NOT_BOOKINGS.has(status)) return;
      if (!id) return fail('no id');
      if (typeof r.start !== 'string' || !r.start.trim()) return fail('no start time');
      let start: number;
      try {
        start = localDateTimeToEpoch(r.start, timeZone);
      } catch (err) {
        return fail(`start ${(err as Error).message}`);
      }
      if (dayOf(start, timeZone) !== day) return;
      let end: number | null = null;
      if (typeof r.end === 'string' && r.end.trim()) {
        try {
          end = localDateTimeToEpoch(r.end, timeZone);
        } catch (err) {
          return fail(`end ${(err as Error).message}`);
        }
        if (end < start) return fail(`ends (${r.end}) before it starts (${r.start})`);
      }
      const customerId = idText(r.customerId);
      if (!customerId) return fail('no customer');
      const serviceId = idText(r.serviceId);
      if (!serviceId) return fail('no service');
      const hash = typeof r.hash === 'string' ? r.hash.trim() : '';
      candidates.push({
        id,
        ref: hash || id,
        start,
        end,
        customerId,
        serviceId,
        status: CANCELLED.has(status) ? 'cancelled' : 'booked',
      });
    });

    const ids = [...new Set(candidates.map((c) => c.customerId))];
    const found = await mapLimit(ids, CUSTOMER_REQUESTS_AT_ONCE, (id) => this.customer(id));
    const customers = new Map(ids.map((id, i) => [id, found[i]!]));

    const appointments: ExternalAppointment[] = [];
    for (const c of candidates) {
      const customer = customers.get(c.customerId)!;
      if ('problem' in customer) {
        problems.push({ record: c.id, reason: customer.problem });
        continue;
      }
      appointments.push({
        externalId: c.id,
        ref: c.ref,
        start: c.start,
        end: c.end,
        name: customer.name,
        externalService: c.serviceId,
        status: c.status,
        sequence: 0,
      });
    }
    return { appointments, problems };
  }
}
