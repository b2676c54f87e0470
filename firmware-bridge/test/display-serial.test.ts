import t, { type Test } from 'tap';
import type { DeviceHealth } from '../src/actions';
import {
  AsciiLedDisplay,
  MODBUS_BLANK,
  ModbusLedDisplay,
  SerialLink,
  asciiFrame,
  crc16Modbus,
  modbusCrcOk,
  modbusValue,
  modbusWriteRegister,
  ticketNumber,
} from '../src/display/index';
import { openPeer, startSerialPair, until, type PeerEnd, type SerialPair } from './serial-pair';

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
const ascii = (s: string): number[] => [...Buffer.from(s, 'ascii')];

t.test('Modbus frames and CRC match published examples', async (t) => {
  t.equal(crc16Modbus(Buffer.from('123456789', 'ascii')), 0x4b37, 'CRC-16/MODBUS check value of "123456789"');
  // Modbus over serial line spec, read holding registers 108..110 of slave 17: 11 03 00 6B 00 03 76 87.
  t.ok(modbusCrcOk(bytes('11 03 00 6B 00 03 76 87')), 'spec example CRC, low byte first');
  t.notOk(modbusCrcOk(bytes('11 03 00 6B 00 03 87 76')), 'CRC with the bytes swapped is refused');
  t.same(modbusWriteRegister(1, 1, 3), bytes('01 06 00 01 00 03 98 0B'), 'unit 1, register 1, value 3');
  t.same(modbusWriteRegister(1, 0, 23), bytes('01 06 00 00 00 17 C9 C4'), 'unit 1, register 0, value 23');
  t.throws(() => modbusWriteRegister(248, 0, 1), RangeError, 'unit id above 247');
  t.throws(() => modbusWriteRegister(1, 0, 0x10000), RangeError, 'value above 16 bits');
});

t.test('what a Modbus board is sent for each state', async (t) => {
  t.equal(ticketNumber('A023'), 23);
  t.equal(ticketNumber('B1000'), 1000);
  t.equal(ticketNumber('AB'), null);
  t.equal(modbusValue({ code: 'A023', counterState: 'open' }), 23, 'the ticket number');
  t.equal(modbusValue({ code: null, counterState: 'open' }), MODBUS_BLANK, 'no ticket: blank');
  t.equal(modbusValue({ code: 'A023', counterState: 'paused' }), MODBUS_BLANK, 'paused: blank');
  t.equal(modbusValue({ code: null, counterState: 'closed' }), MODBUS_BLANK, 'closed: blank');
  t.equal(MODBUS_BLANK, 0xffff);
  t.equal(modbusValue({ code: null, counterState: 'paused' }, 0), 0, 'a board-specific blank value');
});

t.test('ASCII frame: STX, address, padded text, ETX, XOR checksum in hex', async (t) => {
  // '0'^'1'^'A'^'0'^'2'^'3' = 0x71
  t.same([...asciiFrame(1, 'A023', 4)], [0x02, ...ascii('01A023'), 0x03, ...ascii('71')]);
  // '1'^'2'^'-'^'-'^' '^' ' = 0x03
  t.same([...asciiFrame(12, '--', 4)], [0x02, ...ascii('12--  '), 0x03, ...ascii('03')], 'padded with spaces');
  // '0'^'7'^' '^' '^' '^' ' = 0x07
  t.same([...asciiFrame(7, '', 4)], [0x02, ...ascii('07    '), 0x03, ...ascii('07')], 'blank');
  t.same(asciiFrame(1, 'A0234', 4).subarray(3, 7).toString('ascii'), 'A023', 'cut to the width');
  t.same(asciiFrame(1, 'Ș1', 3).subarray(3, 6).toString('ascii'), '?1 ', 'non-ASCII shown as ?');
  t.throws(() => asciiFrame(100, 'A', 4), RangeError, 'address above 99');
});

interface Bench {
  pair: SerialPair;
  link: SerialLink;
  peer: PeerEnd;
}

async function bench(t: Test, retryMs = 2000): Promise<Bench> {
  const pair = await startSerialPair();
  const peer = await openPeer(pair.b);
  const link = new SerialLink({ path: pair.a, retryMs });
  const b: Bench = { pair, link, peer };
  t.teardown(async () => {
    await b.link.close();
    await b.peer.close();
    await b.pair.close();
  });
  await until(() => link.connected, 3000, 'the link to open');
  return b;
}

