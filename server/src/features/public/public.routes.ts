import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { officeSettingsDto, QmsError, TicketTokenParams } from '@qms/shared';
import { positionOf } from '../queue/queue.snapshot';

/**
 * The citizen's phone, from the QR code on the ticket: no sign-in, the token is the key. It shows the ticket
 * and where it stands, and nothing about anyone.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/public/tickets/:token',
    { schema: { tags: ['public'], summary: 'A ticket as its holder follows it on a phone', params: TicketTokenParams } },
    async (request) => {
      const id = app.ticketLinks.ticketIdOf(request.params.token);
      const state = app.queue.current;
      const t = id === null ? undefined : (state.tickets[id] ?? app.queueRepo.ticket(id));
      if (!t) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', { ticketId: 'in this link' });
      const service = state.services[t.serviceId];
      const counter = t.counterId ? state.counters[t.counterId] : undefined;
      const { ahead, etaMinutes } = positionOf(state, app.estimator, t, app.clock());
      return {
        ticketId: t.id,
        code: t.code,
        serviceId: t.serviceId,
        serviceRo: service?.nameRo ?? t.serviceId,
        serviceEn: service?.nameEn ?? t.serviceId,
        serviceNames: service?.names ?? {},
        status: t.status,
        ahead,
        etaMinutes,
        counter: counter && (t.status === 'called' || t.status === 'serving') ? { number: counter.number, name: counter.name } : null,
        calledAt: t.calledAt === null ? null : new Date(t.calledAt).toISOString(),
        issuedAt: new Date(t.issuedAt).toISOString(),
        officeName: state.settings.name,
        languages: officeSettingsDto(state.settings).languages,
        seq: app.queue.lastSeq(),
      };
    },
  );
};

export default routes;
