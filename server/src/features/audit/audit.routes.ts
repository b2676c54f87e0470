import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditQuery } from '@qms/shared';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit',
    {
      schema: { tags: ['staff'], summary: 'Who did what, from which device, newest first (managers and administrators)', querystring: AuditQuery },
      onRequest: app.requireStaff('admin', 'manager'),
    },
    async (request) => {
      const { limit, before } = request.query;
      return app.audit.list(limit === undefined ? 100 : Number(limit), before === undefined ? undefined : Number(before));
    },
  );
};

export default routes;
