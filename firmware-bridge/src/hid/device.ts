import { EventEmitter } from 'node:events';

/**
 * The part of node-hid's device (HID or HIDAsync) the keypad and scanner drivers use: input reports arrive as
 * 'data', a device that goes away (unplugged, read failure) emits 'error' (node-hid) or 'close'.
 */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  close(): void | Promise<void>;
}

/** Opens a device; may throw or reject when the device is not there (the drivers then retry). */
export type HidOpener = () => HidDeviceLike | Promise<HidDeviceLike>;

export interface HidSelector {
  vendorId: number;
  productId: number;
  /** One interface of the device, as listed by node-hid's devices(); needed when it has several. */
  path?: string;
}

export type HidErrorCode = 'HID_UNAVAILABLE' | 'HID_NOT_FOUND' | 'HID_OPEN_FAILED' | 'HID_CONFIG_INVALID';

export class HidError extends Error {
  readonly code: HidErrorCode;

  constructor(code: HidErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HidError';
    this.code = code;
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** '0c45:7403' or '0c45:7403 at /dev/hidraw3'. */
export function hidLabel(selector: HidSelector): string {
  return `${hex4(selector.vendorId)}:${hex4(selector.productId)}${selector.path ? ` at ${selector.path}` : ''}`;
}

/**
 * Opens a real device with node-hid (HIDAsync: reads run on the device's own thread). node-hid is loaded only
 * here, so a machine without HID support still loads the drivers. Among several interfaces of the device the
 * keyboard one (usage page 1, usage 6) is preferred, unless `path` picks one.
 */
export async function openHid(selector: HidSelector): Promise<HidDeviceLike> {
  const label = hidLabel(selector);
  let found: Awaited<ReturnType<typeof import('node-hid').devicesAsync>>;
  let hid: typeof import('node-hid');
  try {
    hid = await import('node-hid');
    found = await hid.devicesAsync(selector.vendorId, selector.productId);
  } catch (err) {
    throw new HidError('HID_UNAVAILABLE', `cannot list HID devices (looking for ${label}): ${messageOf(err)}`, { cause: err });
  }
  const matching = selector.path ? found.filter((d) => d.path === selector.path) : found;
  if (matching.length === 0) {
    const elsewhere = found.length > 0 ? `; it has the interfaces ${found.map((d) => d.path).join(', ')}` : '';
    throw new HidError('HID_NOT_FOUND', `no HID device ${label} is connected${elsewhere}`);
  }
  const chosen = matching.find((d) => d.usagePage === 0x01 && d.usage === 0x06) ?? matching[0]!;
  try {
    return await (chosen.path
      ? hid.HIDAsync.open(chosen.path)
      : hid.HIDAsync.open(selector.vendorId, selector.productId));
  } catch (err) {
    const where = chosen.path ? ` at ${chosen.path}` : '';
    const hint = process.platform === 'linux' ? ' (check that a udev rule lets this user read /dev/hidraw*)' : '';
    throw new HidError('HID_OPEN_FAILED', `cannot open HID device ${hidLabel(selector)}${where}: ${messageOf(err)}${hint}`, { cause: err });
  }
}

/**
 * A stand-in for a USB HID device: tests (and demos without hardware) feed it input reports and can unplug it.
 * Behaves like node-hid's device: close() stops all events.
 */
export class FakeHidDevice extends EventEmitter implements HidDeviceLike {
  closed = false;

  /** The device sends an input report. */
  feed(report: Uint8Array | number[]): void {
    if (this.closed) throw new Error('the fake HID device is closed or unplugged');
    this.emit('data', Buffer.from(report));
  }

  /** The cable is pulled: reading fails ('error', as node-hid reports it) or the device just closes. */
  unplug(how: 'error' | 'close' = 'error'): void {
    if (this.closed) return;
    this.closed = true;
    if (how === 'error') this.emit('error', new Error('could not read from HID device'));
    else this.emit('close');
  }

  close(): void {
    this.closed = true;
    this.removeAllListeners();
  }
}
