import t from 'tap';
import { build, deviceClient, TestClock, WsClient, type Client } from './helper';

const MONDAY_10 = '2026-03-16T08:00:00Z';

const body = (over: Record<string, unknown> = {}) => ({
  number: 9,
  name: 'Ghișeul 9',
  location: 'Etaj 1, camera 12',
  services: [
    { serviceId: 'civil-status', order: 1, weight: 2 },
    { serviceId: 'information', order: 2, weight: 1 },
  ],
  priorityRatio: null,
  ...over,
});

const retire = (c: Client, id: string) => c.request('DELETE', `/api/admin/counters/${id}`);

async function localDisplay(url: string): Promise<Client> {
  const r = await fetch(`${url}/api/devices/local-display`, { method: 'POST' });
  return deviceClient(url, ((await r.json()) as { token: string }).token);
}

t.test('the counters as set up, a new one, a change; the screens show it at once', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  const display = await localDisplay(s.url);
  const list = await s.staff.get('/api/admin/counters');
  t.equal(list.status, 200);
  t.equal(list.body.length, 8);
  t.same(list.body[0], {
    id: 'counter-1',
    number: 1,
    name: 'Ghișeul 1',
    location: '',
    services: [
      { serviceId: 'id-applications', order: 1, weight: 1 },
      { serviceId: 'information', order: 2, weight: 1 },
    ],
    priorityRatio: null,
    active: true,
    state: 'open',
  });

  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue', 'office']);
  const created = await s.staff.post('/api/admin/counters', body());
  t.equal(created.status, 201, JSON.stringify(created.body));
  t.same(created.body, { id: 'c9', ...body(), active: true, state: 'closed' });
  t.match(await ws.waitFor((m) => m.type === 'counter.saved'), { data: { counter: { id: 'c9', number: 9, location: 'Etaj 1, camera 12' } } });
  t.match(await ws.waitFor((m) => m.type === 'changed'), { what: 'office' });
  t.match(((await s.anon.get('/api/counters')).body as { id: string }[]).find((c) => c.id === 'c9'), { number: 9, state: 'closed' });
  t.ok(((await display.get('/api/display/home')).body.counters as { id: string }[]).some((c) => c.id === 'c9'), 'the display shows it');

  const changed = await s.staff.request('PUT', '/api/admin/counters/c9', body({ name: 'Ghișeul nouă', location: '', services: [{ serviceId: 'cashier', order: 1, weight: 1 }], priorityRatio: { priority: 1, normal: 4 } }));
  t.equal(changed.status, 200);
  t.same(changed.body, {
    id: 'c9',
    number: 9,
    name: 'Ghișeul nouă',
    location: '',
    services: [{ serviceId: 'cashier', order: 1, weight: 1 }],
    priorityRatio: { priority: 1, normal: 4 },
    active: true,
    state: 'closed',
  });
  t.same((await s.staff.get('/api/admin/counters')).body.find((c: { id: string }) => c.id === 'c9'), changed.body, 'read back as saved');

  // A change keeps the counter's day: an open counter with a ticket stays so.
  await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  await s.staff.post('/api/counters/counter-8/call-next');
  const kept = await s.staff.request('PUT', '/api/admin/counters/counter-8', body({ number: 8, name: 'Casierie' }));
  t.match(kept.body, { name: 'Casierie', state: 'open' });
  t.match(((await s.anon.get('/api/counters')).body as { id: string }[]).find((c) => c.id === 'counter-8'), { name: 'Casierie', current: { code: 'D001' } });
});

