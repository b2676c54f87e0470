import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Command, QueueState, Ticket } from '@qms/shared';
import { EmptyBody, Id, IdParams, PauseBody, QmsError, toCounterDto, toTicketDto } from '@qms/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { runCommand } from '../queue/command';
import { countersView } from '../queue/queue.snapshot';

function counterView(state: QueueState, id: string) {
  const view = countersView(state).find((c) => c.id === id);
  if (!view) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId: id });
  return view;
}

const currentActions = {
  recall: 'ticket/recall',
  start: 'ticket/start',
  finish: 'ticket/finish',
  'no-show': 'ticket/no-show',
} as const;

const CurrentParams = Type.Object({ id: Id, action: Type.Enum(Object.keys(currentActions) as (keyof typeof currentActions)[]) }, { additionalProperties: false });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const staffOnly = app.requireStaff();
  /**
   * Staff, or a paired bridge whose keypads and wireless buttons work for this counter (its `counters`
   * setting; all when none are named). A bridge acts as the counter itself, so it can only touch the
   * counter's own tickets.
   */
  const staff = async (request: FastifyRequest, reply: FastifyReply) => {
    const d = request.device;
    if (d?.kind !== 'bridge') return staffOnly(request, reply);
    const id = (request.params as { id: string }).id;
    if (d.settings.counters !== null && !d.settings.counters.includes(id)) throw new QmsError('QMS_ERR_FORBIDDEN', { detail: `this bridge does not work for counter ${id}` });
  };
  const asCounter = (request: FastifyRequest) => (request.device?.kind === 'bridge' ? { counterId: (request.params as { id: string }).id, username: null } : undefined);

  app.get('/api/counters', { schema: { tags: ['counters'], summary: 'The counters, their state and what they serve now' } }, async () =>
    countersView(app.queue.current),
  );

  app.post(
    '/api/counters/:id/call-next',
    {
      schema: { tags: ['counters'], summary: 'Call the next ticket to this counter (finishes the current one)', params: IdParams, body: EmptyBody },
      onRequest: staff,
    },
    async (request, reply) =>
      runCommand(
        request,
        reply,
        { type: 'counter/call-next', counterId: request.params.id },
        (events, state) => {
          const called = events.find((e) => e.type === 'ticket.called')!.data as { ticket: Ticket };
          return { statusCode: 200, body: { ticket: toTicketDto(called.ticket), counter: toCounterDto(state.counters[request.params.id]!) } };
        },
        asCounter(request),
      ),
  );

  const change = (name: string, summary: string, body: unknown, toCommand: (id: string, body: { reason?: string }) => Command) =>
    app.post(
      `/api/counters/:id/${name}`,
      { schema: { tags: ['counters'], summary, params: IdParams, body: body as typeof EmptyBody }, onRequest: staff },
      async (request, reply) =>
        runCommand(
          request,
          reply,
          toCommand(request.params.id, (request.body ?? {}) as { reason?: string }),
          (_events, state) => ({ statusCode: 200, body: counterView(state, request.params.id) }),
          asCounter(request),
        ),
    );

  change('open', 'Open the counter', EmptyBody, (counterId) => ({ type: 'counter/open', counterId }));
  change('pause', 'Pause the counter, with a reason', PauseBody, (counterId, b) => ({ type: 'counter/pause', counterId, reason: b.reason! }));
  change('resume', 'Resume a paused counter', EmptyBody, (counterId) => ({ type: 'counter/resume', counterId }));
  change('close', 'Close the counter', EmptyBody, (counterId) => ({ type: 'counter/close', counterId }));

  // For a keypad or a wireless button, which knows its counter but not the ticket at it.
  app.post(
    '/api/counters/:id/current/:action',
    {
      schema: { tags: ['counters'], summary: "Recall, start, finish or mark no-show the ticket at this counter", params: CurrentParams, body: EmptyBody },
      onRequest: staff,
    },
    async (request, reply) => {
      const counter = app.queue.current.counters[request.params.id];
      if (!counter) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId: request.params.id });
      if (!counter.currentTicketId) throw new QmsError('QMS_ERR_NO_CURRENT_TICKET', { counter: counter.number });
      const ticketId = counter.currentTicketId;
      const type = currentActions[request.params.action];
      const command = (type === 'ticket/finish' ? { type, ticketId, outcome: null } : { type, ticketId }) as Command;
      return runCommand(
        request,
        reply,
        command,
        (events) => {
          const last = [...events].reverse().find((e) => 'ticket' in e.data)!.data as { ticket: Ticket };
          return { statusCode: 200, body: toTicketDto(last.ticket) };
        },
        asCounter(request),
      );
    },
  );
};

export default routes;
