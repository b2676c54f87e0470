import cookie from '@fastify/cookie';
import { QmsError } from '@qms/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AuthRepository, type Role, type User } from '../features/auth/auth.repository';
import { hashPassword } from '../features/auth/passwords';

declare module 'fastify' {
  interface FastifyInstance {
    authRepo: AuthRepository;
    /** preHandler: a signed-in staff member with one of these roles (any role when none given). */
    requireStaff: (...roles: Role[]) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    user: User | null;
  }
}

export const SESSION_COOKIE = 'qms_session';
export const SESSION_TTL_MS = 12 * 3600_000;

export default fp(
  async function auth(app: FastifyInstance, opts: { admin?: string }) {
    await app.register(cookie);
    const repo = new AuthRepository(app.db);
    app.decorate('authRepo', repo);
    app.decorateRequest('user', null);

    if (opts.admin) {
      const colon = opts.admin.indexOf(':');
      const username = opts.admin.slice(0, colon);
      const hash = await hashPassword(opts.admin.slice(colon + 1));
      const existing = repo.findByName(username);
      if (existing) repo.setPassword(existing.id, hash);
      else repo.createUser(username, hash, 'admin', app.clock());
      app.log.info('administrator account from QMS_ADMIN is ready');
    } else if (repo.userCount() === 0) {
      app.log.warn('no staff account yet: open /setup to create the first administrator');
    }

    app.addHook('onRequest', async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) request.user = repo.sessionUser(token, app.clock()) ?? null;
    });

    app.decorate('requireStaff', (...roles: Role[]) => async (request: FastifyRequest) => {
      if (!request.user) throw new QmsError('QMS_ERR_UNAUTHENTICATED');
      if (roles.length > 0 && !roles.includes(request.user.role)) {
        throw new QmsError('QMS_ERR_FORBIDDEN', { detail: `needs the ${roles.join(' or ')} role` });
      }
    });
  },
  { name: 'auth', dependencies: ['db', 'queue'] },
);
