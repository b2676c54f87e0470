import t from 'tap';
import { build, TestClock, WsClient, type Client } from './helper';

const MONDAY_10 = '2026-03-16T08:00:00Z';

const body = (over: Record<string, unknown> = {}) => ({
  prefix: 'F',
  nameRo: 'Înregistrări decese',
  nameEn: 'Death registrations',
  icon: 'calendar',
  color: '#5d4037',
  kioskOrder: 6,
  numberStart: 100,
  numberEnd: 499,
  wrap: false,
  dailyCapacity: 80,
  targetWaitMinutes: 25,
  avgServiceMinutes: 9,
  appointments: true,
  ...over,
});

const retire = (c: Client, id: string, choice?: unknown) => c.request('DELETE', `/api/admin/services/${id}`, choice);
const offered = async (kiosk: Client) => ((await kiosk.get('/api/kiosk/home')).body.services as { id: string }[]).map((s) => s.id);

t.test('the services as set up, a new one, a change; the kiosk offers the new one at once', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  const kiosk = await s.localKiosk();
  await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  const list = await s.staff.get('/api/admin/services');
  t.equal(list.status, 200);
  t.same(list.body.map((x: { prefix: string }) => x.prefix), ['A', 'B', 'C', 'D', 'E'], 'in kiosk order');
  t.same(list.body[3], {
    id: 'cashier',
    prefix: 'D',
    nameRo: 'Casierie',
    nameEn: 'Cashier',
    names: {},
    icon: 'cash',
    color: '#ef6c00',
    kioskOrder: 4,
    numberStart: 1,
    numberEnd: 999,
    wrap: true,
    dailyCapacity: null,
    targetWaitMinutes: 20,
    avgServiceMinutes: 2,
    appointments: false,
    active: true,
    open: true,
    issuedToday: 1,
    waiting: 1,
  });

  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue', 'office']);
  const created = await s.staff.post('/api/admin/services', body());
  t.equal(created.status, 201, JSON.stringify(created.body));
  t.same(created.body, { id: 'death-registrations', ...body(), names: {}, active: true, open: true, issuedToday: 0, waiting: 0 });
  t.match(await ws.waitFor((m) => m.type === 'service.saved'), { data: { service: { id: 'death-registrations', prefix: 'F' } } });
  t.match(await ws.waitFor((m) => m.type === 'changed'), { what: 'office' });
  t.ok((await offered(kiosk)).includes('death-registrations'), 'the kiosk offers it at once');
  const ticket = await kiosk.post('/api/kiosk/tickets', { serviceId: 'death-registrations' });
  t.match(ticket, { status: 201, body: { ticket: { code: 'F100' } } }, 'numbered from its first number');

  const twin = await s.staff.post('/api/admin/services', body({ prefix: 'G' }));
  t.equal(twin.body.id, 'death-registrations-2', 'ids stay unique');

  const changed = await s.staff.request('PUT', '/api/admin/services/death-registrations', body({ nameRo: 'Decese', color: '#000000', dailyCapacity: null, appointments: false, icon: 'info' }));
  t.equal(changed.status, 200);
  t.match(changed.body, { id: 'death-registrations', nameRo: 'Decese', color: '#000000', dailyCapacity: null, appointments: false, icon: 'info', issuedToday: 1, waiting: 1 });
  const again = (await s.staff.get('/api/admin/services')).body.find((x: { id: string }) => x.id === 'death-registrations');
  t.same(again, changed.body, 'read back as saved');
  t.match((await kiosk.get('/api/kiosk/home')).body.services.find((x: { id: string }) => x.id === 'death-registrations'), { nameRo: 'Decese', icon: 'info' });
});

