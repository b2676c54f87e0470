import { reportGroupings, type Grouping, type ReportRow, type Stats } from '@qms/shared/protocol/reports';
import { ApiError, NETWORK_ERROR } from './api';

/** What the managers' pages ask of the server: waiting-time reports, the weekday × hour heatmap, pauses. */

/** The groupings, in the order the page offers them. */
export const groupings = reportGroupings;
export type { Grouping, ReportRow, Stats };

export interface WaitingReport {
  from: string;
  to: string;
  groupBy: Grouping;
  timeZone: string;
  rows: ReportRow[];
}

export type WeekdayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface Heatmap {
  weekdays: WeekdayKey[];
  hours: number[];
  /** [weekday][hour]: mean tickets issued in that hour on one such weekday. */
  arrivals: number[][];
  meanWaitSeconds: (number | null)[][];
}

export interface PauseRow {
  counterId: string;
  counterNumber: number | null;
  reason: string;
  seconds: number;
  count: number;
}

/** A refusal that names the field at fault (a report's `from` or `to`). */
export class FieldError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly field: string | null,
  ) {
    super(status, code, message);
  }
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

export const csvUrl = (from: string, to: string, groupBy: Grouping): string => `/api/reports/waiting?${query({ from, to, groupBy, format: 'csv' })}`;

/** The live page's figures: today by service and by hour, and the same weekday a week before by hour. */
export interface TodayReport {
  officeDay: string;
  byService: WaitingReport;
  byHour: WaitingReport;
  lastWeekByHour: WaitingReport;
}

/** A request for today's figures made before the page needed them, and when. */
let early: { at: number; answer: Promise<TodayReport> } | null = null;

export class ReportsApi {
  constructor(private readonly fetchFn: typeof fetch = (...args) => fetch(...args)) {}

  /**
   * Asks for today's figures now, while the panel is still starting, so the live page has them as soon as it
   * shows. Only worth it when the page opened is the live page; a refusal is left for the page to meet.
   */
  prefetchToday(): void {
    const answer = this.get<TodayReport>('/api/reports/today');
    answer.catch(() => {});
    early = { at: Date.now(), answer };
  }

  /** Today's figures; the early request's answer when it was made in the last few seconds. */
  today(): Promise<TodayReport> {
    const taken = early;
    early = null;
    if (taken && Date.now() - taken.at < 5000) return taken.answer;
    return this.get('/api/reports/today');
  }

  waiting(from: string, to: string, groupBy: Grouping): Promise<WaitingReport> {
    return this.get(`/api/reports/waiting?${query({ from, to, groupBy })}`);
  }

  heatmap(from: string, to: string): Promise<Heatmap> {
    return this.get(`/api/reports/heatmap?${query({ from, to })}`);
  }

  async pauses(from: string, to: string): Promise<PauseRow[]> {
    return (await this.get<{ rows: PauseRow[] }>(`/api/reports/pauses?${query({ from, to })}`)).rows;
  }

  /** A GET of the staff session that keeps the `field` of a refusal. */
  private async get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(path, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      throw new FieldError(0, NETWORK_ERROR, 'No answer from the server', null);
    }
    const body = (await res.json().catch(() => null)) as (T & { code?: unknown; message?: unknown; field?: unknown }) | null;
    if (res.ok && body) return body;
    throw new FieldError(
      res.status,
      typeof body?.code === 'string' ? body.code : `HTTP_${res.status}`,
      typeof body?.message === 'string' ? body.message : res.statusText,
      typeof body?.field === 'string' ? body.field : null,
    );
  }
}

/* Office days are 'YYYY-MM-DD' strings; the arithmetic runs on UTC dates so no time zone shifts them. */

const toDay = (d: Date): string => d.toISOString().slice(0, 10);
const fromDay = (day: string): Date => new Date(`${day}T00:00:00Z`);

export function addDays(day: string, n: number): string {
  const d = fromDay(day);
  d.setUTCDate(d.getUTCDate() + n);
  return toDay(d);
}

export const quickPicks = ['today', 'yesterday', 'last7', 'thisMonth', 'lastMonth'] as const;
export type QuickPick = (typeof quickPicks)[number];

/** The range of a quick pick, counted from the office's day today. */
export function rangeOf(pick: QuickPick, today: string): { from: string; to: string } {
  const d = fromDay(today);
  const monthStart = (y: number, m: number) => toDay(new Date(Date.UTC(y, m, 1)));
  switch (pick) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'thisMonth':
      return { from: monthStart(d.getUTCFullYear(), d.getUTCMonth()), to: today };
    case 'lastMonth':
      return { from: monthStart(d.getUTCFullYear(), d.getUTCMonth() - 1), to: addDays(monthStart(d.getUTCFullYear(), d.getUTCMonth()), -1) };
  }
}

/** Totals over rows: the counts added up, the mean wait and the share within target weighted by the tickets called. */
export function totalOf(rows: ReportRow[]) {
  const sum = (f: (r: ReportRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const called = sum((r) => r.waitingSeconds.count);
  const served = sum((r) => r.serviceSeconds.count);
  const within = sum((r) => Math.round((r.withinTarget ?? 0) * r.waitingSeconds.count));
  return {
    issued: sum((r) => r.issued),
    served: sum((r) => r.served),
    noShow: sum((r) => r.noShow),
    cancelled: sum((r) => r.cancelled),
    expired: sum((r) => r.expired),
    recalls: sum((r) => r.recalls),
    transfers: sum((r) => r.transfers),
    called,
    within,
    meanWait: called === 0 ? null : Math.round(sum((r) => (r.waitingSeconds.mean ?? 0) * r.waitingSeconds.count) / called),
    meanService: served === 0 ? null : Math.round(sum((r) => (r.serviceSeconds.mean ?? 0) * r.serviceSeconds.count) / served),
    withinTarget: called === 0 ? null : within / called,
  };
}
