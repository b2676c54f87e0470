import { isQmsError, QmsError } from '@qms/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** One place turns every failure into `{statusCode, code, message}` with a stable code. */
export default fp(
  async function errors(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError | QmsError, request, reply) => {
      if (isQmsError(error)) return reply.code(error.statusCode).send(error.toJSON());
      const fe = error as FastifyError;
      if (fe.validation) {
        const first = fe.validation[0];
        const where = `${fe.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
        const extra = first?.params && 'additionalProperty' in first.params ? ` '${String(first.params.additionalProperty)}'` : '';
        const detail = `${where} ${first?.message ?? 'is malformed'}${extra}`;
        return reply.code(400).send(new QmsError('QMS_ERR_VALIDATION', { detail }).toJSON());
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
