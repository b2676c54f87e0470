import t from 'tap';
import { ADMIN, build, Client } from './helper';

const MARIA = { username: 'maria', password: 'maria-password-1' };

t.test('an administrator creates a clerk, who works only at the counter of her session', async (t) => {
  const s = await build(t);
  const created = await s.staff.post('/api/users', { ...MARIA, role: 'clerk' });
  t.equal(created.status, 201);
  t.same(Object.keys(created.body).sort(), ['counters', 'createdAt', 'disabled', 'id', 'role', 'username']);
  t.match(created.body, { username: 'maria', role: 'clerk', disabled: false });
  t.equal(created.body.createdAt, new Date(s.clock.ms).toISOString());

  const again = await s.staff.post('/api/users', { username: 'maria', password: 'other-password', role: 'manager' });
  t.same(again.body, { statusCode: 409, code: 'QMS_ERR_USERNAME_TAKEN', message: 'The user name maria is taken; choose another' });
  const users = (await s.staff.get('/api/users')).body as { username: string; role: string; disabled: boolean }[];
  t.same(
    users.map((u) => [u.username, u.role, u.disabled]),
    [
      ['admin', 'admin', false],
      ['maria', 'clerk', false],
    ],
  );

  const clerk = new Client(s.url);
  const login = await clerk.post('/api/auth/login', { ...MARIA, counterId: 'counter-2' });
  t.same(login.body, { id: created.body.id, username: 'maria', role: 'clerk', counterId: 'counter-2' });
  t.same((await clerk.get('/api/auth/me')).body, login.body);

  const a1 = (await clerk.post('/api/tickets', { serviceId: 'id-applications' })).body;
  t.equal(a1.code, 'A001', 'a clerk issues tickets without being bound to a counter for it');
  const a2 = (await s.staff.post('/api/tickets', { serviceId: 'id-applications' })).body;
  t.equal((await s.staff.post('/api/counters/counter-3/call-next')).body.ticket.code, 'A001', 'the administrator acts at any counter');

  const mine = await clerk.post('/api/counters/counter-2/call-next');
  t.equal(mine.status, 200);
  t.match(mine.body, { ticket: { code: 'A002', counterId: 'counter-2' } });

  const notMine = { statusCode: 403, code: 'QMS_ERR_NOT_YOUR_COUNTER', message: 'You are signed in at counter 2; counter 3 is not yours' };
  t.same((await clerk.post('/api/counters/counter-3/call-next')).body, notMine);
  t.same((await clerk.post('/api/counters/counter-3/pause', { reason: 'break' })).body, notMine);
  t.same((await clerk.post('/api/counters/counter-3/close')).body, notMine);
  t.same((await clerk.post('/api/counters/counter-99/open')).body, {
    statusCode: 404,
    code: 'QMS_ERR_COUNTER_NOT_FOUND',
    message: 'There is no counter with id counter-99',
  });

  t.same((await clerk.post(`/api/tickets/${a1.id}/finish`)).body, {
    statusCode: 403,
    code: 'QMS_ERR_NOT_YOUR_TICKET',
    message: 'Ticket A001 is at counter 3, not at counter 2',
  });
  t.equal((await clerk.post(`/api/tickets/${a1.id}/recall`)).body.code, 'QMS_ERR_NOT_YOUR_TICKET');
  t.match((await clerk.post(`/api/tickets/${a2.id}/finish`)).body, { code: 'A002', status: 'done' }, 'her own ticket she finishes');

  await s.createUser('ion', 'ion-password-1', 'manager');
  const manager = await s.signIn('ion', 'ion-password-1', 'counter-5');
  t.match((await manager.post(`/api/tickets/${a1.id}/finish`)).body, { code: 'A001', status: 'done' }, 'a manager is not bound to his counter');
  t.match((await manager.post('/api/counters/counter-7/pause', { reason: 'meeting' })).body, { id: 'counter-7', state: 'paused' });
  t.match((await manager.post('/api/services/cashier/close')).body, { id: 'cashier', open: false });

  t.same((await clerk.post('/api/services/cashier/open')).body, {
    statusCode: 403,
    code: 'QMS_ERR_FORBIDDEN',
    message: 'Your account may not do this: needs the admin or manager role',
  });
  const forbidden = { statusCode: 403, code: 'QMS_ERR_FORBIDDEN', message: 'Your account may not do this: needs the admin role' };
  t.same((await clerk.get('/api/users')).body, forbidden);
  t.same((await clerk.post('/api/users', { username: 'mallory', password: 'mallory-pass', role: 'admin' })).body, forbidden);
  t.same((await manager.patch(`/api/users/${created.body.id}`, { role: 'admin' })).body, forbidden);
  t.equal((await s.anon.get('/api/users')).body.code, 'QMS_ERR_UNAUTHENTICATED');
});

