import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const started = Date.now();
  app.get('/api/health', { schema: { tags: ['health'], summary: 'Is the server up, is its database answering, can its data folder be written' } }, async () => {
    const db = app.sqlite.prepare('SELECT 1 AS ok').get() as { ok: number } | undefined;
    const storage = app.storage.health();
    return {
      status: db?.ok === 1 && storage.writable && storage.freeBytes !== 0 ? 'ok' : 'degraded',
      officeDay: app.queue.current.officeDay,
      seq: app.queue.lastSeq(),
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      /** When this server started (a restart after a restore gives a new one). */
      startedAt: new Date(started).toISOString(),
      /** The data folder's disk: writable, free bytes, low on space. */
      storage,
    };
  });
};

export default routes;
