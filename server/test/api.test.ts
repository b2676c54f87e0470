import t from 'tap';
import { build, Client } from './helper';

t.test('a ticket goes through its whole life over the API', async (t) => {
  const s = await build(t);
  const issued = await s.staff.post('/api/tickets', { serviceId: 'id-applications', lang: 'en' });
  t.equal(issued.status, 201);
  t.match(issued.body, { code: 'A001', serviceId: 'id-applications', status: 'waiting', ahead: 0, etaMinutes: 0, lang: 'en' });
  t.match(issued.body.issuedAt, /^\d{4}-\d\d-\d\dT/);

  const second = await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  t.match(second.body, { code: 'A002', ahead: 1 });
  t.ok(second.body.etaMinutes > 0, 'someone ahead means a wait');

  const called = await s.staff.post('/api/counters/counter-1/call-next');
  t.equal(called.status, 200);
  t.match(called.body, { ticket: { code: 'A001', status: 'called', counterId: 'counter-1' }, counter: { number: 1, currentTicketId: issued.body.id } });

  t.match((await s.staff.post(`/api/tickets/${issued.body.id}/recall`)).body, { recalls: 1, status: 'called' });
  t.match((await s.staff.post(`/api/tickets/${issued.body.id}/start`)).body, { status: 'serving' });
  const finished = await s.staff.post(`/api/tickets/${issued.body.id}/finish`, { outcome: 'application filed' });
  t.match(finished.body, { status: 'done', outcome: 'application filed' });
  t.ok(finished.body.finishedAt >= finished.body.startedAt);

  const again = await s.staff.post(`/api/tickets/${issued.body.id}/finish`);
  t.same(again.body, { statusCode: 409, code: 'QMS_ERR_TICKET_STATE', message: 'Ticket A001 is finished; it cannot be finished' });

  const fetched = await s.anon.get(`/api/tickets/${issued.body.id}`);
  t.match(fetched.body, { code: 'A001', status: 'done' }, 'a finished ticket can still be looked up');
});

t.test('no-show, re-activation, transfer keeping the number, cancel', async (t) => {
  const s = await build(t);
  const a = (await s.staff.post('/api/tickets', { serviceId: 'id-applications' })).body;
  await s.staff.post('/api/counters/counter-1/call-next');
  t.match((await s.staff.post(`/api/tickets/${a.id}/no-show`)).body, { status: 'no_show' });
  t.equal((await s.staff.get('/api/counters')).body[0].current, null, 'the counter is free again');

  s.clock.advance(16 * 60_000);
  const late = await s.staff.post(`/api/tickets/${a.id}/reactivate`);
  t.equal(late.body.code, 'QMS_ERR_GRACE_EXPIRED');

  const b = (await s.staff.post('/api/tickets', { serviceId: 'id-applications' })).body;
  await s.staff.post('/api/counters/counter-1/call-next');
  await s.staff.post(`/api/tickets/${b.id}/no-show`);
  s.clock.advance(5 * 60_000);
  t.match((await s.staff.post(`/api/tickets/${b.id}/reactivate`)).body, { status: 'waiting', front: true, code: 'A002' });

  const moved = await s.staff.post(`/api/tickets/${b.id}/transfer`, { serviceId: 'cashier', position: 'front', note: 'pays the fee first' });
  t.match(moved.body, { code: 'A002', serviceId: 'cashier', status: 'waiting', front: true, transfers: 1 });
  const atCashier = await s.staff.post('/api/counters/counter-8/call-next');
  t.equal(atCashier.body.ticket.code, 'A002', 'the cashier calls it with its own letter');

  const toCounter = await s.staff.post(`/api/tickets/${b.id}/transfer`, { counterId: 'counter-6' });
  t.match(toCounter.body, { targetCounterId: 'counter-6', status: 'waiting' });
  const other = await s.staff.post('/api/counters/counter-7/call-next');
  t.equal(other.body.code, 'QMS_ERR_NO_TICKET_WAITING', 'another counter cannot take it');
  t.equal((await s.staff.post('/api/counters/counter-6/call-next')).body.ticket.code, 'A002');

  const both = await s.staff.post(`/api/tickets/${b.id}/transfer`, { counterId: 'counter-2', serviceId: 'cashier' });
  t.equal(both.body.code, 'QMS_ERR_TRANSFER_TARGET');

  const c = (await s.staff.post('/api/tickets', { serviceId: 'civil-status' })).body;
  t.match((await s.staff.post(`/api/tickets/${c.id}/cancel`)).body, { status: 'cancelled' });
  t.equal((await s.staff.get('/api/queue')).body.services.find((x: { id: string }) => x.id === 'civil-status').waiting, 0);
});

