import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateUserBody, QmsError, UpdateUserBody, UserIdParams } from '@qms/shared';
import type { Account } from '../auth/auth.repository';
import { hashPassword } from '../auth/passwords';

const toUserDto = (a: Account) => ({ id: a.id, username: a.username, role: a.role, disabled: a.disabled, createdAt: new Date(a.createdAt).toISOString() });

/** Staff accounts, administrators only. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.authRepo;
  const admin = app.requireStaff('admin');

  app.get('/api/users', { schema: { tags: ['staff'], summary: 'Staff accounts (administrators)' }, onRequest: admin }, async () =>
    repo.listUsers().map(toUserDto),
  );

  app.post('/api/users', { schema: { tags: ['staff'], summary: 'Create a staff account (administrators)', body: CreateUserBody }, onRequest: admin }, async (request, reply) => {
    const { username, password, role } = request.body;
    if (repo.findByName(username)) throw new QmsError('QMS_ERR_USERNAME_TAKEN', { username });
    const account = repo.createUser(username, await hashPassword(password), role, app.clock());
    request.audit('user/create', account.username, { role });
    reply.code(201);
    return toUserDto(account);
  });

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['staff'],
        summary: 'Change role, password or disabled (administrators); a new password or disabling signs the account out everywhere',
        params: UserIdParams,
        body: UpdateUserBody,
      },
      onRequest: admin,
    },
    async (request) => {
      const { role, password, disabled } = request.body;
      const id = Number(request.params.id);
      if (!repo.findById(id)) throw new QmsError('QMS_ERR_USER_NOT_FOUND', { userId: id });
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      const { before, after } = repo.updateUser(id, { role, passwordHash, disabled });
      if (after.role !== before.role) request.audit('user/role', after.username, { from: before.role, to: after.role });
      if (passwordHash) request.audit('user/password', after.username);
      if (after.disabled !== before.disabled) request.audit(after.disabled ? 'user/disable' : 'user/enable', after.username);
      return toUserDto(after);
    },
  );
};

export default routes;
