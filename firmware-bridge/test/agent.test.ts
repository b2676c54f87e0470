import mqtt from 'mqtt';
import t from 'tap';
import { AUTOPLAY, CHROMIUM_ARGS, launch, newPage } from '../../scripts/test-support/browser';
import { build } from '../../server/test/helper';
import { BridgeAgent } from '../src/agent/agent';
import { parseConfig } from '../src/agent/config';
import { modbusWriteRegister } from '../src/display/index';
import { FakeHidDevice, HidKeypad } from '../src/hid/index';
import { startBroker } from './broker';
import { openPeer, startSerialPair } from './serial-pair';

/** Waits until a check (which may ask the server) holds. */
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`still not so after ${ms} ms: ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

t.test('the bridge agent: LED display, USB keypad and a wireless button working real counters', async (t) => {
  const s = await build(t);
  const start = await s.anon.post('/api/pairing', { kind: 'bridge' });
  await s.staff.post('/api/devices', { code: start.body.code, name: 'Punte hol', settings: { counters: ['counter-1', 'counter-8'] } });
  const token = (await s.anon.get(`/api/pairing/${start.body.pairingId}`)).body.token as string;

  const serial = await startSerialPair();
  t.teardown(() => serial.close());
  const board = await openPeer(serial.b);
  t.teardown(() => board.close());
  const broker = await startBroker();
  t.teardown(() => broker.close());

  const config = parseConfig(
    JSON.stringify({
      server: { url: s.url, token },
      name: 'punte-hol',
      serialPorts: [{ id: 'bus1', path: serial.a }],
      displays: [{ counter: 'counter-1', port: 'bus1', protocol: 'modbus', unitId: 1 }],
      keypads: [{ counter: 'counter-1', vendorId: 1, productId: 2, keys: { F1: 'next', F3: 'finish' } }],
      mqtt: { url: broker.url, site: 'spclep', counters: { '8': 'counter-8' } },
    }),
  );
  const usb = new FakeHidDevice();
  const agent = new BridgeAgent(config, {
    healthEveryMs: 300,
    keypad: (entry, onAction) => {
      const keypad = new HidKeypad({ open: () => usb, keymap: entry.keys });
      keypad.on('action', (e) => onAction(e.action));
      void keypad.start();
      return { health: () => keypad.health(), close: () => keypad.stop() };
    },
  });
  t.teardown(() => agent.close());
  agent.start();

  for (let i = 0; i < 2; i++) await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/tickets', { serviceId: 'cashier' });

  // The hall display in the waiting room, on the server's own machine (it pairs itself there).
  const browser = await launch(t, 'display', [...CHROMIUM_ARGS, AUTOPLAY]);
  const { page } = await newPage(browser, { viewport: { width: 1920, height: 1080 }, baseURL: s.url });
  await page.goto('/display/');
  await page.getByTestId('latest-call').waitFor({ timeout: 10_000 });

  // The clerk presses F1 on the keypad: A001 is called to counter 1 and its number goes up on the LED board.
  await until(() => agent.link.health().connected, 5000);
  const press = (usage: number) => {
    usb.feed([0, 0, usage, 0, 0, 0, 0, 0]);
    usb.feed([0, 0, 0, 0, 0, 0, 0, 0]);
  };
  press(0x3a); // F1
  await until(async () => (await s.anon.get('/api/counters')).body[0].current?.code === 'A001', 5000);
  const frame = modbusWriteRegister(1, 0, 1);
  await until(() => board.bytes().includes(frame), 5000);
  t.pass('the board got "1" for A001 over Modbus');

  // And the hall display shows it too.
  await page.getByTestId('latest-code').filter({ hasText: 'A001' }).waitFor({ timeout: 5000 });
  t.equal((await page.getByTestId('latest-counter').innerText()).replace(/\s+/g, ' ').includes('1'), true, 'the hall display shows A001 at counter 1');

  press(0x3c); // F3: finish
  await until(async () => (await s.anon.get('/api/counters')).body[0].current === null, 5000);
  await until(() => board.bytes().includes(modbusWriteRegister(1, 0, 0xffff)), 5000);
  t.pass('finished: the board is blanked');

  // A wireless button at counter 8 sends "next" three times (radio repeats): one ticket is called.
  const button = await mqtt.connectAsync(broker.url);
  t.teardown(() => button.endAsync());
  const stateSeen = new Promise<string>((resolve) => {
    button.on('message', (topic, payload) => {
      if (topic.endsWith('/state') && JSON.parse(String(payload)).code === 'D001') resolve(String(payload));
    });
  });
  await button.subscribeAsync('qms/spclep/counter/8/state');
  await until(() => agent.health().some((h) => h.kind === 'mqtt' && h.connected), 5000);
  for (let i = 0; i < 3; i++) await button.publishAsync('qms/spclep/counter/8/cmd', JSON.stringify({ action: 'next', id: 'btn8-boot1-1' }), { qos: 1 });
  t.same(JSON.parse(await stateSeen), { code: 'D001', state: 'open' }, 'the button\'s display gets the code on its state topic');
  const queue = (await s.anon.get('/api/queue')).body;
  t.same(queue.tickets.filter((x: { status: string }) => x.status === 'called').map((x: { code: string }) => x.code), ['D001'], 'one call for three radio repeats');

  // Health reaches the server, for managers.
  await until(async () => {
    const d = (await s.staff.get('/api/devices')).body.find((x: { name: string }) => x.name === 'Punte hol');
    return (d?.health?.components?.length ?? 0) >= 5;
  }, 5000);
  const kinds = (await s.staff.get('/api/devices')).body.find((x: { name: string }) => x.name === 'Punte hol').health.components.map((c: { kind: string }) => c.kind);
  t.same([...kinds].sort(), ['keypad', 'led-modbus', 'mqtt', 'serial', 'server-link'], 'each piece reports its health');
});

t.test("a bridge's HID-mode scanner at a kiosk: the code reaches that kiosk's page, and no other", async (t) => {
  const { WsClient } = await import('../../server/test/helper');
  const { HidScanner } = await import('../src/hid/index');
  const s = await build(t);
  const start = await s.anon.post('/api/pairing', { kind: 'bridge' });
  await s.staff.post('/api/devices', { code: start.body.code, name: 'Punte chioșc' });
  const token = (await s.anon.get(`/api/pairing/${start.body.pairingId}`)).body.token as string;
  const kioskId = (await s.staff.get('/api/devices')).body.find((d: { kind: string; local: boolean }) => d.kind === 'kiosk' && d.local).id as string;

  const page = new WsClient(s.url);
  const other = new WsClient(s.url);
  t.teardown(() => {
    page.close();
    other.close();
  });
  await page.hello(['queue', `device:${kioskId}`]);
  await other.hello(['queue']);

  const usb = new FakeHidDevice();
  const agent = new BridgeAgent(parseConfig(JSON.stringify({ server: { url: s.url, token }, name: 'punte-chiosc', scanners: [{ kiosk: kioskId, vendorId: 1, productId: 2 }] })), {
    scanner: (_entry, onCode) => {
      const scanner = new HidScanner({ open: () => usb });
      scanner.on('code', onCode);
      void scanner.start();
      return { health: () => scanner.health(), close: () => scanner.stop() };
    },
  });
  t.teardown(() => agent.close());
  agent.start();
  await until(() => agent.health().some((h) => h.kind === 'scanner' && h.connected), 3000);
  // R Z - 1 0 0 1 Enter, as a HID keyboard-usage scanner sends it (each key pressed, then released).
  const keys: [number, number][] = [[0x15, 2], [0x1d, 2], [0x2d, 0], [0x1e, 0], [0x27, 0], [0x27, 0], [0x1e, 0], [0x28, 0]];
  for (const [usage, mods] of keys) {
    usb.feed([mods, 0, usage, 0, 0, 0, 0, 0]);
    usb.feed([0, 0, 0, 0, 0, 0, 0, 0]);
  }
  t.match(await page.waitFor((m) => m.type === 'scan'), { type: 'scan', code: 'RZ-1001' }, "the kiosk's page gets the code");
  await new Promise((r) => setTimeout(r, 200));
  t.notOk(other.messages.some((m) => m.type === 'scan'), 'a client not on that kiosk topic does not');
  const kiosk = await s.localKiosk();
  t.equal((await kiosk.post(`/api/devices/${kioskId}/scan`, { code: 'X1' })).status, 403, 'only a bridge sends scans');
});

t.test('a press the server never gets is refused with a sign on the counter display, and never delivered late', async (t) => {
  const serial = await startSerialPair();
  t.teardown(() => serial.close());
  const board = await openPeer(serial.b);
  t.teardown(() => board.close());
  const net = await import('node:net');
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const usb = new FakeHidDevice();
  const agent = new BridgeAgent(
    parseConfig(
      JSON.stringify({
        server: { url: `http://127.0.0.1:${port}`, token: 'qmsd_nobody-answers' },
        name: 'punte',
        pressTtlSeconds: 1,
        serialPorts: [{ id: 'bus', path: serial.a }],
        displays: [{ counter: 'counter-1', port: 'bus', protocol: 'ascii', address: 1 }],
        keypads: [{ counter: 'counter-1', vendorId: 1, productId: 2, keys: { F1: 'next' } }],
      }),
    ),
    {
      keypad: (entry, onAction) => {
        const keypad = new HidKeypad({ open: () => usb, keymap: entry.keys });
        keypad.on('action', (e) => onAction(e.action));
        void keypad.start();
        return { health: () => keypad.health(), close: () => keypad.stop() };
      },
    },
  );
  t.teardown(() => agent.close());
  agent.start();
  await until(() => agent.health().some((h) => h.kind === 'keypad' && h.connected), 3000);
  usb.feed([0, 0, 0x3a, 0, 0, 0, 0, 0]);
  usb.feed([0, 0, 0, 0, 0, 0, 0, 0]);
  await until(() => board.bytes().toString('latin1').includes('01Err '), 6000);
  t.pass('the display shows Err');
  t.match(agent.health()[0]!.error, /next press at counter-1 was dropped/, 'and the bridge reports it');
});
