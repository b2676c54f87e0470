import { writeFileSync } from 'node:fs';
import t from 'tap';
import { modbusWriteRegister } from '../../firmware-bridge/src/display/index';
import { openPeer, startSerialPair } from '../../firmware-bridge/test/serial-pair';
import { build } from './helper';

t.test("devices plugged into the server's own machine are driven by the server itself (QMS_BRIDGE_CONFIG)", async (t) => {
  const serial = await startSerialPair();
  t.teardown(() => serial.close());
  const board = await openPeer(serial.b);
  t.teardown(() => board.close());
  const dir = t.testdir();
  const file = `${dir}/bridge.json`;
  writeFileSync(
    file,
    JSON.stringify({
      name: 'punte-server',
      serialPorts: [{ id: 'rs485', path: serial.a }],
      displays: [{ counter: 'counter-2', port: 'rs485', protocol: 'modbus', unitId: 2 }],
    }),
  );
  const s = await build(t, { dataDir: `${dir}/data`, env: { QMS_BRIDGE_CONFIG: file } });
  const devices = (await s.staff.get('/api/devices')).body;
  t.ok(devices.some((d: { kind: string; local: boolean; name: string }) => d.kind === 'bridge' && d.local && d.name === 'Punte locală'), 'the server has a bridge of its own');

  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/counters/counter-2/call-next');
  const frame = modbusWriteRegister(2, 0, 1);
  const end = Date.now() + 5000;
  while (!board.bytes().includes(frame) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  t.ok(board.bytes().includes(frame), 'A001 shows on counter 2 board as 1');
});
