import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Command, QueueState, Ticket } from '@qms/shared';
import { EmptyBody, IdParams, PauseBody, QmsError, toCounterDto, toTicketDto } from '@qms/shared';
import { runCommand } from '../queue/command';
import { countersView } from '../queue/queue.snapshot';

function counterView(state: QueueState, id: string) {
  const view = countersView(state).find((c) => c.id === id);
  if (!view) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId: id });
  return view;
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.requireStaff();

  app.get('/api/counters', { schema: { tags: ['counters'], summary: 'The counters, their state and what they serve now' } }, async () =>
    countersView(app.queue.current),
  );

  app.post(
    '/api/counters/:id/call-next',
    {
      schema: { tags: ['counters'], summary: 'Call the next ticket to this counter (finishes the current one)', params: IdParams, body: EmptyBody },
      preHandler: staff,
    },
    async (request, reply) =>
      runCommand(request, reply, { type: 'counter/call-next', counterId: request.params.id }, (events, state) => {
        const called = events.find((e) => e.type === 'ticket.called')!.data as { ticket: Ticket };
        return { statusCode: 200, body: { ticket: toTicketDto(called.ticket), counter: toCounterDto(state.counters[request.params.id]!) } };
      }),
  );

  const change = (name: string, summary: string, body: unknown, toCommand: (id: string, body: { reason?: string }) => Command) =>
    app.post(
      `/api/counters/:id/${name}`,
      { schema: { tags: ['counters'], summary, params: IdParams, body: body as typeof EmptyBody }, preHandler: staff },
      async (request, reply) =>
        runCommand(request, reply, toCommand(request.params.id, (request.body ?? {}) as { reason?: string }), (_events, state) => ({
          statusCode: 200,
          body: counterView(state, request.params.id),
        })),
    );

  change('open', 'Open the counter', EmptyBody, (counterId) => ({ type: 'counter/open', counterId }));
  change('pause', 'Pause the counter, with a reason', PauseBody, (counterId, b) => ({ type: 'counter/pause', counterId, reason: b.reason! }));
  change('resume', 'Resume a paused counter', EmptyBody, (counterId) => ({ type: 'counter/resume', counterId }));
  change('close', 'Close the counter', EmptyBody, (counterId) => ({ type: 'counter/close', counterId }));
};

export default routes;