t.test('a refused change names its field and changes nothing', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  await s.staff.request('DELETE', '/api/admin/services/cashier', {});
  const before = (await s.staff.get('/api/admin/counters')).body;
  const cases: [string, () => Promise<{ status: number; body: any }>, number, string, string | undefined][] = [
    ['a number in use', () => s.staff.post('/api/admin/counters', body({ number: 3 })), 409, 'QMS_ERR_NUMBER_TAKEN', 'number'],
    [
      'an unknown service',
      () => s.staff.post('/api/admin/counters', body({ services: [{ serviceId: 'civil-status', order: 1, weight: 1 }, { serviceId: 'passports', order: 1, weight: 1 }] })),
      404,
      'QMS_ERR_SERVICE_NOT_FOUND',
      'services.1.serviceId',
    ],
    [
      'a service listed twice',
      () => s.staff.post('/api/admin/counters', body({ services: [{ serviceId: 'civil-status', order: 1, weight: 1 }, { serviceId: 'civil-status', order: 2, weight: 1 }] })),
      400,
      'QMS_ERR_VALIDATION',
      'services.1.serviceId',
    ],
    ['a retired service', () => s.staff.post('/api/admin/counters', body({ services: [{ serviceId: 'cashier', order: 1, weight: 1 }] })), 409, 'QMS_ERR_SERVICE_RETIRED', 'services.0.serviceId'],
    ['no service', () => s.staff.post('/api/admin/counters', body({ services: [] })), 400, 'QMS_ERR_VALIDATION', 'services'],
    ['a weight out of range', () => s.staff.post('/api/admin/counters', body({ services: [{ serviceId: 'civil-status', order: 1, weight: 11 }] })), 400, 'QMS_ERR_VALIDATION', 'services.0.weight'],
    ['a ratio out of range', () => s.staff.post('/api/admin/counters', body({ priorityRatio: { priority: 1, normal: 0 } })), 400, 'QMS_ERR_VALIDATION', 'priorityRatio.normal'],
    ['an unknown counter', () => s.staff.request('PUT', '/api/admin/counters/c77', body()), 404, 'QMS_ERR_COUNTER_NOT_FOUND', undefined],
    ['retiring an open counter', () => retire(s.staff, 'counter-2'), 409, 'QMS_ERR_COUNTER_IN_USE', undefined],
  ];
  for (const [name, call, status, code, field] of cases) {
    const r = await call();
    t.same([r.status, r.body.code, r.body.field], [status, code, field], name);
  }
  t.same((await s.staff.get('/api/admin/counters')).body, before, 'nothing changed');
});

t.test('retiring a counter: closed and free first; tickets sent to it go back to their queue; its number can be used again', async (t) => {
  const clock = new TestClock(Date.parse(MONDAY_10));
  const s = await build(t, { clock });
  const display = await localDisplay(s.url);
  const first = (await s.staff.post('/api/tickets', { serviceId: 'id-applications' })).body;
  clock.advance(60_000);
  const second = (await s.staff.post('/api/tickets', { serviceId: 'id-applications' })).body;
  await s.staff.post('/api/tickets', { serviceId: 'civil-status' });
  t.match((await s.staff.post('/api/counters/counter-6/call-next')).body, { ticket: { code: 'C001' } });
  // The second ticket is sent to counter 6, which does not serve ID applications.
  t.match(await s.staff.post(`/api/tickets/${second.id}/transfer`, { counterId: 'counter-6' }), { status: 200, body: { targetCounterId: 'counter-6' } });
  const busy = await retire(s.staff, 'counter-6');
  t.match(busy, { status: 409, body: { code: 'QMS_ERR_COUNTER_IN_USE' } }, 'a ticket is at it');
  await s.staff.post('/api/counters/counter-6/current/finish');
  t.match(await retire(s.staff, 'counter-6'), { status: 409, body: { code: 'QMS_ERR_COUNTER_IN_USE' } }, 'it is open');
  t.equal((await s.staff.post('/api/counters/counter-6/close')).status, 200);

  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue', 'office']);
  const r = await retire(s.staff, 'counter-6');
  t.match(r, { status: 200, body: { id: 'counter-6', number: 6, active: false, state: 'closed' } });
  t.match(await ws.waitFor((m) => m.type === 'counter.retired'), { data: { counter: { id: 'counter-6', active: false } } });
  t.match(await ws.waitFor((m) => m.type === 'ticket.transferred'), { data: { ticket: { id: second.id, targetCounterId: null } } });
  await ws.waitFor((m) => m.type === 'changed');

  t.notOk(((await s.anon.get('/api/counters')).body as { id: string }[]).some((c) => c.id === 'counter-6'), 'gone from the queue');
  t.notOk(((await display.get('/api/display/home')).body.counters as { id: string }[]).some((c) => c.id === 'counter-6'), 'and from the displays');
  t.match((await s.staff.get('/api/admin/counters')).body.find((c: { id: string }) => c.id === 'counter-6'), { active: false }, 'kept for the reports');
  t.match(await s.staff.post('/api/counters/counter-6/open'), { status: 409, body: { code: 'QMS_ERR_COUNTER_RETIRED' } });
  t.match(await s.anon.post('/api/auth/login', { username: 'admin', password: 'admin-password-1', counterId: 'counter-6' }), { status: 409, body: { code: 'QMS_ERR_COUNTER_RETIRED' } });

  const calls = [];
  for (let i = 0; i < 2; i++) calls.push((await s.staff.post('/api/counters/counter-1/call-next')).body.ticket.code);
  t.same(calls, [first.code, second.code], 'the ticket sent to it waits in its service again, in its place');

  const reused = await s.staff.post('/api/admin/counters', body({ number: 6 }));
  t.match(reused, { status: 201, body: { id: 'c6', number: 6, active: true } }, 'its number serves a new counter');
});