t.test('a clerk chooses a counter before working, and can change or leave it', async (t) => {
  const s = await build(t);
  await s.createUser(MARIA.username, MARIA.password, 'clerk');
  const clerk = await s.signIn(MARIA.username, MARIA.password);
  t.match((await clerk.get('/api/auth/me')).body, { username: 'maria', role: 'clerk', counterId: null });

  const ticket = (await clerk.post('/api/tickets', { serviceId: 'cashier' })).body;
  const noCounter = { statusCode: 409, code: 'QMS_ERR_NO_COUNTER_CHOSEN', message: 'Choose the counter you work at first' };
  t.same((await clerk.post('/api/counters/counter-8/call-next')).body, noCounter);
  t.same((await clerk.post(`/api/tickets/${ticket.id}/cancel`)).body, noCounter);

  const chosen = await clerk.post('/api/auth/counter', { counterId: 'counter-8' });
  t.equal(chosen.status, 200);
  t.match(chosen.body, { username: 'maria', role: 'clerk', counterId: 'counter-8' });
  t.match((await clerk.post('/api/counters/counter-8/call-next')).body, { ticket: { code: 'D001' } });
  const row = s.app.sqlite.prepare('SELECT counter_id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ?').get('maria');
  t.same(row, { counter_id: 'counter-8' }, 'the counter is kept with the session, so it outlives a restart');

  t.same((await clerk.post('/api/auth/counter', { counterId: 'counter-99' })).body, {
    statusCode: 404,
    code: 'QMS_ERR_COUNTER_NOT_FOUND',
    message: 'There is no counter with id counter-99',
  });
  t.equal((await clerk.get('/api/auth/me')).body.counterId, 'counter-8', 'an unknown counter changes nothing');
  t.equal((await clerk.post('/api/auth/counter', {})).body.code, 'QMS_ERR_VALIDATION');

  t.match((await clerk.post('/api/auth/counter', { counterId: 'counter-1' })).body, { counterId: 'counter-1' });
  t.equal((await clerk.post('/api/counters/counter-8/close')).body.code, 'QMS_ERR_NOT_YOUR_COUNTER');
  t.match((await clerk.post('/api/auth/counter', { counterId: null })).body, { counterId: null });
  t.same((await clerk.post('/api/counters/counter-1/close')).body, noCounter);

  const other = new Client(s.url);
  t.same((await other.post('/api/auth/login', { ...MARIA, counterId: 'counter-99' })).body, {
    statusCode: 404,
    code: 'QMS_ERR_COUNTER_NOT_FOUND',
    message: 'There is no counter with id counter-99',
  });
  t.equal(other.cookie, '', 'no session for a sign-in at an unknown counter');
  t.equal((await s.anon.post('/api/auth/counter', { counterId: 'counter-1' })).body.code, 'QMS_ERR_UNAUTHENTICATED');
});

t.test('a disabled account cannot sign in and its open sessions stop working', async (t) => {
  const s = await build(t);
  const maria = await s.createUser(MARIA.username, MARIA.password, 'clerk');
  const clerk = await s.signIn(MARIA.username, MARIA.password, 'counter-1');
  t.equal((await clerk.get('/api/auth/me')).status, 200);

  const disabled = await s.staff.patch(`/api/users/${maria.id}`, { disabled: true });
  t.match(disabled.body, { id: maria.id, username: 'maria', role: 'clerk', disabled: true });
  t.same((await clerk.get('/api/auth/me')).body, { statusCode: 401, code: 'QMS_ERR_UNAUTHENTICATED', message: 'Sign in first' });
  t.equal((await clerk.post('/api/tickets', { serviceId: 'cashier' })).status, 401);
  t.same((await new Client(s.url).post('/api/auth/login', MARIA)).body, {
    statusCode: 401,
    code: 'QMS_ERR_BAD_CREDENTIALS',
    message: 'Wrong user name or password',
  });
  t.equal((s.app.sqlite.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(maria.id) as { n: number }).n, 0);

  t.match((await s.staff.patch(`/api/users/${maria.id}`, { disabled: false })).body, { disabled: false });
  await s.signIn(MARIA.username, MARIA.password);
});

