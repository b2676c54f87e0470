import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TicketPrint } from '@qms/firmware-bridge/printer';
import type { Command, QueueState, Service, Ticket } from '@qms/shared';
import { CheckInBody, DEFAULT_TICKET_FOOTER, IdParams, isActive, KioskIssueBody, officeSettingsDto, QmsError } from '@qms/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { planCheckIn } from '../appointments/check-in';
import type { Device } from '../devices/devices.repository';
import type { PrintResult } from '../printing/print.service';
import { publicBase } from '../public/ticket-link';
import { runCommand } from '../queue/command';
import { estimate, officeToday, servicesView } from '../queue/queue.snapshot';
import { lastTicket, ticketView } from '../tickets/tickets.routes';

export { DEFAULT_TICKET_FOOTER };
const WINDOW_MS = 60_000;
const MAX_REPRINTS = 3;

/** Tickets per kiosk in the last minute: one touch is one ticket, and a hundred touches stop at the limit. */
export class KioskRateLimit {
  private readonly issued = new Map<string, number[]>();

  check(device: Device, now: number): void {
    const recent = this.recent(device.id, now);
    const limit = device.settings.ticketsPerMinute;
    if (recent.length >= limit) {
      const seconds = Math.max(1, Math.ceil((recent[recent.length - limit]! + WINDOW_MS - now) / 1000));
      throw new QmsError('QMS_ERR_KIOSK_RATE_LIMITED', { limit, seconds }, { retryAfterSeconds: seconds });
    }
  }

  record(device: Device, now: number): void {
    this.recent(device.id, now).push(now);
  }

  private recent(id: string, now: number): number[] {
    const list = (this.issued.get(id) ?? []).filter((t) => t > now - WINDOW_MS);
    this.issued.set(id, list);
    return list;
  }
}

