import t from 'tap';
import { build, deviceClient } from './helper';

t.test('a paired bridge works its counters by keypad and wireless button, each press once', async (t) => {
  const s = await build(t);
  const start = await s.anon.post('/api/pairing', { kind: 'bridge' });
  const paired = await s.staff.post('/api/devices', { code: start.body.code, name: 'Punte ghișee 1-2', settings: { counters: ['counter-1'] } });
  t.match(paired.body, { kind: 'bridge', settings: { counters: ['counter-1'] } });
  const bridge = deviceClient(s.url, (await s.anon.get(`/api/pairing/${start.body.pairingId}`)).body.token);
  for (let i = 0; i < 3; i++) await s.staff.post('/api/tickets', { serviceId: 'id-applications' });

  const press = (path: string, id: string, body?: unknown) => bridge.post(path, body, { 'idempotency-key': id });
  const first = await press('/api/counters/counter-1/call-next', 'button-7-press-0001');
  t.match(first.body, { ticket: { code: 'A001', status: 'called' } });
  const repeat = await press('/api/counters/counter-1/call-next', 'button-7-press-0001');
  t.equal(repeat.body.ticket.code, 'A001', 'the same press repeated by the radio calls no second ticket');

  t.match((await press('/api/counters/counter-1/current/start', 'button-7-press-0002')).body, { code: 'A001', status: 'serving' });
  t.match((await press('/api/counters/counter-1/current/finish', 'button-7-press-0003')).body, { code: 'A001', status: 'done' });
  const none = await press('/api/counters/counter-1/current/recall', 'button-7-press-0004');
  t.same([none.status, none.body.code], [409, 'QMS_ERR_NO_CURRENT_TICKET'], 'nothing at the counter to recall');
  t.match((await press('/api/counters/counter-1/pause', 'button-7-press-0005', { reason: 'break' })).body, { state: 'paused' });
  t.match((await press('/api/counters/counter-1/resume', 'button-7-press-0006')).body, { state: 'open' });

  const other = await press('/api/counters/counter-2/call-next', 'button-9-press-0001');
  t.same([other.status, other.body.code], [403, 'QMS_ERR_FORBIDDEN'], 'not a counter this bridge works for');
  const kiosk = await s.localKiosk();
  t.equal((await kiosk.post('/api/counters/counter-1/call-next')).status, 401, 'a kiosk is not staff and not a bridge');

  const audit = (await s.staff.get('/api/audit')).body;
  t.ok(audit.some((e: { action: string; device: string }) => e.action === 'counter/call-next' && e.device.startsWith('Punte ghișee 1-2')), 'the audit log names the bridge');
});

t.test('a bridge reports the health of its hardware, and managers see it', async (t) => {
  const s = await build(t);
  const start = await s.anon.post('/api/pairing', { kind: 'bridge' });
  const paired = await s.staff.post('/api/devices', { code: start.body.code, name: 'Punte' });
  const bridge = deviceClient(s.url, (await s.anon.get(`/api/pairing/${start.body.pairingId}`)).body.token);
  const components = [
    { name: 'Afișaj ghișeul 1', kind: 'modbus-display', connected: false, lastSeenAt: s.clock.ms - 60_000, error: 'no reply from unit 1' },
    { name: 'Tastatură ghișeul 1', kind: 'hid-keypad', connected: true, lastSeenAt: s.clock.ms, error: null },
  ];
  t.equal((await bridge.post('/api/devices/me/health', { components })).status, 204);
  t.equal((await bridge.post('/api/devices/me/health', { components: [{ name: 'x' }] })).status, 400, 'malformed reports are refused');
  const listed = (await s.staff.get('/api/devices')).body.find((d: { id: string }) => d.id === paired.body.id);
  t.same(listed.health.components, components);
  t.equal((await s.anon.post('/api/devices/me/health', { components })).status, 401);
});