t.test('a new password signs the account out everywhere; a new role applies at once', async (t) => {
  const s = await build(t);
  const maria = await s.createUser(MARIA.username, MARIA.password, 'clerk');
  const desk = await s.signIn(MARIA.username, MARIA.password, 'counter-4');
  const phone = await s.signIn(MARIA.username, MARIA.password);

  const promoted = await s.staff.patch(`/api/users/${maria.id}`, { role: 'manager' });
  t.match(promoted.body, { role: 'manager' });
  t.same((await desk.get('/api/auth/me')).body, { id: maria.id, username: 'maria', role: 'manager', counterId: 'counter-4' }, 'still signed in, now as manager');
  t.match((await desk.post('/api/services/cashier/close')).body, { open: false });

  const changed = await s.staff.patch(`/api/users/${maria.id}`, { password: 'new-password-2' });
  t.equal(changed.status, 200);
  t.equal((await desk.get('/api/auth/me')).status, 401);
  t.equal((await phone.get('/api/auth/me')).status, 401);
  t.equal((await new Client(s.url).post('/api/auth/login', MARIA)).body.code, 'QMS_ERR_BAD_CREDENTIALS', 'the old password is gone');
  await s.signIn(MARIA.username, 'new-password-2');
  t.equal((await s.staff.get('/api/auth/me')).status, 200, 'the administrator who changed it stays signed in');

  t.equal((await s.staff.patch(`/api/users/${maria.id}`, { password: 'short' })).body.code, 'QMS_ERR_VALIDATION');
  t.equal((await s.staff.patch(`/api/users/${maria.id}`, {})).body.code, 'QMS_ERR_VALIDATION', 'an empty change is refused');
  t.equal((await s.staff.patch(`/api/users/${maria.id}`, { role: 'owner' })).body.code, 'QMS_ERR_VALIDATION');
  t.same((await s.staff.patch('/api/users/999', { disabled: true })).body, {
    statusCode: 404,
    code: 'QMS_ERR_USER_NOT_FOUND',
    message: 'There is no staff account with id 999',
  });
  t.equal((await s.staff.post('/api/users', { username: 'ana', password: 'short', role: 'clerk' })).body.code, 'QMS_ERR_VALIDATION');
  t.equal((await s.staff.post('/api/users', { username: 'ana', password: 'long-enough', role: 'clerk', admin: true })).body.code, 'QMS_ERR_VALIDATION');
});

t.test('the last active administrator can be neither disabled nor demoted', async (t) => {
  const s = await build(t);
  const me = (await s.staff.get('/api/auth/me')).body as { id: number };
  const lastAdmin = { statusCode: 409, code: 'QMS_ERR_LAST_ADMIN', message: 'admin is the last active administrator; make another account administrator first' };
  t.same((await s.staff.patch(`/api/users/${me.id}`, { disabled: true })).body, lastAdmin);
  t.same((await s.staff.patch(`/api/users/${me.id}`, { role: 'manager' })).body, lastAdmin);
  t.same((await s.staff.patch(`/api/users/${me.id}`, { role: 'clerk', password: 'admin-password-2' })).body, lastAdmin);
  t.equal((await s.staff.get('/api/auth/me')).status, 200, 'a refused change changes nothing, the password included');

  const boss = await s.createUser('boss', 'boss-password-1', 'admin');
  await s.staff.patch(`/api/users/${boss.id}`, { disabled: true });
  t.same((await s.staff.patch(`/api/users/${me.id}`, { role: 'manager' })).body, lastAdmin, 'a disabled administrator does not count');

  await s.staff.patch(`/api/users/${boss.id}`, { disabled: false });
  t.match((await s.staff.patch(`/api/users/${me.id}`, { role: 'manager' })).body, { username: 'admin', role: 'manager' }, 'with another administrator, yes');
  t.equal((await s.staff.get('/api/users')).body.code, 'QMS_ERR_FORBIDDEN', 'now a manager');

  const bossClient = await s.signIn('boss', 'boss-password-1');
  t.same((await bossClient.patch(`/api/users/${boss.id}`, { disabled: true })).body, {
    ...lastAdmin,
    message: 'boss is the last active administrator; make another account administrator first',
  });
});

