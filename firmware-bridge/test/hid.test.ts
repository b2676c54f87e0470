import { closeSync, openSync, writeSync } from 'node:fs';
import t from 'tap';
import type { DeviceHealth } from '../src/actions';
import {
  FakeHidDevice,
  HidError,
  HidKeypad,
  HidScanner,
  decodeUsage,
  keyUsage,
  openHid,
  parseKeyboardReport,
  type HidOpener,
  type KeypadPress,
} from '../src/hid/index';

/** The device end of the contract tests: what a clerk's fingers and the USB cable do. */
interface Rig {
  open: HidOpener;
  /** The device sends an input report (ignored while unplugged, like a press on a pulled keypad). */
  send(report: number[]): Promise<void>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  /** How long to wait before concluding that nothing more arrives. */
  quietMs: number;
  close(): void;
}

/** The fake at the last inch: a FakeHidDevice per plug-in. */
function fakeRig(): Rig {
  let plugged = true;
  let device: FakeHidDevice | null = null;
  return {
    open: () => {
      if (!plugged) throw new HidError('HID_NOT_FOUND', 'no HID device (fake) is connected');
      device = new FakeHidDevice();
      return device;
    },
    send: async (report) => {
      if (plugged) device?.feed(report);
    },
    unplug: async () => {
      plugged = false;
      device?.unplug();
    },
    replug: async () => {
      plugged = true;
    },
    quietMs: 60,
    close: () => {},
  };
}

/**
 * A real device as far as this machine can have one: a Linux uhid virtual device (needs write access to
 * /dev/uhid), read through the kernel's hidraw and node-hid by openHid. Its report descriptor is vendor-defined,
 * so the kernel does not treat it as a keyboard and nothing is typed into the desktop; the 8-byte reports it
 * sends are laid out like boot-keyboard reports. Null when uhid is not available.
 */
