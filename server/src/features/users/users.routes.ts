import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateUserBody, QmsError, UpdateUserBody, UserIdParams } from '@qms/shared';
import type { Account } from '../auth/auth.repository';
import { hashPassword } from '../auth/passwords';

const toUserDto = (a: Account) => ({
  id: a.id,
  username: a.username,
  role: a.role,
  disabled: a.disabled,
  createdAt: new Date(a.createdAt).toISOString(),
  counters: a.counters,
});

/** Staff accounts, administrators only. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.authRepo;
  const admin = app.requireStaff('admin');

  /** The counters a person may work at must be counters that work; null (any) stays null. */
  const checkCounters = (counters: string[] | null | undefined): void => {
    for (const id of counters ?? []) {
      const c = app.queue.current.counters[id];
      if (!c || c.active === false) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId: id }, { field: 'counters' });
    }
  };

  app.get('/api/users', { schema: { tags: ['staff'], summary: 'Staff accounts (administrators)' }, onRequest: admin }, async () =>
    repo.listUsers().map(toUserDto),
  );

  app.post(
    '/api/users',
    { schema: { tags: ['staff'], summary: 'Create a staff account (administrators), optionally limited to some counters', body: CreateUserBody }, onRequest: admin },
    async (request, reply) => {
      const { username, password, role, counters = null } = request.body;
      if (repo.findByName(username)) throw new QmsError('QMS_ERR_USERNAME_TAKEN', { username });
      checkCounters(counters);
      const account = repo.createUser(username, await hashPassword(password), role, app.clock(), counters);
      request.audit('user/create', account.username, counters === null ? { role } : { role, counters });
      reply.code(201);
      return toUserDto(account);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['staff'],
        summary: 'Change role, password, disabled or counters (administrators); a new password or disabling signs the account out everywhere',
        params: UserIdParams,
        body: UpdateUserBody,
      },
      onRequest: admin,
    },
    async (request) => {
      const { role, password, disabled, counters } = request.body;
      const id = Number(request.params.id);
      if (!repo.findById(id)) throw new QmsError('QMS_ERR_USER_NOT_FOUND', { userId: id });
      checkCounters(counters);
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      const { before, after } = repo.updateUser(id, { role, passwordHash, disabled, counters });
      if (after.role !== before.role) request.audit('user/role', after.username, { from: before.role, to: after.role });
      if (passwordHash) request.audit('user/password', after.username);
      if (after.disabled !== before.disabled) request.audit(after.disabled ? 'user/disable' : 'user/enable', after.username);
      if (JSON.stringify(after.counters) !== JSON.stringify(before.counters)) request.audit('user/counters', after.username, { from: before.counters, to: after.counters });
      return toUserDto(after);
    },
  );
};

export default routes;
