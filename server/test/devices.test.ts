import t from 'tap';
import { build, deviceClient } from './helper';

t.test('a kiosk is paired by staff with the code it shows, and collects its token once', async (t) => {
  const s = await build(t);
  const start = await s.anon.post('/api/pairing', { kind: 'kiosk' });
  t.equal(start.status, 201);
  t.match(start.body.code, /^[0-9]{6}$/, 'a six-digit code to show');
  t.ok(start.body.pairingId.length >= 16, 'and a secret id to poll with');

  const pending = await s.anon.get(`/api/pairing/${start.body.pairingId}`);
  t.same([pending.status, pending.body.status], [200, 'pending']);

  const clerk = await s.createUser('ioana', 'clerk-password-1', 'clerk').then(() => s.signIn('ioana', 'clerk-password-1'));
  t.equal((await clerk.post('/api/devices', { code: start.body.code, name: 'Chioșc hol' })).body.code, 'QMS_ERR_FORBIDDEN', 'a clerk cannot pair devices');
  t.equal((await s.anon.post('/api/devices', { code: start.body.code, name: 'Chioșc hol' })).body.code, 'QMS_ERR_UNAUTHENTICATED');
  const wrong = start.body.code === '000000' ? '000001' : '000000';
  const miss = await s.staff.post('/api/devices', { code: wrong, name: 'Chioșc hol' });
  t.same([miss.status, miss.body.code], [404, 'QMS_ERR_PAIRING_NOT_FOUND'], 'a code no device shows');

  const paired = await s.staff.post('/api/devices', { code: start.body.code, name: 'Chioșc hol' });
  t.equal(paired.status, 201);
  t.match(paired.body, { kind: 'kiosk', name: 'Chioșc hol', local: false, revokedAt: null, settings: { printer: null, ticketsPerMinute: 10 } });
  t.equal(paired.body.printer.address, 'virtual:', 'prints to the built-in virtual printer until a printer is set');

  const collected = await s.anon.get(`/api/pairing/${start.body.pairingId}`);
  t.equal(collected.body.status, 'paired');
  t.match(collected.body.token, /^qmsd_[A-Za-z0-9_-]{40,}$/);
  t.equal((await s.anon.get(`/api/pairing/${start.body.pairingId}`)).status, 404, 'the token is handed out once');

  const kiosk = deviceClient(s.url, collected.body.token);
  t.match((await kiosk.get('/api/devices/me')).body, { id: paired.body.id, kind: 'kiosk', name: 'Chioșc hol' });
  t.equal((await kiosk.get('/api/kiosk/home')).status, 200, 'the kiosk works with its token');

  // A restart keeps the pairing: tokens do not expire by themselves.
  await s.close();
  const again = await build(t, { dataDir: s.dataDir });
  t.equal((await deviceClient(again.url, collected.body.token).get('/api/kiosk/home')).status, 200, 'still paired after a restart');
  const audit = await again.staff.get('/api/audit');
  t.ok(audit.body.some((e: { action: string; target: string }) => e.action === 'device/pair' && e.target === 'Chioșc hol'), 'pairing is in the audit log');
});

t.test('a revoked device is refused at once; a display cannot act as a kiosk', async (t) => {
  const s = await build(t);
  const pair = async (kind: string, name: string) => {
    const start = await s.anon.post('/api/pairing', { kind });
    const dev = await s.staff.post('/api/devices', { code: start.body.code, name });
    const token = (await s.anon.get(`/api/pairing/${start.body.pairingId}`)).body.token as string;
    return { id: dev.body.id as string, client: deviceClient(s.url, token) };
  };
  const kiosk = await pair('kiosk', 'Chioșc 2');
  const display = await pair('display', 'Ecran hol');

  const asDisplay = await display.client.post('/api/kiosk/tickets', { serviceId: 'id-applications' });
  t.same([asDisplay.status, asDisplay.body.code], [403, 'QMS_ERR_FORBIDDEN'], 'a display does not issue tickets');

  const revoked = await s.staff.post(`/api/devices/${kiosk.id}/revoke`);
  t.ok(revoked.body.revokedAt, 'marked revoked');
  const refused = await kiosk.client.post('/api/kiosk/tickets', { serviceId: 'id-applications' });
  t.same([refused.status, refused.body.code], [401, 'QMS_ERR_DEVICE_UNAUTHENTICATED'], 'its token stops working at once');
  t.equal((await deviceClient(s.url, 'qmsd_made-up-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa').get('/api/devices/me')).status, 401, 'a made-up token');
  const queue = await s.anon.get('/api/queue');
  t.equal(queue.body.tickets.length, 0, 'no ticket was issued by the refused devices');
});

t.test("the server machine's own kiosk pairs itself, only from the machine itself", async (t) => {
  const s = await build(t);
  const local = await s.anon.post('/api/devices/local');
  t.equal(local.status, 200);
  t.match(local.body.device, { kind: 'kiosk', name: 'Chioșc local' });
  t.equal((await s.anon.post('/api/devices/local', undefined, { 'x-forwarded-for': '10.0.0.7' })).body.code, 'QMS_ERR_FORBIDDEN', 'not through a proxy');

  const list = await s.staff.get('/api/devices');
  const device = list.body.find((d: { local: boolean }) => d.local);
  await s.staff.post(`/api/devices/${device.id}/revoke`);
  t.equal((await deviceClient(s.url, local.body.token).get('/api/kiosk/home')).status, 401, 'revoked: its token is refused');
  t.equal((await s.anon.post('/api/devices/local')).status, 404, 'and it is not handed out any more');

  await s.close();
  const again = await build(t, { dataDir: s.dataDir });
  t.equal((await again.anon.post('/api/devices/local')).status, 404, 'a revoked local kiosk stays revoked after a restart');
});

t.test('device settings are checked; a refused change changes nothing', async (t) => {
  const s = await build(t);
  const [device] = (await s.staff.get('/api/devices')).body;
  for (const printer of ['lpt1', 'http://printer', 'tcp://', 'tcp://host:99999']) {
    const r = await s.staff.patch(`/api/devices/${device.id}`, { settings: { printer } });
    t.same([r.status, r.body.code], [400, 'QMS_ERR_VALIDATION'], `printer '${printer}' is refused`);
    t.match(r.body.message, /printer/);
  }
  t.equal((await s.staff.patch(`/api/devices/${device.id}`, { settings: { ticketsPerMinute: 0 } })).status, 400);
  t.equal((await s.staff.patch(`/api/devices/${device.id}`, { colour: 'red' })).status, 400, 'unknown fields');
  const after = (await s.staff.get('/api/devices')).body[0];
  t.same(after.settings, device.settings, 'nothing changed');

  const ok = await s.staff.patch(`/api/devices/${device.id}`, { name: 'Chioșc parter', settings: { printer: 'tcp://192.168.1.50:9100', ticketsPerMinute: 6 } });
  t.match(ok.body, { name: 'Chioșc parter', settings: { printer: 'tcp://192.168.1.50:9100', ticketsPerMinute: 6 } });
  t.equal(ok.body.printer.address, 'tcp://192.168.1.50:9100');
  t.equal((await s.staff.patch('/api/devices/no-such-device', { name: 'x' })).body.code, 'QMS_ERR_DEVICE_NOT_FOUND');
});
