import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Command, QueueEvent, QueueState, Ticket } from '@qms/shared';
import { EmptyBody, FinishBody, IdParams, IssueTicketBody, QmsError, ReactivateBody, toTicketDto, TransferBody } from '@qms/shared';
import { runCommand } from '../queue/command';
import { estimate } from '../queue/queue.snapshot';

/** The ticket a command's events end with, as clients see it. */
export function lastTicket(events: QueueEvent[]): Ticket {
  for (let i = events.length - 1; i >= 0; i--) {
    const d = events[i]!.data as { ticket?: Ticket };
    if (d.ticket) return d.ticket;
  }
  throw new Error('command produced no ticket');
}

export function ticketView(app: FastifyInstance, state: QueueState, t: Ticket) {
  return { ...toTicketDto(t), ...estimate(state, app.estimator, t, app.clock()) };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.requireStaff();

  app.post(
    '/api/tickets',
    {
      schema: { tags: ['tickets'], summary: 'Issue a ticket for a service', body: IssueTicketBody },
      onRequest: staff,
    },
    async (request, reply) =>
      runCommand(request, reply, { type: 'ticket/issue', ...request.body }, (events, state) => ({
        statusCode: 201,
        body: ticketView(app, state, lastTicket(events)),
      })),
  );

  app.get('/api/tickets/:id', { schema: { tags: ['tickets'], summary: 'A ticket, with people ahead and the estimated wait', params: IdParams } }, async (request) => {
    const state = app.queue.current;
    const live = state.tickets[request.params.id];
    if (live) return ticketView(app, state, live);
    const stored = app.queueRepo.ticket(request.params.id);
    if (!stored) throw new QmsError('QMS_ERR_TICKET_NOT_FOUND', { ticketId: request.params.id });
    return { ...toTicketDto(stored), ahead: 0, etaMinutes: 0 };
  });

  const action = <B>(name: string, summary: string, body: unknown, toCommand: (id: string, body: B) => Command) =>
    app.post(
      `/api/tickets/:id/${name}`,
      { schema: { tags: ['tickets'], summary, params: IdParams, body: body as typeof EmptyBody }, onRequest: staff },
      async (request, reply) =>
        runCommand(request, reply, toCommand(request.params.id, (request.body ?? {}) as B), (events, state) => ({
          statusCode: 200,
          body: ticketView(app, state, lastTicket(events)),
        })),
    );

  action('recall', 'Call the ticket again (announced again)', EmptyBody, (ticketId) => ({ type: 'ticket/recall', ticketId }));
  action('start', 'The citizen arrived at the counter: service starts', EmptyBody, (ticketId) => ({ type: 'ticket/start', ticketId }));
  action<{ outcome?: string | null }>('finish', 'Service finished, with an optional outcome', FinishBody, (ticketId, b) => ({
    type: 'ticket/finish',
    ticketId,
    outcome: b.outcome ?? null,
  }));
  action('no-show', 'The citizen did not come when called', EmptyBody, (ticketId) => ({ type: 'ticket/no-show', ticketId }));
  action<{ position?: 'front' | 'back' }>('reactivate', 'Put a no-show ticket back in the queue (within the grace time)', ReactivateBody, (ticketId, b) => ({
    type: 'ticket/reactivate',
    ticketId,
    position: b.position ?? 'front',
  }));
  action<TransferBody>('transfer', 'Send the ticket to another service or counter; it keeps its number', TransferBody, (ticketId, b) => ({
    type: 'ticket/transfer',
    ticketId,
    serviceId: b.serviceId ?? null,
    counterId: b.counterId ?? null,
    position: b.position ?? 'back',
    note: b.note ?? null,
  }));
  action('cancel', 'Cancel the ticket', EmptyBody, (ticketId) => ({ type: 'ticket/cancel', ticketId }));
};

export default routes;
