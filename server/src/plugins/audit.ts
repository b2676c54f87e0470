import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AuditRepository } from '../features/audit/audit.repository';
import { deviceOf } from '../features/audit/device';

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditRepository;
  }
  interface FastifyRequest {
    /**
     * Appends to the audit log, as the signed-in user (or `as`) from this request's device. Synchronous,
     * so inside a queue command's reply hook it is part of the command's transaction.
     */
    audit: (action: string, target: string | null, detail?: Record<string, unknown>, as?: { id: number; username: string } | null) => void;
  }
}

export default fp(
  async function auditPlugin(app: FastifyInstance) {
    const repo = new AuditRepository(app.db, app.sqlite);
    app.decorate('audit', repo);
    app.decorateRequest('audit', function (this: FastifyRequest, action, target, detail, as) {
      const who = as === undefined ? this.user : as;
      repo.record(
        { userId: who?.id ?? null, username: who?.username ?? null, action, target, device: this.device ? `${this.device.name} (${this.ip})` : deviceOf(this.ip, this.headers['user-agent']), detail },
        app.clock(),
      );
    });
  },
  { name: 'audit', dependencies: ['db', 'queue'] },
);
