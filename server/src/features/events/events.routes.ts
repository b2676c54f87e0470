import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QmsError } from '@qms/shared';
import Database from 'better-sqlite3';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { CSV_BOM, csvLine } from '../reports/csv';

/** Longest range one export covers. */
const MAX_DAYS = 366;
/** Rows are sent in pieces of about this many characters. */
const CHUNK = 64 * 1024;

const ExportQuery = Type.Object(
  {
    from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('ndjson')])),
  },
  { additionalProperties: false },
);

/** One event as exported: what happened, when, to which ticket, where and by whom; never a citizen's data or a note. */
export interface ExportedEvent {
  seq: number;
  at: string;
  officeDay: string;
  type: string;
  ticket: string | null;
  service: string | null;
  counter: string | null;
  user: string | null;
}

const CSV_COLUMNS = ['nr', 'moment', 'zi', 'eveniment', 'bon', 'serviciu', 'ghișeu', 'utilizator'];

interface EventRow {
  seq: number;
  at: number;
  officeDay: string;
  type: string;
  data: string;
}

interface Involved {
  ticket?: { code?: string; serviceId?: string; counterId?: string | null; servedBy?: string | null };
  service?: { id?: string };
  counter?: { id?: string } | null;
}

export function exportedEvent(row: EventRow): ExportedEvent {
  const d = JSON.parse(row.data) as Involved;
  return {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    officeDay: row.officeDay,
    type: row.type,
    ticket: d.ticket?.code ?? null,
    service: d.ticket?.serviceId ?? d.service?.id ?? null,
    counter: d.counter?.id ?? d.ticket?.counterId ?? null,
    user: d.ticket?.servedBy ?? null,
  };
}

/** A date that reads back as itself (2026-02-30 is not one), as ms at UTC midnight; null otherwise. */
function dayMs(s: string): number | null {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s ? ms : null;
}

function checkRange(from: string, to: string): void {
  const a = dayMs(from);
  const b = dayMs(to);
  if (a === null) throw new QmsError('QMS_ERR_BAD_RANGE', { detail: `${from} is not a date` }, { field: 'from' });
  if (b === null) throw new QmsError('QMS_ERR_BAD_RANGE', { detail: `${to} is not a date` }, { field: 'to' });
  if (a > b) throw new QmsError('QMS_ERR_BAD_RANGE', { detail: `it ends (${to}) before it starts (${from})` }, { field: 'to' });
  if ((b - a) / 86400_000 + 1 > MAX_DAYS) throw new QmsError('QMS_ERR_BAD_RANGE', { detail: `an export covers at most ${MAX_DAYS} days` }, { field: 'to' });
}

/**
 * The rows of the range, read on a connection of its own (a read snapshot that never holds up the queue's
 * writes) and turned into text a piece at a time, as the client takes them.
 */
function* exportText(file: string, from: string, to: string, format: 'csv' | 'ndjson'): Generator<string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // The range's rows lie between its first and last seq (office days move forward with the log): read in
    // the table's own order, without sorting a year of rows before the first one is sent.
    const { first, last } = db.prepare('SELECT min(seq) AS first, max(seq) AS last FROM events WHERE office_day BETWEEN ? AND ?').get(from, to) as { first: number | null; last: number | null };
    const rows = db
      .prepare('SELECT seq, at, office_day AS officeDay, type, data FROM events WHERE seq BETWEEN ? AND ? AND +office_day BETWEEN ? AND ? ORDER BY seq')
      .iterate(first ?? 0, last ?? -1, from, to) as IterableIterator<EventRow>;
    let out = format === 'csv' ? CSV_BOM + csvLine(CSV_COLUMNS, ';') : '';
    for (const row of rows) {
      const e = exportedEvent(row);
      out += format === 'csv' ? csvLine([e.seq, e.at, e.officeDay, e.type, e.ticket, e.service, e.counter, e.user], ';') : `${JSON.stringify(e)}\n`;
      if (out.length >= CHUNK) {
        yield out;
        out = '';
      }
    }
    if (out) yield out;
  } finally {
    db.close();
  }
}

/** The event log for auditors and spreadsheets, streamed however long the range. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const managers = app.requireStaff('admin', 'manager');

  app.get(
    '/api/events/export',
    {
      schema: {
        tags: ['reports'],
        summary: 'The event log of a range of office days (at most 366) as CSV for Excel or NDJSON: seq, time, day, type, ticket, service, counter, user',
        querystring: ExportQuery,
      },
      onRequest: managers,
    },
    async (request, reply) => {
      const { from, to, format = 'csv' } = request.query;
      checkRange(from, to);
      request.audit('events/export', null, { from, to, format });
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="evenimente-${from}-${to}.${format}"`)
        .send(Readable.from(exportText(app.sqlite.name, from, to, format), { objectMode: false }));
    },
  );
};

export default routes;
