import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const started = Date.now();
  app.get('/api/health', { schema: { tags: ['health'], summary: 'Is the server up, and is its database answering' } }, async () => {
    const db = app.sqlite.prepare('SELECT 1 AS ok').get() as { ok: number } | undefined;
    return {
      status: db?.ok === 1 ? 'ok' : 'degraded',
      officeDay: app.queue.current.officeDay,
      seq: app.queue.lastSeq(),
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      /** When this server started (a restart after a restore gives a new one). */
      startedAt: new Date(started).toISOString(),
    };
  });
};

export default routes;
