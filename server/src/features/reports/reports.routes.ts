import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QmsError, ReportRangeQuery, WaitingReportQuery } from '@qms/shared';
import { CSV_BOM, csvLine } from './csv';
import { Reports, type ReportRow } from './reports';

/** Longest range one report covers: five years and a bit. */
const MAX_DAYS = 5 * 366 + 31;

function checkRange(from: string, to: string): void {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March: a date must read back as itself.
  const real = (s: string, ms: number) => !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
  if (!real(from, a)) throw new QmsError('QMS_ERR_VALIDATION', { detail: `from: ${from} is not a date` }, { field: 'from' });
  if (!real(to, b)) throw new QmsError('QMS_ERR_VALIDATION', { detail: `to: ${to} is not a date` }, { field: 'to' });
  if (a > b) throw new QmsError('QMS_ERR_VALIDATION', { detail: `the range ends (${to}) before it starts (${from})` }, { field: 'to' });
  if ((b - a) / 86400_000 + 1 > MAX_DAYS) throw new QmsError('QMS_ERR_VALIDATION', { detail: 'a report covers at most five years' }, { field: 'from' });
}

const columns: [string, (r: ReportRow) => string | number | null][] = [
  ['cheie', (r) => r.key],
  ['grup', (r) => r.label],
  ['bonuri emise', (r) => r.issued],
  ['serviți', (r) => r.served],
  ['absenți', (r) => r.noShow],
  ['anulați', (r) => r.cancelled],
  ['expirați', (r) => r.expired],
  ['așteptare medie (s)', (r) => r.waitingSeconds.mean],
  ['așteptare mediană (s)', (r) => r.waitingSeconds.median],
  ['așteptare p90 (s)', (r) => r.waitingSeconds.p90],
  ['așteptare maximă (s)', (r) => r.waitingSeconds.max],
  ['servire medie (s)', (r) => r.serviceSeconds.mean],
  ['servire mediană (s)', (r) => r.serviceSeconds.median],
  ['servire p90 (s)', (r) => r.serviceSeconds.p90],
  ['servire maximă (s)', (r) => r.serviceSeconds.max],
  ['în timpul țintă (%)', (r) => (r.withinTarget === null ? null : Math.round(r.withinTarget * 1000) / 10)],
  ['rechemări', (r) => r.recalls],
  ['transferuri', (r) => r.transfers],
];

/** The report as CSV for Excel: a byte order mark, then a line per group. */
export function toCsv(rows: ReportRow[], sep: string): string {
  return CSV_BOM + csvLine(columns.map(([h]) => h), sep) + rows.map((r) => csvLine(columns.map(([, get]) => get(r)), sep)).join('');
}

/** Waiting and service times for managers, over any range of office days, in the office's time zone. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const managers = app.requireStaff('admin', 'manager');
  const reports = new Reports(app.sqlite);

  app.get(
    '/api/reports/waiting',
    {
      schema: { tags: ['reports'], summary: 'Issued, served, no-shows; waiting and service times (seconds) per group', querystring: WaitingReportQuery },
      onRequest: managers,
    },
    async (request, reply) => {
      const { from, to, groupBy = 'service', format = 'json', sep = 'semicolon' } = request.query;
      checkRange(from, to);
      const rows = reports.waiting(app.queue.current, from, to, groupBy);
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="asteptare-${groupBy}-${from}-${to}.csv"`)
          .send(toCsv(rows, sep === 'comma' ? ',' : ';'));
      }
      return { from, to, groupBy, timeZone: app.queue.current.settings.timeZone, rows };
    },
  );

  // The live page's figures in one answer, so the page can ask at once, before its live link is up.
  app.get(
    '/api/reports/today',
    { schema: { tags: ['reports'], summary: "Today's figures by service and by hour, and the same weekday last week by hour" }, onRequest: managers },
    async () => {
      const state = app.queue.current;
      const day = state.officeDay;
      const weekBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 86400_000).toISOString().slice(0, 10);
      const report = (from: string, groupBy: 'service' | 'hour') => ({ from, to: from, groupBy, timeZone: state.settings.timeZone, rows: reports.waiting(state, from, from, groupBy) });
      return { officeDay: day, byService: report(day, 'service'), byHour: report(day, 'hour'), lastWeekByHour: report(weekBefore, 'hour') };
    },
  );

  app.get('/api/reports/heatmap', { schema: { tags: ['reports'], summary: 'Arrivals and waits by weekday and hour', querystring: ReportRangeQuery }, onRequest: managers }, async (request) => {
    checkRange(request.query.from, request.query.to);
    return { ...request.query, ...reports.heatmap(app.queue.current, request.query.from, request.query.to) };
  });

  app.get('/api/reports/counters', { schema: { tags: ['reports'], summary: "Counters' open, paused, busy and idle time; clerks' busy time", querystring: ReportRangeQuery }, onRequest: managers }, async (request) => {
    checkRange(request.query.from, request.query.to);
    return { ...request.query, ...reports.counterTime(app.queue.current, request.query.from, request.query.to) };
  });

  app.get('/api/reports/pauses', { schema: { tags: ['reports'], summary: 'Paused time per counter and reason', querystring: ReportRangeQuery }, onRequest: managers }, async (request) => {
    checkRange(request.query.from, request.query.to);
    return { ...request.query, rows: reports.pauses(app.queue.current, request.query.from, request.query.to) };
  });
};

export default routes;
