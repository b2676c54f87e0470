import { isQmsError, QmsError } from '@qms/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { StorageProbe } from '../features/health/storage';

declare module 'fastify' {
  interface FastifyInstance {
    /** The data folder's disk, as the health check reports it. */
    storage: StorageProbe;
  }
}

/**
 * The data folder could not be written (by SQLite or a file write): a full disk (507; the action succeeds
 * once space is freed), or a folder that turned read-only or a failing disk (503). Nothing was stored.
 */
function storageError(error: unknown): QmsError | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') return new QmsError('QMS_ERR_STORAGE_FULL');
  if (/^SQLITE_(READONLY|IOERR|CANTOPEN)/.test(code) || code === 'EROFS' || code === 'EIO') return new QmsError('QMS_ERR_STORAGE_FAILED');
  return null;
}

/**
 * The property a validation error is about, the way a form names its fields: '/openingHours/mon/0/from'
 * becomes 'openingHours.mon.0.from'; a missing or unknown property is named itself.
 */
export function fieldOf(instancePath: string, params: unknown): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const p = (params ?? {}) as { missingProperty?: unknown; additionalProperty?: unknown };
  const named = p.missingProperty ?? p.additionalProperty;
  if (typeof named === 'string') parts.push(named);
  return parts.join('.');
}

/** One place turns every failure into `{statusCode, code, message}` with a stable code. */
export default fp(
  async function errors(app: FastifyInstance, opts: { dataDir: string }) {
    app.decorate('storage', new StorageProbe(opts.dataDir));
    app.setErrorHandler((error: FastifyError | QmsError, request, reply) => {
      if (isQmsError(error)) return reply.code(error.statusCode).send(error.toJSON());
      const storage = storageError(error);
      if (storage) {
        request.log.error({ err: error }, 'the data folder could not be written');
        app.storage.invalidate();
        return reply.code(storage.statusCode).send(storage.toJSON());
      }
      const fe = error as FastifyError;
      if (fe.validation) {
        const first = fe.validation[0];
        const where = `${fe.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
        const extra = first?.params && 'additionalProperty' in first.params ? ` '${String(first.params.additionalProperty)}'` : '';
        const detail = `${where} ${first?.message ?? 'is malformed'}${extra}`;
        const field = fieldOf(first?.instancePath ?? '', first?.params);
        return reply.code(400).send(new QmsError('QMS_ERR_VALIDATION', { detail }, field ? { field } : {}).toJSON());
      }
      const status = fe.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ statusCode: status, code: 'QMS_ERR_VALIDATION', message: `The request is not valid: ${fe.message}` });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(new QmsError('QMS_ERR_INTERNAL').toJSON());
    });
    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send(new QmsError('QMS_ERR_NOT_FOUND', { detail: `${request.method} ${request.url.split('?')[0]}` }).toJSON());
    });
  },
  { name: 'errors' },
);
