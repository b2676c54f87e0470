import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { officeDayOf, QmsError } from '@qms/shared';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { deviceOf } from '../audit/device';
import { BACKUP_NAME } from './backups';
import { checkBackup, MAX_BACKUP_BYTES, receiveUpload, removeDatabase, type RestoreJob } from './restore';

const NameParams = Type.Object({ name: Type.String({ pattern: BACKUP_NAME.source }) }, { additionalProperties: false });
const RestoreQuery = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false });

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

  // A backup file to restore arrives as the body itself; the route takes the stream and writes it to disk.
  app.addContentTypeParser(/^application\/(octet-stream|vnd\.sqlite3|x-sqlite3)$/, (_request, payload, done) => done(null, payload));
  app.post(
    '/api/backups/restore',
    {
      schema: {
        tags: ['backups'],
        summary:
          'Restore a backup (the file as an application/octet-stream body, up to 2 GiB; `name` is its file name, for the audit log). ' +
          'Checked first; then the server answers 202 and restarts on it within seconds, keeping the replaced database in backups/',
        querystring: RestoreQuery,
      },
      onRequest: admins,
      bodyLimit: MAX_BACKUP_BYTES,
    },
    async (request, reply) => {
      if (app.backups.restoring) throw new QmsError('QMS_ERR_BAD_BACKUP', { detail: 'another restore is under way' });
      if (!app.backups.canRestore) throw new QmsError('QMS_ERR_BAD_BACKUP', { detail: 'this server was not started to restart itself (src/server.ts does); restore by hand' });
      if (!(request.body instanceof Readable)) throw new QmsError('QMS_ERR_BAD_BACKUP', { detail: 'send the file itself as the body, as application/octet-stream' });
      if (Number(request.headers['content-length'] ?? 0) > MAX_BACKUP_BYTES) throw new QmsError('QMS_ERR_BAD_BACKUP', { detail: 'the file is larger than 2 GiB' });
      const file = join(app.backups.dataDir, `restore-${randomBytes(6).toString('hex')}.sqlite`);
      app.backups.restoring = true;
      let job: RestoreJob;
      try {
        const bytes = await receiveUpload(request.body, file);
        const facts = await checkBackup(file);
        job = { file, name: request.query.name ?? null, bytes, ...facts, by: { username: request.user?.username ?? null, device: deviceOf(request.ip, request.headers['user-agent']) } };
      } catch (e) {
        removeDatabase(file);
        app.backups.restoring = false;
        throw e;
      }
      request.log.warn({ backup: job.name, bytes: job.bytes, officeDay: job.officeDay, by: job.by.username }, 'restoring a backup: the server restarts');
      // Once the answer is out, the server closes and comes back on the restored database.
      reply.raw.once('close', () => app.backups.requestRestore(job));
      reply.code(202);
      return { restoredFrom: job.name, officeDay: job.officeDay, tickets: job.tickets };
    },
  );
};

export default routes;
