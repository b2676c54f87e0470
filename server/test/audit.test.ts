import t from 'tap';
import type { AuditView } from '../src/features/audit/audit.repository';
import { deviceOf, shortAgent } from '../src/features/audit/device';
import { build, Client } from './helper';

const CHROME_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

type Entry = AuditView;

t.test('a manager reads who did what from which device', async (t) => {
  const s = await build(t);
  await s.createUser('maria', 'maria-password-1', 'clerk');
  await s.createUser('ion', 'ion-password-1', 'manager');
  const clerk = await s.signIn('maria', 'maria-password-1', 'counter-2', { 'user-agent': CHROME_ON_WINDOWS });
  const ticket = (await clerk.post('/api/tickets', { serviceId: 'id-applications' })).body;
  await clerk.post('/api/counters/counter-2/call-next');
  await clerk.post(`/api/tickets/${ticket.id}/finish`, { outcome: 'ID card handed to Popescu Ion, CNP 1900101123456' });
  await clerk.post('/api/counters/counter-2/pause', { reason: 'break' });
  await clerk.post('/api/auth/logout');
  await new Client(s.url).post('/api/auth/login', { username: 'maria', password: 'wrong-password-1' });
  await new Client(s.url).post('/api/auth/login', { username: 'nobody', password: 'wrong-password-2' });
  const manager = await s.signIn('ion', 'ion-password-1', undefined, { 'user-agent': FIREFOX_ON_LINUX });

  const log = await manager.get('/api/audit');
  t.equal(log.status, 200);
  const entries = log.body as Entry[];
  t.same(Object.keys(entries[0]!).sort(), ['action', 'at', 'device', 'id', 'target', 'username']);
  t.ok(
    entries.every((e, i) => i === 0 || e.id < entries[i - 1]!.id),
    'newest first',
  );
  t.equal(entries[0]!.at, new Date(s.clock.ms).toISOString());
  const node = '127.0.0.1 node';
  const chrome = '127.0.0.1 Chrome 131, Windows';
  t.same(
    entries.map((e) => [e.username, e.action, e.target, e.device]).reverse(),
    [
      [null, 'user/create', 'admin', 'QMS_ADMIN at boot'],
      ['admin', 'auth/login', null, node],
      ['admin', 'user/create', 'maria', node],
      ['admin', 'user/create', 'ion', node],
      ['maria', 'auth/login', 'counter-2', chrome],
      ['maria', 'ticket/issue', 'A001', chrome],
      ['maria', 'counter/call-next', 'counter-2', chrome],
      ['maria', 'ticket/finish', 'A001', chrome],
      ['maria', 'counter/pause', 'counter-2', chrome],
      ['maria', 'auth/logout', 'counter-2', chrome],
      ['maria', 'auth/login-failed', null, node],
      [null, 'auth/login-failed', null, node],
      ['ion', 'auth/login', null, '127.0.0.1 Firefox 128, Linux'],
    ],
  );

  const rows = s.app.sqlite.prepare('SELECT * FROM audit ORDER BY id').all() as { action: string; detail: string | null }[];
  t.equal(rows.find((r) => r.action === 'counter/call-next')!.detail, '{"ticket":"A001"}');
  t.equal(rows.find((r) => r.action === 'counter/pause')!.detail, '{"reason":"break"}');
  const stored = JSON.stringify(rows);
  for (const secret of ['maria-password-1', 'wrong-password-1', 'wrong-password-2', 'ion-password-1', 'nobody', 'Popescu', '1900101123456']) {
    t.notOk(stored.includes(secret), `the audit log does not keep "${secret}"`);
  }

  const page1 = (await manager.get('/api/audit?limit=5')).body as Entry[];
  t.same(
    page1.map((e) => e.id),
    entries.slice(0, 5).map((e) => e.id),
  );
  const page2 = (await manager.get(`/api/audit?limit=5&before=${page1[4]!.id}`)).body as Entry[];
  t.same(
    page2.map((e) => e.id),
    entries.slice(5, 10).map((e) => e.id),
  );

  t.equal((await s.staff.get('/api/audit?limit=1')).status, 200, 'administrators read it too');
  t.same((await clerk.get('/api/audit')).body, { statusCode: 401, code: 'QMS_ERR_UNAUTHENTICATED', message: 'Sign in first' }, 'signed out');
  const clerkAgain = await s.signIn('maria', 'maria-password-1', 'counter-2');
  t.same((await clerkAgain.get('/api/audit')).body, {
    statusCode: 403,
    code: 'QMS_ERR_FORBIDDEN',
    message: 'Your account may not do this: needs the admin or manager role',
  });
  for (const query of ['limit=0', 'limit=501', 'limit=ten', 'before=-1', 'since=3']) {
    t.equal((await manager.get(`/api/audit?${query}`)).body.code, 'QMS_ERR_VALIDATION', query);
  }
});

