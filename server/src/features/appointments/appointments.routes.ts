import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppointmentSettingsBody, AppointmentsQuery, IdParams, officeDayOf, QmsError, toTicketDto } from '@qms/shared';
import { lastTicket } from '../tickets/tickets.routes';
import { runCommand } from '../queue/command';
import type { Appointment, AppointmentSettings, SourceConfig } from './appointments.repository';
import { planCheckIn } from './check-in';
import { parseAppointmentsCsv, SourceError, sourceFromConfig } from './sources/index';

const SECRET = '••••••';
const SECRET_KEYS = new Set(['token', 'password', 'apiKey', 'secret']);

/** Credentials never leave the server: a settings read shows them masked. */
function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) && typeof v === 'string' ? SECRET : mask(v)]));
  }
  return value;
}

/** A masked value sent back (the form as it was read) keeps the stored secret at the same place. */
function keepSecrets(value: unknown, stored: unknown): unknown {
  const at = (k: string | number) => (stored && typeof stored === 'object' ? (stored as Record<string, unknown>)[k] : undefined);
  if (Array.isArray(value)) return value.map((v, i) => keepSecrets(v, at(i)));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) && v === SECRET ? at(k) : keepSecrets(v, at(k))]));
  }
  return value;
}

/** Managers see the day's appointments and how the sync goes; clerks see the name behind a ticket at their counter. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const managers = app.requireStaff('admin', 'manager');
  const admins = app.requireStaff('admin');
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const view = (a: Appointment) => {
    const t = a.ticketId ? (app.queue.current.tickets[a.ticketId] ?? app.queueRepo.ticket(a.ticketId)) : undefined;
    return { id: a.id, source: a.source, ref: a.ref, officeDay: a.officeDay, slotAt: iso(a.slotAt), endAt: iso(a.endAt), serviceId: a.serviceId, name: a.name, status: a.status, checkedInAt: iso(a.checkedInAt), ticket: t ? { id: t.id, code: t.code, status: t.status } : null };
  };

  app.get('/api/appointments', { schema: { tags: ['appointments'], summary: "A day's appointments (today by default), optionally matching a name or reference", querystring: AppointmentsQuery }, onRequest: managers }, async (request) => {
    const day = request.query.day ?? app.queue.current.officeDay;
    const q = request.query.q?.trim().toLocaleLowerCase('ro');
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('ro');
    return app.appointments
      .ofDay(day)
      .filter((a) => !q || fold(a.ref).includes(fold(q)) || (a.name !== null && fold(a.name).includes(fold(q))))
      .map(view);
  });

  app.get('/api/appointments/for-ticket/:id', { schema: { tags: ['appointments'], summary: 'The appointment behind a ticket, for the clerk calling it', params: IdParams }, onRequest: app.requireStaff() }, async (request) => {
    const a = app.appointments.byTicket(request.params.id);
    if (!a) throw new QmsError('QMS_ERR_NOT_FOUND', { detail: `an appointment for ticket ${request.params.id}` });
    return { ref: a.ref, name: a.name, slotAt: iso(a.slotAt), serviceId: a.serviceId };
  });

  app.post('/api/appointments/:id/check-in', { schema: { tags: ['appointments'], summary: 'A manager checks a citizen in (by name or reference, from the list)', params: IdParams }, onRequest: managers }, async (request, reply) => {
    const a = app.appointments.get(request.params.id);
    const now = app.clock();
    const plan = planCheckIn(a, app.appointments.settings(), app.queue.current, now);
    if (plan.kind === 'already') return { ...view(a), late: false };
    await runCommand(request, reply, plan.command, (events) => {
      const t = lastTicket(events);
      app.appointments.checkIn(a.id, t.id, now);
      return { statusCode: 201, body: toTicketDto(t) };
    });
    reply.code(201);
    return { ...view(app.appointments.get(a.id)), late: plan.kind === 'late' };
  });

  app.post('/api/appointments/sync', { schema: { tags: ['appointments'], summary: 'Sync every source now' }, onRequest: managers }, async (request) => {
    const runs = await app.appointmentSync.syncNow();
    request.audit('appointments/sync', null, { sources: runs.length, ok: runs.filter((r) => r.ok).length });
    return { runs: runs.map((r) => ({ ...r, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt) })) };
  });

  app.get('/api/appointments/status', { schema: { tags: ['appointments'], summary: 'How the sync goes: last success, counts and every error, per source' }, onRequest: managers }, async () => {
    const settings = app.appointments.settings();
    const runs = app.appointments.runs(50);
    const today = app.queue.current.officeDay;
    const list = app.appointments.ofDay(today);
    return {
      today: { day: today, booked: list.filter((a) => a.status === 'booked').length, checkedIn: list.filter((a) => a.checkedInAt !== null).length },
      sources: settings.sources.map((s) => {
        const good = app.appointments.lastGoodRun(s.id);
        const last = runs.find((r) => r.source === s.id);
        return {
          id: s.id,
          name: s.name,
          kind: s.kind,
          enabled: s.enabled,
          lastSuccessAt: iso(good?.finishedAt ?? null),
          lastRun: last ? { ...last, startedAt: iso(last.startedAt), finishedAt: iso(last.finishedAt) } : null,
          nextAttemptAt: iso(app.appointmentSync.nextAttempt(s.id)),
        };
      }),
    };
  });

  app.get('/api/appointments/settings', { schema: { tags: ['appointments'], summary: 'Sources, service mapping, sync times, retention and check-in windows (credentials masked)' }, onRequest: admins }, async () =>
    mask(app.appointments.settings()),
  );

  app.put('/api/appointments/settings', { schema: { tags: ['appointments'], summary: 'Change the appointment settings', body: AppointmentSettingsBody }, onRequest: admins }, async (request) => {
    const current = app.appointments.settings();
    const next = keepSecrets(request.body, current) as AppointmentSettings;
    const services = app.queue.current.services;
    const ids = new Set<string>();
    for (const s of next.sources as SourceConfig[]) {
      if (ids.has(s.id)) throw new QmsError('QMS_ERR_APPOINTMENTS_CONFIG', { detail: `two sources are called ${s.id}` }, { field: 'sources' });
      ids.add(s.id);
      const unknown = Object.values(s.serviceMap).filter((id) => !services[id]);
      if (unknown.length > 0) throw new QmsError('QMS_ERR_APPOINTMENTS_CONFIG', { detail: `source ${s.id} maps to no service ${unknown.join(', ')}` }, { field: 'serviceMap' });
      try {
        sourceFromConfig({ kind: s.kind, ...s.options });
      } catch (e) {
        throw new QmsError('QMS_ERR_APPOINTMENTS_CONFIG', { detail: `source ${s.id}: ${(e as Error).message}` }, { field: 'options' });
      }
    }
    app.appointments.saveSettings(next);
    request.audit('appointments/settings', null, { sources: next.sources.length });
    return mask(next);
  });

  // A manager uploads the day's list as CSV when the internet is down.
  app.addContentTypeParser(/^text\/(csv|plain)/, { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  app.post('/api/appointments/import', { schema: { tags: ['appointments'], summary: 'Import appointments from a CSV file (the raw file as the body)' }, onRequest: managers }, async (request) => {
    if (typeof request.body !== 'string' || request.body.length === 0) throw new QmsError('QMS_ERR_VALIDATION', { detail: 'send the CSV file as the body (Content-Type: text/csv)' });
    const state = app.queue.current;
    const tz = state.settings.timeZone;
    let parsed: ReturnType<typeof parseAppointmentsCsv>;
    try {
      parsed = parseAppointmentsCsv(request.body, { timeZone: tz });
    } catch (e) {
      // A file that cannot be used at all (no header, a column missing): nothing is imported.
      if (e instanceof SourceError) throw new QmsError('QMS_ERR_VALIDATION', { detail: e.message }, { field: 'file' });
      throw e;
    }
    const { appointments, problems } = parsed;
    // Services in the file may be named by the queue's id, prefix letter or Romanian or English name.
    const serviceMap: Record<string, string> = {};
    for (const s of Object.values(state.services)) for (const k of [s.id, s.prefix, s.nameRo, s.nameEn]) serviceMap[k] = s.id;
    const byDay = new Map<string, typeof appointments>();
    for (const a of appointments) {
      const day = officeDayOf(a.start, tz);
      byDay.set(day, [...(byDay.get(day) ?? []), a]);
    }
    const total = { imported: 0, updated: 0, cancelled: 0, problems: [...problems] };
    for (const [day, list] of byDay) {
      const out = app.appointments.applyDay('csv', day, list, serviceMap, app.clock(), (ms) => officeDayOf(ms, tz));
      total.imported += out.imported;
      total.updated += out.updated;
      total.cancelled += out.cancelled;
      total.problems.push(...out.problems);
    }
    const now = app.clock();
    app.appointments.recordRun({ source: 'csv', startedAt: now, finishedAt: now, ok: true, ...total, error: null });
    request.audit('appointments/import', null, { imported: total.imported, problems: total.problems.length });
    return total;
  });
};

export default routes;
