import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { snapshot } from './queue.snapshot';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/queue', { schema: { tags: ['queue'], summary: 'A snapshot of the whole queue: waiting per service, counters, tickets in play' } }, async () =>
    snapshot(app.queue.current, app.clock(), app.queue.lastSeq()),
  );
};

export default routes;
