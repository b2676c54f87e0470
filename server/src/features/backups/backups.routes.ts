import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { officeDayOf } from '@qms/shared';
import { createReadStream } from 'node:fs';
import { Type } from 'typebox';

const NameParams = Type.Object({ name: Type.String({ pattern: '^qms-[A-Za-z0-9-]+\\.sqlite$' }) }, { additionalProperties: false });

/** Administrators list, take and download backups of the database. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireStaff('admin');
  const view = (b: { name: string; bytes: number; createdAt: number }) => ({ ...b, createdAt: new Date(b.createdAt).toISOString() });

  app.get('/api/backups', { schema: { tags: ['backups'], summary: 'The copies of the database in DATA_DIR/backups, newest first' }, onRequest: admins }, async () =>
    app.backups.list().map(view),
  );

  app.post('/api/backups', { schema: { tags: ['backups'], summary: "Take today's backup now (replacing today's if there is one)" }, onRequest: admins }, async (request, reply) => {
    const made = await app.backups.take(`qms-${officeDayOf(app.clock(), app.queue.current.settings.timeZone)}.sqlite`);
    request.audit('backup/take', made.name, { bytes: made.bytes });
    reply.code(201);
    return view(made);
  });

  app.get('/api/backups/:name', { schema: { tags: ['backups'], summary: 'Download a backup', params: NameParams }, onRequest: admins }, async (request, reply) => {
    const path = app.backups.path(request.params.name);
    request.audit('backup/download', request.params.name);
    return reply
      .type('application/vnd.sqlite3')
      .header('content-disposition', `attachment; filename="${request.params.name}"`)
      .send(createReadStream(path));
  });
};

export default routes;