function uhidRig(): Rig | null {
  let fd: number;
  try {
    fd = openSync('/dev/uhid', 'r+');
  } catch {
    return null;
  }
  const vendorId = 0x1209; // pid.codes test ids
  const productId = 0x0001;
  const descriptor = [
    0x06, 0x00, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x08, 0x09, 0x01,
    0x81, 0x02, 0xc0,
  ];
  // struct uhid_event: u32 type, then the request (packed); UHID_CREATE2 = 11, UHID_INPUT2 = 12, UHID_DESTROY = 1.
  const event = (type: number): Buffer => {
    const b = Buffer.alloc(4 + 4372);
    b.writeUInt32LE(type, 0);
    return b;
  };
  const create = (): void => {
    const b = event(11);
    b.write('qms contract test pad', 4, 'latin1');
    b.writeUInt16LE(descriptor.length, 260);
    b.writeUInt16LE(0x03, 262); // BUS_USB
    b.writeUInt32LE(vendorId, 264);
    b.writeUInt32LE(productId, 268);
    Buffer.from(descriptor).copy(b, 280);
    writeSync(fd, b);
  };
  let plugged = true;
  create();
  return {
    open: () => openHid({ vendorId, productId }),
    send: async (report) => {
      if (!plugged) return;
      const b = event(12);
      b.writeUInt16LE(report.length, 4);
      Buffer.from(report).copy(b, 6);
      writeSync(fd, b);
    },
    unplug: async () => {
      plugged = false;
      writeSync(fd, event(1));
    },
    replug: async () => {
      plugged = true;
      create();
    },
    quietMs: 300,
    close: () => {
      if (plugged) writeSync(fd, event(1));
      closeSync(fd);
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

// Usage ids straight from the HID Usage Tables, written out here so the tests do not borrow the code's own.
const F1 = 0x3a;
const F3 = 0x3c;
const KP_1 = 0x59;
const A = 0x04;
const ENTER = 0x28;
const LEFT_SHIFT = 0x02;
const keys = (...usages: number[]): number[] => [0, 0, ...usages, 0, 0, 0, 0, 0, 0].slice(0, 8);
const up = keys();

/** The reports a scanner sends to type text: each character pressed (with Shift for capitals) and released. */
function typing(text: string): number[][] {
  const reports: number[][] = [];
  for (const ch of text) {
    let usage: number;
    if (/[a-z]/i.test(ch)) usage = 0x04 + ch.toLowerCase().charCodeAt(0) - 97;
    else if (/[1-9]/.test(ch)) usage = 0x1e + Number(ch) - 1;
    else usage = { '0': 0x27, '-': 0x2d, '.': 0x37, '/': 0x38 }[ch]!;
    reports.push([/[A-Z]/.test(ch) ? LEFT_SHIFT : 0, 0, usage, 0, 0, 0, 0, 0], up);
  }
  return reports;
}

function uhidAvailable(): boolean {
  try {
    closeSync(openSync('/dev/uhid', 'r+'));
    return true;
  } catch {
    return false;
  }
}

const rigs: Array<{ name: string; make: () => Rig | null; skip: string | false }> = [
  { name: 'fake device', make: fakeRig, skip: false },
  { name: 'uhid virtual device', make: uhidRig, skip: uhidAvailable() ? false : 'needs write access to /dev/uhid (Linux uhid)' },
];

for (const { name: rigName, make, skip } of rigs) {
  t.test(`contract: ${rigName}`, { skip }, async (t) => {
    const rig = make();
    if (!rig) throw new Error(`${rigName} could not be set up`);
    t.teardown(() => rig.close());
    const send = async (...reports: number[][]): Promise<void> => {
      for (const report of reports) await rig.send(report);
    };

    const keypad = new HidKeypad({ open: rig.open, keymap: { F1: 'next', kp_1: 'recall', '60': 'finish' }, reopenMs: 50 });
    const actions: KeypadPress[] = [];
    const unmapped: string[] = [];
    const health: DeviceHealth[] = [];
    keypad.on('action', (a) => actions.push(a));
    keypad.on('unmapped', (u) => unmapped.push(u.key));
    keypad.on('health', (h) => health.push(h));
    await keypad.start();
    t.teardown(() => keypad.stop());
    await until('the keypad is connected', () => keypad.health().connected);
    const settle = async (): Promise<void> => sleep(rig.quietMs);
    const debounced = async (): Promise<void> => sleep(Math.max(rig.quietMs, 200));

    await t.test('a mapped key press is one action, on press', async (t) => {
      actions.length = 0;
      const before = Date.now();
      await send(keys(F1));
      await until('the action arrives', () => actions.length > 0);
      t.match(actions, [{ action: 'next', key: 'F1' }], 'F1 calls next');
      t.ok(actions[0]!.at >= before && actions[0]!.at <= Date.now(), 'stamped with the time of the press');
      await send(up);
      await settle();
      t.equal(actions.length, 1, 'releasing the key adds nothing');
      t.ok(keypad.health().lastSeenAt! >= before, 'the press counts as a sign of life');
      await debounced();
    });

    await t.test('a key held down counts once, while other keys still count', async (t) => {
      actions.length = 0;
      await send(keys(F3));
      for (let i = 0; i < 2; i++) {
        await sleep(200); // longer than the debounce: only knowing the key is still down keeps it at one
        await send(keys(F3));
      }
      await send(keys(F3, KP_1), keys(F3), up);
      await settle();
      t.same(actions.map((a) => [a.key, a.action]), [['F3', 'finish'], ['KP_1', 'recall']], 'F3 (usage 60 in the config) once, then KP_1');
      await debounced();
    });

    await t.test('a bouncing key counts once; a real second press later counts again', async (t) => {
      actions.length = 0;
      await send(keys(F1), up, keys(F1), up, keys(F1), up);
      await settle();
      t.equal(actions.length, 1, 'three quick contacts are one press');
      await debounced();
      await send(keys(F1), up);
      await until('the second press arrives', () => actions.length === 2);
      t.same(actions.map((a) => a.action), ['next', 'next']);
      await debounced();
    });

    await t.test('an unmapped key does nothing', async (t) => {
      actions.length = 0;
      unmapped.length = 0;
      await send(keys(A), up);
      await until('the key is reported as unmapped', () => unmapped.length > 0);
      await settle();
      t.same(actions, [], 'no action');
      t.same(unmapped, ['A'], 'reported as an unmapped key, for whoever writes the config');
    });

    await t.test('two keys in one report are two actions, in report order', async (t) => {
      actions.length = 0;
      await send(keys(KP_1, F1), up);
      await debounced();
      await send(keys(F1, KP_1), up);
      await until('four actions', () => actions.length === 4);
      await settle();
      t.same(actions.map((a) => a.action), ['recall', 'next', 'next', 'recall']);
      await debounced();
    });

    await t.test('unplugged: health shows it; plugged back: presses work again', async (t) => {
      actions.length = 0;
      health.length = 0;
      await rig.unplug();
      await until('the keypad is shown disconnected', () => !keypad.health().connected);
      t.match(keypad.health(), { name: 'keypad', kind: 'keypad', connected: false, error: /lost|closed/ }, 'disconnected, with the reason');
      t.match(health[0], { connected: false }, "a 'health' event said so");
      await sleep(150);
      t.notOk(keypad.health().connected, 'still disconnected after several reopen attempts');

      await rig.replug();
      await until('the keypad is connected again', () => keypad.health().connected);
      t.match(keypad.health(), { connected: true, error: null }, 'connected, error cleared');
      t.match(health.at(-1), { connected: true }, "a 'health' event said so");
      await send(keys(F1), up);
      await until('the press after replugging arrives', () => actions.length > 0);
      await settle();
      t.same(actions.map((a) => a.action), ['next'], 'exactly one action');
    });

    await keypad.stop();

    const scanner = new HidScanner({ open: rig.open, reopenMs: 50 });
    const codes: string[] = [];
    const dropped: string[] = [];
    scanner.on('code', (c) => codes.push(c));
    scanner.on('dropped', (c) => dropped.push(c));
    await scanner.start();
    t.teardown(() => scanner.stop());
    await until('the scanner is connected', () => scanner.health().connected);

    await t.test('scanner: RZ-1001 + Enter is one code, with its case and dash', async (t) => {
      await send(...typing('RZ-1001'), keys(ENTER), up);
      await until('the code arrives', () => codes.length > 0);
      await settle();
      t.same(codes, ['RZ-1001']);
      await send(...typing('Rz-10.01/a'), keys(ENTER), up);
      await until('the second code arrives', () => codes.length > 1);
      t.same(codes, ['RZ-1001', 'Rz-10.01/a'], 'lower case, dot and slash too');
    });

    await t.test('scanner: a code without Enter is dropped, with a note in health', async (t) => {
      codes.length = 0;
      await send(...typing('RZ-10'));
      await until('the partial code is dropped', () => dropped.length > 0, 2000);
      t.same(dropped, ['RZ-10']);
      t.same(codes, [], 'never delivered as a code');
      t.match(scanner.health(), { connected: true, error: /RZ-10.*Enter/ }, 'health says what was dropped and why');
      await send(...typing('RZ-1002'), keys(ENTER), up);
      await until('the next code arrives', () => codes.length > 0);
      t.same(codes, ['RZ-1002'], 'the next scan is whole, not glued to the dropped part');
      t.equal(scanner.health().error, null, 'a good scan clears the note');
    });
  });
}

t.test('decodeUsage: US-layout characters of keyboard usages', async (t) => {
  t.equal(decodeUsage(0x04, false), 'a');
  t.equal(decodeUsage(0x04, true), 'A');
  t.equal(decodeUsage(0x1d, true), 'Z');
  t.equal(decodeUsage(0x1e, false), '1');
  t.equal(decodeUsage(0x26, false), '9');
  t.equal(decodeUsage(0x27, false), '0');
  t.equal(decodeUsage(0x1e, true), '!', 'Shift+1');
  t.equal(decodeUsage(0x2d, false), '-');
  t.equal(decodeUsage(0x2d, true), '_');
  t.equal(decodeUsage(0x37, false), '.');
  t.equal(decodeUsage(0x38, false), '/');
  t.equal(decodeUsage(0x2c, false), ' ');
  t.equal(decodeUsage(0x59, false), '1', 'keypad 1');
  t.equal(decodeUsage(0x62, true), '0', 'keypad 0, Shift or not');
  t.equal(decodeUsage(0x56, false), '-', 'keypad minus');
  t.equal(decodeUsage(0x63, false), '.', 'keypad dot');
  for (const usage of [0x00, 0x28, 0x29, 0x3a, 0x52, 0xe1]) t.equal(decodeUsage(usage, false), null, `0x${usage.toString(16)} types nothing`);
});

t.test('keyboard reports and key names', async (t) => {
  t.same(parseKeyboardReport(Buffer.from([0x02, 0, 0x15, 0x1d, 0, 0, 0, 0])), { modifiers: 2, keys: [0x15, 0x1d], rollover: false });
  t.same(parseKeyboardReport(Buffer.from([0x01, 0, 0, 0x3a, 0, 0, 0, 0, 0]))?.keys, [0x3a], 'a 9-byte report starts with a report id');
  t.equal(parseKeyboardReport(Buffer.from([1, 0, 0x3a]))?.keys, undefined, 'a 3-byte report is not a keyboard report');
  t.equal(parseKeyboardReport(Buffer.from([0, 0, 1, 1, 1, 1, 1, 1]))?.rollover, true);
  t.equal(keyUsage('F1'), 0x3a);
  t.equal(keyUsage('kp-enter'), 0x58);
  t.equal(keyUsage('Return'), 0x28);
  t.equal(keyUsage('KP_ADD'), 0x57);
  t.equal(keyUsage('0x3b'), 0x3b);
  t.equal(keyUsage('BUTTON_1'), null);
});

t.test('keypad config mistakes are refused at start-up', async (t) => {
  const open = (): FakeHidDevice => new FakeHidDevice();
  t.throws(() => new HidKeypad({ open, keymap: { F99: 'next' } }), { name: 'HidError', code: 'HID_CONFIG_INVALID', message: /"F99"/ });
  // @ts-expect-error: an action the server does not know
  t.throws(() => new HidKeypad({ open, keymap: { F1: 'call' } }), { code: 'HID_CONFIG_INVALID', message: /"call".*next, recall/ });
});

t.test('a too-many-keys (rollover) report is not a release', async (t) => {
  const device = new FakeHidDevice();
  const keypad = new HidKeypad({ open: () => device, keymap: { F1: 'next' }, debounceMs: 0 });
  const actions: KeypadPress[] = [];
  keypad.on('action', (a) => actions.push(a));
  await keypad.start();
  t.teardown(() => keypad.stop());
  device.feed(keys(F1));
  device.feed([0, 0, 1, 1, 1, 1, 1, 1]);
  device.feed(keys(F1));
  t.equal(actions.length, 1, 'F1 stayed down throughout');
  device.feed(up);
  device.feed(keys(F1));
  t.equal(actions.length, 2, 'released and pressed again');
});

t.test('a 3-button call pad with its own reports, read through reportKey', async (t) => {
  // The pad sends [report id 1, button bits, 0]: bit 0 is the left button.
  const reportKey = (report: Buffer): string | null => {
    const bits = report[1] ?? 0;
    for (let i = 0; i < 3; i++) if (bits & (1 << i)) return `button_${i + 1}`;
    return null;
  };
  const device = new FakeHidDevice();
  const keypad = new HidKeypad({ open: () => device, keymap: { BUTTON_1: 'next', BUTTON_2: 'recall', BUTTON_3: 'pause' }, reportKey });
  const actions: KeypadPress[] = [];
  keypad.on('action', (a) => actions.push(a));
  await keypad.start();
  t.teardown(() => keypad.stop());
  device.feed([1, 0b001, 0]);
  device.feed([1, 0b001, 0]);
  device.feed([1, 0b000, 0]);
  device.feed([1, 0b100, 0]);
  device.feed([1, 0b000, 0]);
  t.same(actions.map((a) => [a.key, a.action]), [['BUTTON_1', 'next'], ['BUTTON_3', 'pause']], 'each press once, held reports ignored');
});

t.test("a device that just closes (no error) is reopened too", async (t) => {
  const devices: FakeHidDevice[] = [];
  const keypad = new HidKeypad({ open: () => devices[devices.push(new FakeHidDevice()) - 1]!, keymap: { F1: 'next' }, reopenMs: 30 });
  const actions: KeypadPress[] = [];
  keypad.on('action', (a) => actions.push(a));
  await keypad.start();
  t.teardown(() => keypad.stop());
  devices[0]!.unplug('close');
  t.match(keypad.health(), { connected: false, error: 'device closed' });
  await until('reopened', () => keypad.health().connected);
  t.equal(devices.length, 2, 'opened a second time');
  devices[1]!.feed(keys(F1));
  t.equal(actions.length, 1);
});

t.test('openHid with no such device: a clear error, and the keypad keeps waiting for it', async (t) => {
  const selector = { vendorId: 0xdead, productId: 0xbeef };
  const err = await openHid(selector).catch((e: unknown) => e);
  t.ok(err instanceof HidError, 'a HidError, not a crash');
  t.equal((err as HidError).code, 'HID_NOT_FOUND');
  t.equal((err as HidError).message, 'no HID device dead:beef is connected');

  let attempts = 0;
  const keypad = new HidKeypad({ open: () => (attempts++, openHid(selector)), keymap: { F1: 'next' }, reopenMs: 50 });
  await keypad.start();
  t.teardown(() => keypad.stop());
  t.match(keypad.health(), { name: 'keypad', kind: 'keypad', connected: false, lastSeenAt: null, error: 'no HID device dead:beef is connected' });
  await until('it tried again', () => attempts >= 3, 2000);
  await keypad.stop();
  const tries = attempts;
  await sleep(150);
  t.equal(attempts, tries, 'stop() ends the attempts');
});