t.test('names in further languages: kept trimmed, an empty one dropped; the kiosk and the phone page get them', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  const kiosk = await s.localKiosk();
  const office = (await s.staff.get('/api/office')).body.settings;
  t.equal((await s.staff.request('PUT', '/api/office', { ...office, languages: ['ro', 'en', 'uk'] })).status, 200);

  const created = await s.staff.post('/api/admin/services', body({ names: { uk: '  Реєстрація смерті ', hu: '   ' } }));
  t.equal(created.status, 201, JSON.stringify(created.body));
  t.same(created.body.names, { uk: 'Реєстрація смерті' }, 'trimmed; a blank Hungarian name is no name');
  const home = (await kiosk.get('/api/kiosk/home')).body;
  t.same(home.languages, ['ro', 'en', 'uk'], 'the kiosk offers the office languages');
  t.same(home.services.find((x: { id: string }) => x.id === created.body.id).names, { uk: 'Реєстрація смерті' });
  t.same(home.services.find((x: { id: string }) => x.id === 'cashier').names, {}, 'a service with no further names');

  const issued = await kiosk.post('/api/kiosk/tickets', { serviceId: created.body.id });
  const token = new URL(issued.body.followUrl).pathname.split('/').pop();
  const phone = await s.anon.get(`/api/public/tickets/${token}`);
  t.match(phone.body, { serviceRo: 'Înregistrări decese', serviceEn: 'Death registrations', serviceNames: { uk: 'Реєстрація смерті' }, languages: ['ro', 'en', 'uk'] });

  const { id, active: _a, open: _o, issuedToday: _i, waiting: _w, ...kept } = created.body;
  const cleared = await s.staff.request('PUT', `/api/admin/services/${id}`, { ...kept, names: {} });
  t.same(cleared.body.names, {}, 'a name can be taken away');
  await s.close();
  const restarted = await build(t, { dataDir: s.dataDir, clock: new TestClock(Date.parse(MONDAY_10)) });
  t.same((await restarted.staff.get('/api/admin/services')).body.find((x: { id: string }) => x.id === id).names, {}, 'as stored');
});

t.test('a refused change names its field and changes nothing', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  for (let i = 0; i < 3; i++) await s.staff.post('/api/tickets', { serviceId: 'information' });
  const before = (await s.staff.get('/api/admin/services')).body;
  const info = before.find((x: { id: string }) => x.id === 'information');
  const { id: _id, active: _a, open: _o, issuedToday: _i, waiting: _w, ...infoBody } = info;
  const cases: [string, () => Promise<{ status: number; body: any }>, number, string, string | undefined][] = [
    ['a letter in use', () => s.staff.post('/api/admin/services', body({ prefix: 'C' })), 409, 'QMS_ERR_PREFIX_TAKEN', 'prefix'],
    ['a range upside down', () => s.staff.post('/api/admin/services', body({ numberStart: 500, numberEnd: 499 })), 400, 'QMS_ERR_BAD_RANGE', 'numberEnd'],
    [
      'a capacity below the tickets given today',
      () => s.staff.request('PUT', '/api/admin/services/information', { ...infoBody, dailyCapacity: 2 }),
      409,
      'QMS_ERR_CAPACITY_BELOW_ISSUED',
      'dailyCapacity',
    ],
    ['an unknown service', () => s.staff.request('PUT', '/api/admin/services/passports', body()), 404, 'QMS_ERR_SERVICE_NOT_FOUND', undefined],
    ['two letters', () => s.staff.post('/api/admin/services', body({ prefix: 'FG' })), 400, 'QMS_ERR_VALIDATION', 'prefix'],
    ['an icon the kiosk does not draw', () => s.staff.post('/api/admin/services', body({ icon: 'rocket' })), 400, 'QMS_ERR_VALIDATION', 'icon'],
    ['a colour that is not #rrggbb', () => s.staff.post('/api/admin/services', body({ color: 'red' })), 400, 'QMS_ERR_VALIDATION', 'color'],
    ['a name too long', () => s.staff.post('/api/admin/services', body({ nameEn: 'x'.repeat(81) })), 400, 'QMS_ERR_VALIDATION', 'nameEn'],
    ['a name in a language the kiosk has no words for', () => s.staff.post('/api/admin/services', body({ names: { it: 'Decessi' } })), 400, 'QMS_ERR_VALIDATION', 'names.it'],
    ['a Ukrainian name too long', () => s.staff.post('/api/admin/services', body({ names: { uk: 'я'.repeat(81) } })), 400, 'QMS_ERR_VALIDATION', 'names.uk'],
    ['active is not set this way', () => s.staff.post('/api/admin/services', body({ active: false })), 400, 'QMS_ERR_VALIDATION', 'active'],
  ];
  for (const [name, call, status, code, field] of cases) {
    const r = await call();
    t.same([r.status, r.body.code, r.body.field], [status, code, field], name);
  }
  const capacity = await s.staff.request('PUT', '/api/admin/services/information', { ...infoBody, dailyCapacity: 2 });
  t.match(capacity.body, { issued: 3 }, 'says how many were given');
  t.same((await s.staff.get('/api/admin/services')).body, before, 'nothing changed');
});

