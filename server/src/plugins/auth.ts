import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { QmsError } from '@qms/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AuthRepository, type Role, type Session, type User } from '../features/auth/auth.repository';
import { hashPassword, verifyPassword } from '../features/auth/passwords';

declare module 'fastify' {
  interface FastifyInstance {
    authRepo: AuthRepository;
    /** onRequest: a signed-in staff member with one of these roles (any role when none given). */
    requireStaff: (...roles: Role[]) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    user: User | null;
    session: Session | null;
  }
}

export const SESSION_COOKIE = 'qms_session';
export const SESSION_TTL_MS = 12 * 3600_000;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether the Origin header names the host the request was sent to. */
function sameOrigin(origin: string, host: string | undefined, protocol: string): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === new URL(`${protocol}://${host}`).host;
  } catch {
    // "null" (a sandboxed frame, a file: page) or garbage: not this site.
    return false;
  }
}

export default fp(
  async function auth(app: FastifyInstance, opts: { admin?: string }) {
    await app.register(cookie);
    await app.register(rateLimit, { global: false });
    const repo = new AuthRepository(app.db);
    app.decorate('authRepo', repo);
    app.decorateRequest('user', null);
    app.decorateRequest('session', null);

    if (opts.admin) {
      const colon = opts.admin.indexOf(':');
      const username = opts.admin.slice(0, colon);
      const password = opts.admin.slice(colon + 1);
      const existing = repo.findByName(username);
      const boot = { userId: null, username: null, target: username, device: 'QMS_ADMIN at boot' };
      if (existing) {
        // Every boot sees the same QMS_ADMIN: only a changed password (which signs the account out) or a
        // lost admin role or a disabled account is a reset; otherwise signed-in sessions stay.
        const samePassword = await verifyPassword(password, existing.passwordHash);
        if (!samePassword || existing.role !== 'admin' || existing.disabled) {
          repo.restoreAdmin(existing.id, samePassword ? null : await hashPassword(password));
          app.audit.record({ ...boot, action: 'user/reset' }, app.clock());
        }
      } else {
        const hash = await hashPassword(password);
        repo.createUser(username, hash, 'admin', app.clock());
        app.audit.record({ ...boot, action: 'user/create', detail: { role: 'admin' } }, app.clock());
      }
      app.log.info('administrator account from QMS_ADMIN is ready');
    } else if (repo.userCount() === 0) {
      app.log.warn('no staff account yet: open /setup to create the first administrator');
    }

    app.addHook('onRequest', async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return;
      // SameSite=Strict already keeps the cookie off other sites' requests in current browsers; this covers
      // older ones and sibling hosts on the office network.
      const origin = request.headers.origin;
      if (UNSAFE_METHODS.has(request.method) && origin !== undefined && !sameOrigin(origin, request.headers.host, request.protocol)) {
        throw new QmsError('QMS_ERR_FORBIDDEN', { detail: 'cross-site request' });
      }
      const session = repo.session(token, app.clock());
      request.session = session ?? null;
      request.user = session?.user ?? null;
    });

    app.decorate('requireStaff', (...roles: Role[]) => async (request: FastifyRequest) => {
      if (!request.user) throw new QmsError('QMS_ERR_UNAUTHENTICATED');
      if (roles.length > 0 && !roles.includes(request.user.role)) {
        throw new QmsError('QMS_ERR_FORBIDDEN', { detail: `needs the ${roles.join(' or ')} role` });
      }
    });
  },
  { name: 'auth', dependencies: ['db', 'queue', 'audit'] },
);
