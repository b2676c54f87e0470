import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EmptyBody, IdParams } from '@qms/shared';
import { runCommand } from '../queue/command';
import { servicesView } from '../queue/queue.snapshot';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/services', { schema: { tags: ['services'], summary: 'The services, whether they issue tickets now, and their queues' } }, async () =>
    servicesView(app.queue.current, app.clock()),
  );

  for (const [name, summary] of [
    ['open', 'Start issuing tickets for the service again'],
    ['close', 'Stop issuing tickets for the service (the kiosk says so)'],
  ] as const) {
    app.post(
      `/api/services/:id/${name}`,
      { schema: { tags: ['services'], summary, params: IdParams, body: EmptyBody }, onRequest: app.requireStaff('admin', 'manager') },
      async (request, reply) =>
        runCommand(request, reply, { type: `service/${name}`, serviceId: request.params.id }, (_events, state) => ({
          statusCode: 200,
          body: servicesView(state, app.clock()).find((s) => s.id === request.params.id),
        })),
    );
  }
};

export default routes;