t.test('retiring a service with tickets waiting: refused without a choice, then transferred in their order', async (t) => {
  const clock = new TestClock(Date.parse(MONDAY_10));
  const s = await build(t, { clock });
  const kiosk = await s.localKiosk();
  const issue = async (serviceId: string) => {
    clock.advance(60_000);
    return (await s.staff.post('/api/tickets', { serviceId })).body.code as string;
  };
  const codes = [await issue('information'), await issue('cashier'), await issue('information'), await issue('information')];
  t.same(codes, ['E001', 'D001', 'E002', 'E003']);
  const before = (await s.staff.get('/api/admin/services')).body;

  const refused = await retire(s.staff, 'information');
  t.same([refused.status, refused.body.code, refused.body.waiting], [409, 'QMS_ERR_SERVICE_HAS_WAITING', 3]);
  const noTarget = await retire(s.staff, 'information', { waiting: 'transfer' });
  t.same([noTarget.status, noTarget.body.code, noTarget.body.field], [400, 'QMS_ERR_TRANSFER_TARGET', 'toServiceId']);
  const unknown = await retire(s.staff, 'information', { waiting: 'transfer', toServiceId: 'passports' });
  t.same([unknown.status, unknown.body.code, unknown.body.field], [404, 'QMS_ERR_SERVICE_NOT_FOUND', 'toServiceId']);
  const bad = await retire(s.staff, 'information', { waiting: 'later' });
  t.same([bad.status, bad.body.field], [400, 'waiting']);
  t.same((await s.staff.get('/api/admin/services')).body, before, 'nothing changed');
  t.ok((await offered(kiosk)).includes('information'));

  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue', 'office']);
  clock.advance(60_000);
  const done = await retire(s.staff, 'information', { waiting: 'transfer', toServiceId: 'cashier' });
  t.equal(done.status, 200, JSON.stringify(done.body));
  t.match(done.body, { service: { id: 'information', active: false, waiting: 0 }, transferred: 3 });
  t.match(await ws.waitFor((m) => m.type === 'service.retired'), { data: { service: { id: 'information', active: false }, waiting: 'transfer', toServiceId: 'cashier' } });
  await ws.waitFor((m) => m.type === 'changed');
  t.equal(ws.events('ticket.transferred').length, 3, 'each moved ticket reaches the clients');
  t.notOk((await offered(kiosk)).includes('information'), 'no longer offered at the kiosk');
  t.match(await kiosk.post('/api/kiosk/tickets', { serviceId: 'information' }), { status: 409, body: { code: 'QMS_ERR_SERVICE_CLOSED' } });
  t.match((await s.staff.get('/api/admin/services')).body.find((x: { id: string }) => x.id === 'cashier'), { waiting: 4 });
  t.notOk(
    ((await s.anon.get('/api/services')).body as { id: string }[]).some((x) => x.id === 'information'),
    'the queue no longer lists it',
  );

  // Counter 8 serves the cashier first: the moved tickets keep their codes and their place by waiting time.
  const calls: string[] = [];
  for (let i = 0; i < 4; i++) {
    clock.advance(60_000);
    calls.push((await s.staff.post('/api/counters/counter-8/call-next')).body.ticket.code);
  }
  t.same(calls, ['E001', 'D001', 'E002', 'E003']);
});