t.test('account changes are logged, each as its own entry', async (t) => {
  const s = await build(t);
  const maria = await s.createUser('maria', 'maria-password-1', 'clerk');
  await s.staff.patch(`/api/users/${maria.id}`, { role: 'manager', password: 'maria-password-2', disabled: true });
  await s.staff.patch(`/api/users/${maria.id}`, { disabled: false, role: 'manager' });
  const clerk = await s.signIn('maria', 'maria-password-2');
  await clerk.post('/api/auth/counter', { counterId: 'counter-4' });
  await clerk.post('/api/auth/counter', { counterId: null });
  const entries = (await s.staff.get('/api/audit')).body as Entry[];
  t.same(
    entries.slice(0, 8).map((e) => [e.username, e.action, e.target]),
    [
      ['maria', 'auth/counter', null],
      ['maria', 'auth/counter', 'counter-4'],
      ['maria', 'auth/login', null],
      ['admin', 'user/enable', 'maria'],
      ['admin', 'user/disable', 'maria'],
      ['admin', 'user/password', 'maria'],
      ['admin', 'user/role', 'maria'],
      ['admin', 'user/create', 'maria'],
    ],
  );
  const role = s.app.sqlite.prepare("SELECT detail FROM audit WHERE action = 'user/role'").get();
  t.same(role, { detail: '{"from":"clerk","to":"manager"}' });
});

t.test('a refused command and a repeated one leave no entry', async (t) => {
  const s = await build(t);
  const count = () => (s.app.sqlite.prepare("SELECT count(*) AS n FROM audit WHERE action LIKE 'counter/%' OR action LIKE 'ticket/%'").get() as { n: number }).n;
  t.equal((await s.staff.post('/api/counters/counter-1/call-next')).body.code, 'QMS_ERR_NO_TICKET_WAITING');
  t.equal(count(), 0, 'a refused command is not logged');

  await s.staff.post('/api/tickets', { serviceId: 'information' });
  const key = { 'idempotency-key': 'counter1-press-0001' };
  const first = await s.staff.post('/api/counters/counter-1/call-next', undefined, key);
  const repeat = await s.staff.post('/api/counters/counter-1/call-next', undefined, key);
  t.same(repeat.body, first.body);
  t.equal(count(), 2, 'the issue and one call: the repeat did nothing and is not logged');
});

t.test('the device is named by browser and system, short enough to read in the log', async (t) => {
  const cases: [string | undefined, string][] = [
    [CHROME_ON_WINDOWS, 'Chrome 131, Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Microsoft Edge 131, Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari 17, iOS'],
    ['Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36', 'Chrome 130, Android'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Electron/33.0.0 Safari/537.36', 'Electron 33, Linux'],
    ['some-monitoring-script/2.1 (made in the office, for checking the appliance every minute)', 'some-monitoring-script 2'],
    [undefined, ''],
  ];
  for (const [ua, short] of cases) t.equal(shortAgent(ua), short, short || 'no User-Agent');
  t.equal(deviceOf('192.168.1.20', undefined), '192.168.1.20', 'the address alone without a User-Agent');
});