t.test('counters pause with a reason, resume, close; busy counters refuse', async (t) => {
  const s = await build(t);
  t.match((await s.staff.post('/api/counters/counter-3/pause', { reason: 'break' })).body, { state: 'paused', pauseReason: 'break' });
  const bad = await s.staff.post('/api/counters/counter-3/pause', { reason: 'nap' });
  t.equal(bad.status, 400);
  t.equal(bad.body.code, 'QMS_ERR_VALIDATION');
  t.match((await s.staff.post('/api/counters/counter-3/resume')).body, { state: 'open', pauseReason: null });

  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/counters/counter-3/call-next');
  const busy = await s.staff.post('/api/counters/counter-3/close');
  t.match(busy.body, { statusCode: 409, code: 'QMS_ERR_COUNTER_BUSY', message: 'Counter 3 is still serving ticket A001; finish it first' });

  t.match((await s.staff.post('/api/counters/counter-4/close')).body, { state: 'closed' });
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  t.equal((await s.staff.post('/api/counters/counter-4/call-next')).body.code, 'QMS_ERR_COUNTER_CLOSED');

  await s.staff.post('/api/counters/counter-5/pause', { reason: 'paperwork' });
  const back = await s.staff.post('/api/counters/counter-5/call-next');
  t.match(back.body, { ticket: { code: 'A002' }, counter: { state: 'open' } }, 'next after a break resumes the counter');
});

t.test('services that do not issue say why', async (t) => {
  const s = await build(t);
  t.match((await s.staff.post('/api/services/cashier/close')).body, { open: false, issuing: false, notIssuingReason: 'QMS_ERR_SERVICE_CLOSED' });
  const refused = await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  t.same(refused.body, { statusCode: 409, code: 'QMS_ERR_SERVICE_CLOSED', message: 'Service Cashier is closed; no tickets are issued for it now' });
  const list = (await s.anon.get('/api/services')).body as { id: string; nameRo: string; issuing: boolean }[];
  t.same(
    list.map((x) => x.id),
    ['id-applications', 'id-pickup', 'civil-status', 'cashier', 'information'],
  );
  t.equal(list.find((x) => x.id === 'civil-status')!.nameRo, 'Stare civilă');
  t.equal(list.find((x) => x.id === 'cashier')!.issuing, false);
  await s.staff.post('/api/services/cashier/open');
  t.equal((await s.staff.post('/api/tickets', { serviceId: 'cashier' })).body.code, 'D001');
  t.equal((await s.staff.post('/api/tickets', { serviceId: 'nope' })).body.code, 'QMS_ERR_SERVICE_NOT_FOUND');
});