t.test("retiring with 'finish': nothing new is issued, the counters still call what waits; restore brings it back", async (t) => {
  const clock = new TestClock(Date.parse(MONDAY_10));
  const s = await build(t, { clock });
  const kiosk = await s.localKiosk();
  await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-pickup' });
  await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-pickup' });
  clock.advance(60_000);
  const r = await retire(s.staff, 'id-pickup', { waiting: 'finish' });
  t.match(r, { status: 200, body: { service: { id: 'id-pickup', active: false, waiting: 2 }, transferred: 0 } });
  t.notOk((await offered(kiosk)).includes('id-pickup'));
  t.match(await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-pickup' }), { status: 409, body: { code: 'QMS_ERR_SERVICE_CLOSED' } });
  t.match((await s.staff.post('/api/counters/counter-5/call-next')).body, { ticket: { code: 'B001' } }, 'counter 5 still calls it');
  t.ok(((await s.anon.get('/api/services')).body as { id: string }[]).some((x) => x.id === 'id-pickup'), 'listed while its tickets are in play');
  const report = (await s.staff.get('/api/reports/waiting?from=2026-03-16&to=2026-03-16&groupBy=service')).body;
  t.match(
    report.rows.find((row: { key: string }) => row.key === 'id-pickup'),
    { label: 'Cărți de identitate – ridicare', issued: 2 },
    'the reports keep the retired service, by its name',
  );

  const letter = await s.staff.post('/api/admin/services', body({ prefix: 'B' }));
  t.same([letter.status, letter.body.code, letter.body.field], [409, 'QMS_ERR_PREFIX_TAKEN', 'prefix'], 'its letter stays its own today');
  t.same([(await s.staff.post('/api/services/id-pickup/open')).status], [409], 'a retired service is not opened for the day');

  const restored = await s.staff.post('/api/admin/services/id-pickup/restore');
  t.match(restored, { status: 200, body: { id: 'id-pickup', active: true, issuedToday: 2 } });
  t.ok((await offered(kiosk)).includes('id-pickup'), 'offered again');
  t.match((await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-pickup' })).body, { ticket: { code: 'B003' } }, 'its numbering goes on');
  t.equal((await s.staff.post('/api/admin/services/nothing-here/restore')).status, 404);

  const audit = (await s.staff.get('/api/audit?limit=20')).body as { action: string; target: string }[];
  t.ok(audit.some((a) => a.action === 'service/retire' && a.target === 'id-pickup'));
  t.ok(audit.some((a) => a.action === 'service/restore' && a.target === 'id-pickup'));
});

t.test('who may read and who may change services', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  await s.createUser('mihai', 'manager-password-1', 'manager');
  await s.createUser('ioana', 'clerk-password-1', 'clerk');
  const manager = await s.signIn('mihai', 'manager-password-1');
  const clerk = await s.signIn('ioana', 'clerk-password-1', 'counter-1');
  const before = (await s.staff.get('/api/admin/services')).body;
  t.equal((await manager.get('/api/admin/services')).status, 200);
  t.equal((await manager.post('/api/admin/services', body())).status, 403);
  t.equal((await manager.request('PUT', '/api/admin/services/cashier', body())).status, 403);
  t.equal((await retire(manager, 'cashier')).status, 403);
  t.equal((await manager.post('/api/admin/services/cashier/restore')).status, 403);
  t.equal((await clerk.get('/api/admin/services')).status, 403);
  t.equal((await s.anon.get('/api/admin/services')).status, 401);
  t.same((await s.staff.get('/api/admin/services')).body, before);
});