/** Plays the board: answers the next Modbus request with its echo. */
async function echoNext(peer: PeerEnd): Promise<Buffer> {
  const request = await peer.take(8);
  await peer.write(request);
  return request;
}

t.test('a Modbus board gets the ticket number and its echo confirms it', async (t) => {
  const { link, peer } = await bench(t);
  const display = new ModbusLedDisplay({ link, unitId: 1 });
  const shown = display.show({ code: 'A023', counterState: 'open' });
  t.same(await echoNext(peer), bytes('01 06 00 00 00 17 C9 C4'), 'write 23 to register 0 of unit 1');
  await shown;
  const h = display.health();
  t.match(h, { name: `modbus:${link.path}#1`, kind: 'led-modbus', connected: true, error: null });
  t.ok(h.lastSeenAt && Date.now() - h.lastSeenAt < 2000, 'last seen just now');

  const paused = display.show({ code: 'A023', counterState: 'paused' });
  t.same(await echoNext(peer), bytes('01 06 00 00 FF FF 88 7A'), 'paused: blank value 0xFFFF');
  await paused;
  t.equal(display.health().error, null);
});

t.test('an ASCII board gets the code, "--" when paused, spaces when no ticket', async (t) => {
  const { link, peer } = await bench(t);
  const display = new AsciiLedDisplay({ link, address: 1 });
  await display.show({ code: 'A023', counterState: 'open' });
  t.same([...(await peer.take(10))], [0x02, ...ascii('01A023'), 0x03, ...ascii('71')], 'the code');
  await display.show({ code: 'A023', counterState: 'paused' });
  t.equal((await peer.take(10)).toString('latin1'), '\x0201--  \x0301', '"--" when paused');
  await display.show({ code: null, counterState: 'open' });
  t.equal((await peer.take(10)).subarray(1, 7).toString('ascii'), '01    ', 'spaces when no ticket');
  t.match(display.health(), { kind: 'led-ascii', connected: true, error: null });
});

t.test('several boards on one bus get their frames one after another, in order', async (t) => {
  const { link, peer } = await bench(t);
  const one = new ModbusLedDisplay({ link, unitId: 1, readReply: false });
  const two = new ModbusLedDisplay({ link, unitId: 2, readReply: false });
  const text = new AsciiLedDisplay({ link, address: 3 });
  await Promise.all([
    one.show({ code: 'A023', counterState: 'open' }),
    two.show({ code: 'B007', counterState: 'open' }),
    text.show({ code: 'C120', counterState: 'open' }),
    one.show({ code: 'A024', counterState: 'open' }),
  ]);
  const all = await peer.drain();
  t.same(
    all,
    Buffer.concat([bytes('01 06 00 00 00 17 C9 C4'), bytes('02 06 00 00 00 07 C8 3B'), asciiFrame(3, 'C120', 4), bytes('01 06 00 00 00 18 89 C0')]),
    'unit 1, unit 2, address 3, unit 1 again, nothing interleaved',
  );
});

t.test('a board waiting to answer holds the bus: the next frame waits for the reply', async (t) => {
  const { link, peer } = await bench(t);
  const one = new ModbusLedDisplay({ link, unitId: 1, replyTimeoutMs: 1000 });
  const two = new ModbusLedDisplay({ link, unitId: 2, replyTimeoutMs: 1000 });
  const both = Promise.all([one.show({ code: 'A023', counterState: 'open' }), two.show({ code: 'B007', counterState: 'open' })]);
  t.same(await peer.take(8), bytes('01 06 00 00 00 17 C9 C4'), 'unit 1 first');
  await new Promise((r) => setTimeout(r, 200));
  t.equal(peer.bytes().length, 0, 'nothing else on the bus while unit 1 may answer');
  await peer.write(bytes('01 06 00 00 00 17 C9 C4'));
  t.same(await echoNext(peer), bytes('02 06 00 00 00 07 C8 3B'), 'then unit 2');
  await both;
  t.match([one.health(), two.health()], [{ connected: true, error: null }, { connected: true, error: null }]);
});

