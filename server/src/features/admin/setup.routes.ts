import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Counter, CounterAdminDto, QueueEvent, QueueState, SetupCommand } from '@qms/shared';
import { CounterBody, EmptyBody, IdParams, QmsError, RetireServiceBody, serviceAdminDto, ServiceBody } from '@qms/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { runCommand } from '../queue/command';

const counterAdminDto = (c: Counter): CounterAdminDto => ({
  id: c.id,
  number: c.number,
  name: c.name,
  location: c.location ?? '',
  services: c.services.map(({ serviceId, order, weight }) => ({ serviceId, order, weight })),
  priorityRatio: c.priorityRatio ?? null,
  active: c.active !== false,
  state: c.state,
});

function serviceOf(state: QueueState, id: string) {
  const s = state.services[id];
  if (!s) throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', { serviceId: id });
  return serviceAdminDto(state, s);
}

function counterOf(state: QueueState, id: string) {
  const c = state.counters[id];
  if (!c) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId: id });
  return counterAdminDto(c);
}

/** The id a create command gave its new record (its event carries it). */
const savedId = (events: QueueEvent[]): string => {
  for (const e of events) {
    if (e.type === 'service.saved') return e.data.service.id;
    if (e.type === 'counter.saved') return e.data.counter.id;
  }
  throw new QmsError('QMS_ERR_INTERNAL');
};

/**
 * The services and counters as the administrator sets them up. Each change is a queue command (ordered with
 * the queue's, in the event log, live at once); kiosks and displays are told to fetch their home again.
 * Retiring keeps a service or counter for the reports: nothing is ever deleted.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const read = app.requireStaff('admin', 'manager');
  const admin = app.requireStaff('admin');
  const tags = ['setup'];

  /** Runs a setup command, answers with what `answer` makes of the state after it, and tells the screens. */
  const change = async (
    request: FastifyRequest,
    reply: FastifyReply,
    command: SetupCommand,
    statusCode: number,
    answer: (state: QueueState, events: QueueEvent[]) => unknown,
  ) => {
    const body = await runCommand(request, reply, command, (events, state) => ({ statusCode, body: answer(state, events) }));
    app.broadcastChange('office');
    return body;
  };

  app.get('/api/admin/services', { schema: { tags, summary: 'Every service, retired ones too, in kiosk order, with today’s figures' }, onRequest: read }, async () => {
    const state = app.queue.current;
    return Object.values(state.services)
      .sort((a, b) => a.kioskOrder - b.kioskOrder || a.prefix.localeCompare(b.prefix))
      .map((s) => serviceAdminDto(state, s));
  });

  app.post('/api/admin/services', { schema: { tags, summary: 'Create a service (its id comes from the English name)', body: ServiceBody }, onRequest: admin }, async (request, reply) =>
    change(request, reply, { type: 'service/save', service: request.body }, 201, (state, events) => serviceOf(state, savedId(events))),
  );

  app.put(
    '/api/admin/services/:id',
    { schema: { tags, summary: 'Change a service', params: IdParams, body: ServiceBody }, onRequest: admin },
    async (request, reply) =>
      change(request, reply, { type: 'service/save', serviceId: request.params.id, service: request.body }, 200, (state) => serviceOf(state, request.params.id)),
  );

  app.delete(
    '/api/admin/services/:id',
    {
      schema: {
        tags,
        summary: 'Retire a service: no longer offered, kept for the reports. With tickets waiting, say whether they move (transfer) or are still called today (finish)',
        params: IdParams,
        body: RetireServiceBody,
      },
      onRequest: admin,
    },
    async (request, reply) => {
      const { waiting = null, toServiceId = null } = request.body ?? {};
      return change(request, reply, { type: 'service/retire', serviceId: request.params.id, waiting, toServiceId }, 200, (state, events) => ({
        service: serviceOf(state, request.params.id),
        transferred: events.filter((e) => e.type === 'ticket.transferred').length,
      }));
    },
  );

  app.post(
    '/api/admin/services/:id/restore',
    { schema: { tags, summary: 'Bring a retired service back', params: IdParams, body: EmptyBody }, onRequest: admin },
    async (request, reply) => change(request, reply, { type: 'service/restore', serviceId: request.params.id }, 200, (state) => serviceOf(state, request.params.id)),
  );

  app.get('/api/admin/counters', { schema: { tags, summary: 'Every counter, retired ones too, by number' }, onRequest: read }, async () =>
    Object.values(app.queue.current.counters)
      .sort((a, b) => a.number - b.number || Number(b.active !== false) - Number(a.active !== false))
      .map(counterAdminDto),
  );

  app.post('/api/admin/counters', { schema: { tags, summary: "Create a counter (its id is 'c' and its number); it starts closed", body: CounterBody }, onRequest: admin }, async (request, reply) =>
    change(request, reply, { type: 'counter/save', counter: request.body }, 201, (state, events) => counterOf(state, savedId(events))),
  );

  app.put(
    '/api/admin/counters/:id',
    { schema: { tags, summary: 'Change a counter', params: IdParams, body: CounterBody }, onRequest: admin },
    async (request, reply) =>
      change(request, reply, { type: 'counter/save', counterId: request.params.id, counter: request.body }, 200, (state) => counterOf(state, request.params.id)),
  );

  app.delete(
    '/api/admin/counters/:id',
    {
      schema: { tags, summary: 'Retire a closed counter with no ticket at it; tickets sent to it go back to their service’s queue', params: IdParams },
      onRequest: admin,
    },
    async (request, reply) => change(request, reply, { type: 'counter/retire', counterId: request.params.id }, 200, (state) => counterOf(state, request.params.id)),
  );
};

export default routes;