t.test('bad input gets a 400 with a clear message and changes nothing', async (t) => {
  const s = await build(t);
  const before = (await s.anon.get('/api/queue')).body;
  const cases: [string, unknown, RegExp][] = [
    ['/api/tickets', { serviceId: 'id-applications', extra: true }, /additional properties 'extra'/],
    ['/api/tickets', { serviceId: 42 }, /serviceId must be string/],
    ['/api/tickets', { serviceId: 'id-applications', priority: 'vip' }, /priority/],
    ['/api/tickets', {}, /must have required property 'serviceId'/],
    ['/api/tickets/x/transfer', { position: 'middle' }, /position/],
  ];
  for (const [path, body, message] of cases) {
    const r = await s.staff.post(path, body);
    t.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
    t.equal(r.body.code, 'QMS_ERR_VALIDATION');
    t.match(r.body.message, message);
  }
  const broken = await fetch(`${s.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.staff.cookie }, body: '{"serviceId":' });
  t.equal(broken.status, 400);
  t.equal(((await broken.json()) as { code: string }).code, 'QMS_ERR_VALIDATION');
  const badKey = await s.staff.post('/api/tickets', { serviceId: 'id-applications' }, { 'idempotency-key': 'x' });
  t.equal(badKey.body.code, 'QMS_ERR_VALIDATION');
  t.equal((await s.anon.get('/api/nothing-here')).body.code, 'QMS_ERR_NOT_FOUND');
  const after = (await s.anon.get('/api/queue')).body;
  t.same(after.tickets, before.tickets, 'no ticket was made by any of them');
  t.equal(after.seq, before.seq, 'no event was recorded');
});

t.test('staff endpoints need a signed-in account; sign-in and first-run setup', async (t) => {
  const s = await build(t);
  const anon = new Client(s.url);
  for (const path of ['/api/tickets', '/api/counters/counter-1/call-next', '/api/counters/counter-1/pause']) {
    const r = await anon.post(path, path.endsWith('pause') ? { reason: 'break' } : path === '/api/tickets' ? { serviceId: 'cashier' } : undefined);
    t.equal(r.status, 401, path);
    t.equal(r.body.code, 'QMS_ERR_UNAUTHENTICATED');
  }
  const wrong = await anon.post('/api/auth/login', { username: 'admin', password: 'wrong-password' });
  t.same(wrong.body, { statusCode: 401, code: 'QMS_ERR_BAD_CREDENTIALS', message: 'Wrong user name or password' });
  t.equal((await anon.post('/api/auth/login', { username: 'nobody', password: 'whatever1' })).body.code, 'QMS_ERR_BAD_CREDENTIALS');

  const login = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
  });
  const cookie = login.headers.get('set-cookie') ?? '';
  t.match(cookie, /qms_session=/);
  t.match(cookie, /HttpOnly/);
  t.match(cookie, /SameSite=Strict/);

  t.match((await s.staff.get('/api/auth/me')).body, { username: 'admin', role: 'admin' });
  await s.staff.post('/api/auth/logout');
  t.equal((await s.staff.get('/api/auth/me')).status, 401, 'signed out');

  t.equal((await anon.post('/api/setup', { username: 'second', password: 'password-2' })).body.code, 'QMS_ERR_SETUP_DONE');
  const page = await fetch(`${s.url}/setup`);
  t.match(await page.text(), /Configurare inițială/);

  const row = s.app.sqlite.prepare('SELECT password_hash FROM users WHERE username = ?').get('admin') as { password_hash: string };
  t.match(row.password_hash, /^scrypt\$/, 'passwords are stored hashed');
  t.notMatch(row.password_hash, /admin-password-1/);
});

t.test('the OpenAPI description is served at /docs', async (t) => {
  const s = await build(t);
  const doc = (await s.anon.get('/docs/json')).body as { paths: Record<string, unknown> };
  for (const path of ['/api/health', '/api/services', '/api/counters', '/api/tickets', '/api/tickets/{id}', '/api/queue', '/api/counters/{id}/call-next', '/api/tickets/{id}/transfer', '/api/auth/login', '/api/auth/logout']) {
    t.ok(doc.paths[path], path);
  }
  const ui = await fetch(`${s.url}/docs`);
  t.equal(ui.status, 200);
  t.match((await s.anon.get('/api/health')).body, { status: 'ok', seq: 0 });
});

t.test('the front page names the office and the day, in Romanian and English', async (t) => {
  const s = await build(t);
  await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  const html = await (await fetch(`${s.url}/`)).text();
  t.match(html, /Serviciul Public Comunitar de Evidență a Persoanelor/);
  t.match(html, /1 bon în așteptare · 8 ghișee deschise/);
  t.match(html, /1 ticket waiting · 8 counters open/);
  t.notMatch(html, /create the administrator/, 'an administrator exists');
});