t.test('QMS_ADMIN at boot makes its account a working administrator again', async (t) => {
  const dataDir = t.testdir();
  const first = await build(t, { dataDir });
  const boss = await first.createUser('boss', 'boss-password-1', 'admin');
  const me = (await first.staff.get('/api/auth/me')).body as { id: number };
  const bossClient = await first.signIn('boss', 'boss-password-1');
  t.match((await bossClient.patch(`/api/users/${me.id}`, { role: 'clerk', disabled: true })).body, { role: 'clerk', disabled: true });
  await first.close();

  const second = await build(t, { dataDir });
  t.match((await second.staff.get('/api/auth/me')).body, { username: 'admin', role: 'admin' });
  const users = (await second.staff.get('/api/users')).body as { id: number; role: string; disabled: boolean }[];
  t.match(users.find((u) => u.id === me.id), { role: 'admin', disabled: false });
  t.match(users.find((u) => u.id === boss.id), { role: 'admin', disabled: false }, 'other accounts are left as they were');
  const reset = second.app.sqlite.prepare("SELECT username, target, device FROM audit WHERE action = 'user/reset'").all();
  t.same(reset, [{ username: null, target: 'admin', device: 'QMS_ADMIN at boot' }]);
});

t.test('a restart with the same QMS_ADMIN keeps its sessions and writes no reset', async (t) => {
  const dataDir = t.testdir();
  const first = await build(t, { dataDir });
  const cookie = first.staff.cookie;
  await first.close();
  const second = await build(t, { dataDir });
  const again = new Client(second.url);
  again.cookie = cookie;
  t.match((await again.get('/api/auth/me')).body, { username: 'admin', role: 'admin' }, 'still signed in after the restart');
  const reset = second.app.sqlite.prepare("SELECT count(*) AS n FROM audit WHERE action = 'user/reset'").get() as { n: number };
  t.equal(reset.n, 0);
});

t.test('the eleventh sign-in attempt within a minute is refused', async (t) => {
  const s = await build(t);
  await s.createUser(MARIA.username, MARIA.password, 'clerk');
  const attacker = new Client(s.url);
  for (let i = 1; i <= 10; i++) {
    const r = await attacker.post('/api/auth/login', { username: MARIA.username, password: `guess-${i}` });
    t.equal(r.status, 401, `attempt ${i} is checked`);
  }
  const tooMany = { statusCode: 429, code: 'QMS_ERR_TOO_MANY_ATTEMPTS', message: 'Too many sign-in attempts; wait a minute and try again' };
  const eleventh = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: MARIA.username, password: 'guess-11' }),
  });
  t.equal(eleventh.status, 429);
  t.same(await eleventh.json(), tooMany);
  t.ok(Number(eleventh.headers.get('retry-after')) > 0, 'says when to try again');
  t.same((await attacker.post('/api/auth/login', MARIA)).body, tooMany, 'the right password too, until the minute is over');
  t.equal(attacker.cookie, '');
  t.equal((await attacker.post('/api/auth/login', { username: ADMIN.username, password: 'guess-1' })).status, 401, 'another name is counted on its own');
  t.equal((await s.staff.get('/api/auth/me')).status, 200, 'sessions already open are not affected');
});

t.test('a state-changing request from another site is refused', async (t) => {
  const s = await build(t);
  const crossSite = { statusCode: 403, code: 'QMS_ERR_FORBIDDEN', message: 'Your account may not do this: cross-site request' };
  for (const origin of ['http://evil.example', 'null', `${s.url.replace('127.0.0.1', 'localhost')}`]) {
    t.same((await s.staff.post('/api/tickets', { serviceId: 'cashier' }, { origin })).body, crossSite, origin);
  }
  t.same((await s.staff.post('/api/auth/logout', undefined, { origin: 'http://evil.example' })).body, crossSite);
  t.same((await s.staff.patch('/api/users/1', { disabled: true }, { origin: 'http://evil.example' })).body, crossSite);
  t.equal((await s.anon.get('/api/queue')).body.tickets.length, 0, 'nothing was issued');

  t.equal((await s.staff.post('/api/tickets', { serviceId: 'cashier' }, { origin: s.url })).status, 201, 'the same site is fine');
  t.equal((await s.staff.post('/api/tickets', { serviceId: 'cashier' })).status, 201, 'so is a request without Origin (curl)');
  t.equal((await s.staff.request('GET', '/api/auth/me', undefined, { origin: 'http://evil.example' })).status, 200, 'reads are not refused');
  t.equal((await s.anon.post('/api/auth/login', { username: 'x', password: 'y' }, { origin: 'http://evil.example' })).status, 401, 'no session cookie, no check');
});

t.test('the new endpoints are in the OpenAPI description', async (t) => {
  const s = await build(t);
  const doc = (await s.anon.get('/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
  t.ok(doc.paths['/api/users']?.get && doc.paths['/api/users']?.post, '/api/users');
  t.ok(doc.paths['/api/users/{id}']?.patch, '/api/users/{id}');
  t.ok(doc.paths['/api/auth/counter']?.post, '/api/auth/counter');
  t.ok(doc.paths['/api/audit']?.get, '/api/audit');
});