t.test("a counter's own priority ratio decides which ticket it calls", async (t) => {
  const clock = new TestClock(Date.parse(MONDAY_10));
  const s = await build(t, { clock });
  const issue = async (priority: string | null) => {
    clock.advance(60_000);
    return (await s.staff.post('/api/tickets', { serviceId: 'id-applications', priority })).body.code as string;
  };
  const callAll = async (counterId: string, n: number) => {
    const codes: string[] = [];
    for (let i = 0; i < n; i++) {
      clock.advance(60_000);
      codes.push((await s.staff.post(`/api/counters/${counterId}/call-next`)).body.ticket.code);
    }
    return codes;
  };

  // The office calls two priority tickets for one normal one.
  const office = [await issue(null), await issue(null), await issue('elderly'), await issue('pregnant')];
  t.same(await callAll('counter-2', 4), [office[2], office[3], office[0], office[1]], "the office's 2:1");

  const counter = (await s.staff.get('/api/admin/counters')).body.find((c: { id: string }) => c.id === 'counter-1');
  const { id: _id, active: _a, state: _s, ...setup } = counter;
  t.equal((await s.staff.request('PUT', '/api/admin/counters/counter-1', { ...setup, priorityRatio: { priority: 1, normal: 1 } })).status, 200);
  const own = [await issue(null), await issue(null), await issue('elderly'), await issue('pregnant')];
  t.same(await callAll('counter-1', 4), [own[2], own[0], own[3], own[1]], 'one for one at counter 1');
});

t.test('who may read and who may change counters', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  await s.createUser('mihai', 'manager-password-1', 'manager');
  await s.createUser('ioana', 'clerk-password-1', 'clerk');
  const manager = await s.signIn('mihai', 'manager-password-1');
  const clerk = await s.signIn('ioana', 'clerk-password-1', 'counter-1');
  const before = (await s.staff.get('/api/admin/counters')).body;
  t.equal((await manager.get('/api/admin/counters')).status, 200);
  t.equal((await manager.post('/api/admin/counters', body())).status, 403);
  t.equal((await manager.request('PUT', '/api/admin/counters/counter-1', body({ number: 1 }))).status, 403);
  t.equal((await retire(manager, 'counter-1')).status, 403);
  t.equal((await clerk.get('/api/admin/counters')).status, 403);
  t.equal((await clerk.post('/api/admin/counters', body())).status, 403);
  t.equal((await s.anon.get('/api/admin/counters')).status, 401);
  t.same((await s.staff.get('/api/admin/counters')).body, before);
});
