import t from 'tap';
import { build, TestClock } from './helper';

const MONDAY_10 = '2026-03-16T08:00:00Z';
const MARIA = { username: 'maria', password: 'clerk-password-1' };

t.test('an account limited to some counters can choose only those', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  const created = await s.staff.post('/api/users', { ...MARIA, role: 'clerk', counters: ['counter-2', 'counter-3'] });
  t.equal(created.status, 201, JSON.stringify(created.body));
  t.same(created.body.counters, ['counter-2', 'counter-3']);
  t.same((await s.staff.get('/api/users')).body.find((u: { username: string }) => u.username === 'maria').counters, ['counter-2', 'counter-3'], 'listed');
  t.equal((await s.staff.get('/api/users')).body.find((u: { username: string }) => u.username === 'admin').counters, null, 'null: any counter');

  const elsewhere = await s.anon.post('/api/auth/login', { ...MARIA, counterId: 'counter-4' });
  t.same([elsewhere.status, elsewhere.body.code], [403, 'QMS_ERR_COUNTER_NOT_ALLOWED'], 'not at a counter off her list');
  t.notOk(elsewhere.body.message.includes('{'), elsewhere.body.message);

  const maria = await s.signIn(MARIA.username, MARIA.password, 'counter-2');
  const moved = await maria.post('/api/auth/counter', { counterId: 'counter-5' });
  t.same([moved.status, moved.body.code], [403, 'QMS_ERR_COUNTER_NOT_ALLOWED']);
  t.match((await maria.get('/api/auth/me')).body, { counterId: 'counter-2' }, 'still at her counter');
  t.match(await maria.post('/api/auth/counter', { counterId: 'counter-3' }), { status: 200, body: { counterId: 'counter-3' } });

  // The administrator takes counter 3 off her list while she works there: her next command is refused.
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  const limited = await s.staff.patch(`/api/users/${created.body.id}`, { counters: ['counter-4'] });
  t.match(limited, { status: 200, body: { counters: ['counter-4'] } });
  t.match(await maria.post('/api/counters/counter-3/call-next'), { status: 403, body: { code: 'QMS_ERR_COUNTER_NOT_ALLOWED' } });
  t.match(await maria.post('/api/auth/counter', { counterId: 'counter-4' }), { status: 200 });
  t.match(await maria.post('/api/counters/counter-4/call-next'), { status: 200, body: { ticket: { code: 'A001' } } });

  const any = await s.staff.patch(`/api/users/${created.body.id}`, { counters: null });
  t.same(any.body.counters, null);
  t.match(await maria.post('/api/auth/counter', { counterId: 'counter-8' }), { status: 200 }, 'any counter again');

  const audit = (await s.staff.get('/api/audit?limit=10')).body as { action: string; target: string }[];
  t.ok(audit.some((a) => a.action === 'user/counters' && a.target === 'maria'), 'the change is audited');
});

t.test('the counters of an account must be counters that work', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  await s.staff.post('/api/counters/counter-7/close');
  await s.staff.request('DELETE', '/api/admin/counters/counter-7');
  const user = await s.createUser('maria', MARIA.password, 'clerk');
  const before = (await s.staff.get('/api/users')).body;
  const cases: [string, () => Promise<{ status: number; body: any }>, number, string, string][] = [
    ['an unknown counter', () => s.staff.post('/api/users', { username: 'dan', password: 'clerk-password-2', role: 'clerk', counters: ['counter-99'] }), 404, 'QMS_ERR_COUNTER_NOT_FOUND', 'counters'],
    ['a retired counter', () => s.staff.patch(`/api/users/${user.id}`, { counters: ['counter-1', 'counter-7'] }), 404, 'QMS_ERR_COUNTER_NOT_FOUND', 'counters'],
    ['a counter twice', () => s.staff.patch(`/api/users/${user.id}`, { counters: ['counter-1', 'counter-1'] }), 400, 'QMS_ERR_VALIDATION', 'counters'],
  ];
  for (const [name, call, status, code, field] of cases) {
    const r = await call();
    t.same([r.status, r.body.code, r.body.field], [status, code, field], name);
  }
  t.same((await s.staff.get('/api/users')).body, before, 'nothing changed');

  await s.createUser('mihai', 'manager-password-1', 'manager');
  const manager = await s.signIn('mihai', 'manager-password-1');
  t.equal((await manager.patch(`/api/users/${user.id}`, { counters: ['counter-1'] })).status, 403, 'a manager may not change it');
  t.equal((await manager.get('/api/users')).status, 403, 'nor read the accounts');
});