t.test('a board that does not answer is reported and the bus keeps going', async (t) => {
  const { link, peer } = await bench(t);
  const silent = new ModbusLedDisplay({ link, unitId: 5, replyTimeoutMs: 150 });
  const other = new ModbusLedDisplay({ link, unitId: 6, replyTimeoutMs: 150 });
  const events: DeviceHealth[] = [];
  silent.on('health', (h) => events.push(h));

  await silent.show({ code: 'A024', counterState: 'open' }); // resolves, does not throw
  t.same(await peer.take(8), bytes('05 06 00 00 00 18 88 44'), 'the request went out');
  t.match(silent.health(), { connected: false, error: 'no reply from unit 5' });
  t.match(events.at(-1), { error: 'no reply from unit 5' }, 'a health event');

  const next = other.show({ code: 'A024', counterState: 'open' });
  t.same(await echoNext(peer), bytes('06 06 00 00 00 18 88 77'), 'the next unit still gets its frame');
  await next;
  t.match(other.health(), { connected: true, error: null });

  const again = silent.show({ code: 'A024', counterState: 'open' });
  await echoNext(peer);
  await again;
  t.match(silent.health(), { connected: true, error: null }, 'answering again clears the error');

  const refused = silent.show({ code: 'A025', counterState: 'open' });
  await peer.take(8);
  const exception = Buffer.from([5, 0x86, 0x02, 0, 0]);
  exception.writeUInt16LE(crc16Modbus(exception.subarray(0, 3)), 3);
  await peer.write(exception);
  await refused;
  t.match(silent.health(), { connected: true, error: 'unit 5 refused the write: Modbus exception 2' }, 'an exception reply');
});

t.test('cable pulled and plugged back: reported, no throw, current state written again', async (t) => {
  const b = await bench(t, 200);
  const { link, pair } = b;
  const modbus = new ModbusLedDisplay({ link, unitId: 1, readReply: false });
  const text = new AsciiLedDisplay({ link, address: 2 });
  const linkEvents: DeviceHealth[] = [];
  link.on('health', (h) => linkEvents.push(h));
  await modbus.show({ code: 'A023', counterState: 'open' });
  await text.show({ code: 'A023', counterState: 'open' });
  await b.peer.take(18);

  const pulledAt = Date.now();
  await b.peer.close();
  await pair.unplug();
  await until(() => !modbus.health().connected && !text.health().connected, 3000, 'the displays to report the loss');
  t.ok(Date.now() - pulledAt < 3000, `reported within ${Date.now() - pulledAt} ms`);
  t.match(link.health(), { kind: 'serial', connected: false });
  t.ok(link.health().error, `link error: ${link.health().error}`);
  t.match(linkEvents.at(-1), { connected: false }, 'a link health event');

  // The counter moves on while the cable is out.
  await modbus.show({ code: 'A024', counterState: 'open' });
  await text.show({ code: null, counterState: 'paused' });
  t.equal(modbus.health().connected, false, 'still reported as not connected');
  t.ok(modbus.health().error, 'with an error text');

  await pair.plug();
  b.peer = await openPeer(pair.b);
  await until(() => link.connected, 3000, 'the link to reopen');
  const again = await b.peer.take(18);
  t.same(again, Buffer.concat([bytes('01 06 00 00 00 18 89 C0'), asciiFrame(2, '--', 4)]), 'the current state, written again');
  await until(() => modbus.health().connected && text.health().connected, 2000, 'the displays to report healthy');
  t.equal(modbus.health().error, null);
  t.match(linkEvents.at(-1), { connected: true, error: null });
});

t.test('a port that is missing at start is opened once it appears', async (t) => {
  const pair = await startSerialPair();
  await pair.unplug();
  const link = new SerialLink({ path: pair.a, retryMs: 200 });
  const display = new AsciiLedDisplay({ link, address: 1 });
  let peer: PeerEnd | null = null;
  t.teardown(async () => {
    await link.close();
    await peer?.close();
    await pair.close();
  });
  await display.show({ code: 'A001', counterState: 'open' });
  await until(() => link.health().error !== null, 2000, 'the link to report the missing port');
  t.match(link.health().error, /cannot open/);
  t.equal(display.health().connected, false);
  await pair.plug();
  peer = await openPeer(pair.b);
  t.equal((await peer.take(10)).subarray(3, 7).toString('ascii'), 'A001', 'shown once the port appears');
  await until(() => display.health().connected, 2000, 'the display to report healthy');
});