const serviceDto = (s: Service) => ({ id: s.id, prefix: s.prefix, nameRo: s.nameRo, nameEn: s.nameEn, names: s.names ?? {}, color: s.color, icon: s.icon });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const kiosk = app.requireDevice('kiosk');
  const limiter = new KioskRateLimit();
  const reprints = new Map<string, number>();
  const publicUrl = app.publicUrl;

  const followUrl = (request: FastifyRequest, ticketId: string): string =>
    `${publicBase(publicUrl, request.protocol, request.headers.host)}/t/${app.ticketLinks.tokenOf(ticketId)}`;

  const printData = (state: QueueState, t: Ticket, url: string): TicketPrint => {
    const s = state.services[t.serviceId];
    const { ahead, etaMinutes } = estimate(state, app.estimator, t, app.clock());
    return {
      officeName: state.settings.name,
      code: t.code,
      serviceRo: s?.nameRo ?? t.serviceId,
      serviceEn: s?.nameEn ?? t.serviceId,
      issuedAt: t.issuedAt,
      timeZone: state.settings.timeZone,
      ahead,
      etaMinutes,
      url,
      footer: state.settings.ticketFooter ?? DEFAULT_TICKET_FOOTER,
      header: state.settings.ticketHeader ?? '',
      logo: app.printing.logo(),
    };
  };

  /**
   * Issues a ticket for this kiosk, then prints it; the ticket is in the queue whether or not it printed.
   * `inCommit` runs inside the command's transaction (a check-in is recorded with its ticket, or not at all).
   */
  const issueAndPrint = async (
    request: FastifyRequest,
    reply: FastifyReply,
    command: Extract<Command, { type: 'ticket/issue' }>,
    inCommit?: (ticket: Ticket) => void,
  ) => {
    const device = request.device!;
    let print: TicketPrint | null = null;
    const body = (await runCommand(request, reply, command, (events, state) => {
      const t = lastTicket(events);
      inCommit?.(t);
      const url = followUrl(request, t.id);
      print = printData(state, t, url);
      return { statusCode: 201, body: { ticket: ticketView(app, state, t), service: serviceDto(state.services[t.serviceId]!), followUrl: url } };
    })) as { ticket: { id: string } };
    let result: PrintResult;
    if (print) {
      limiter.record(device, app.clock());
      result = await app.printing.printTicket(device, body.ticket.id, print);
    } else {
      // The same touch sent again (its answer was lost): the ticket exists; report its print, do not print twice.
      result = app.printing.lastPrintOf(body.ticket.id) ?? { ok: false, status: null, error: { code: 'PRINTER_UNKNOWN', message: 'not printed by this run of the server' } };
    }
    if (!result.ok) request.log.warn({ device: device.name, printer: app.printing.addressFor(device), error: result.error?.code }, 'ticket not printed');
    return { ...body, print: result };
  };

  app.get('/api/kiosk/home', { schema: { tags: ['kiosk'], summary: "What the kiosk's home screen shows" }, onRequest: kiosk }, async (request) => {
    const state = app.queue.current;
    const now = app.clock();
    const device = request.device!;
    const health = app.printing.health(device);
    return {
      device: { id: device.id, name: device.name },
      office: officeToday(state.settings, now),
      languages: officeSettingsDto(state.settings).languages,
      services: servicesView(state, now)
        .filter(isActive)
        .map((s) => ({
          ...serviceDto(s),
          kioskOrder: s.kioskOrder,
          issuing: s.issuing,
          notIssuingReason: s.notIssuingReason,
          waiting: s.waiting,
          // A ticket taken now has everyone waiting ahead of it.
          etaMinutes: app.estimator.forNew(state, s.id, now).etaMinutes,
        })),
      printer: { ...health, checkedAt: health.checkedAt === null ? null : new Date(health.checkedAt).toISOString() },
      seq: app.queue.lastSeq(),
    };
  });

  app.post(
    '/api/kiosk/tickets',
    {
      schema: { tags: ['kiosk'], summary: 'A citizen takes a ticket: issued, then printed on this kiosk’s printer', body: KioskIssueBody },
      onRequest: kiosk,
    },
    async (request, reply) => {
      limiter.check(request.device!, app.clock());
      const { serviceId, priority, lang } = request.body;
      return issueAndPrint(request, reply, { type: 'ticket/issue', serviceId, priority: priority ?? null, lang: lang ?? 'ro' });
    },
  );

  app.post(
    '/api/kiosk/tickets/:id/reprint',
    { schema: { tags: ['kiosk'], summary: 'Print a ticket again (after a failed print)', params: IdParams }, onRequest: kiosk },
    async (request) => {
      const state = app.queue.current;
      const t = state.tickets[request.params.id];
      if (!t) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', { ticketId: request.params.id });
      // A citizen whose ticket did not print may try again, a few times, whatever the kiosk's rate.
      const tries = (reprints.get(t.id) ?? 0) + 1;
      if (tries > MAX_REPRINTS) throw new QmsError('QMS_ERR_KIOSK_RATE_LIMITED', { limit: MAX_REPRINTS, seconds: 60 }, { retryAfterSeconds: 60 });
      reprints.set(t.id, tries);
      if (reprints.size > 2000) reprints.delete(reprints.keys().next().value!);
      return { print: await app.printing.printTicket(request.device!, t.id, printData(state, t, followUrl(request, t.id))) };
    },
  );

  app.get('/api/kiosk/printer', { schema: { tags: ['kiosk'], summary: "Reads this kiosk's printer status now" }, onRequest: kiosk }, async (request) => {
    const h = await app.printing.check(request.device!);
    return { ...h, checkedAt: h.checkedAt === null ? null : new Date(h.checkedAt).toISOString() };
  });

  app.post(
    '/api/kiosk/check-in',
    { schema: { tags: ['kiosk'], summary: 'Check in for an appointment by its booking reference (typed or scanned)', body: CheckInBody }, onRequest: kiosk },
    async (request, reply) => {
      const state = app.queue.current;
      const now = app.clock();
      const a = app.appointments.byRef(state.officeDay, request.body.ref);
      if (!a) throw new QmsError('QMS_ERR_APPOINTMENT_NOT_FOUND', { ref: request.body.ref });
      const plan = planCheckIn(a, app.appointments.settings(), state, now, request.body.lang ?? 'ro');
      const appointment = { slotAt: new Date(a.slotAt).toISOString(), serviceId: a.serviceId, late: plan.kind === 'late' };
      if (plan.kind === 'already') {
        // Checked in before (a second scan, a lost answer): the same ticket, printed again.
        const t = state.tickets[plan.ticketId] ?? app.queueRepo.ticket(plan.ticketId);
        if (!t) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', { ticketId: plan.ticketId });
        const url = followUrl(request, t.id);
        const print = t.status === 'waiting' ? await app.printing.printTicket(request.device!, t.id, printData(state, t, url)) : app.printing.lastPrintOf(t.id);
        return { ticket: ticketView(app, state, t), service: serviceDto(state.services[t.serviceId]!), followUrl: url, print, appointment };
      }
      limiter.check(request.device!, now);
      const issued = await issueAndPrint(request, reply, plan.command, (t) => app.appointments.checkIn(a.id, t.id, now));
      return { ...issued, appointment };
    },
  );
};

export default routes;
