import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { DeviceHealth } from '../actions';

export interface SerialLinkOptions {
  /** The port: '/dev/ttyUSB0', '/dev/serial/by-id/...', 'COM3'. */
  path: string;
  /** Default 9600. */
  baudRate?: number;
  /** Default 8. */
  dataBits?: 5 | 6 | 7 | 8;
  /** Default 'none'. */
  parity?: 'none' | 'even' | 'odd';
  /** Default 1. */
  stopBits?: 1 | 2;
  /** While the port is missing or lost, try to open it again this often; default 2000 ms. */
  retryMs?: number;
  /** Silence kept after each frame (and its reply); default 3.5 character times, as Modbus RTU asks. */
  frameGapMs?: number;
  /** Name in health reports; default the path. */
  name?: string;
}

export type SerialLinkErrorCode = 'SERIAL_NOT_OPEN' | 'SERIAL_WRITE_FAILED' | 'SERIAL_NO_REPLY';

export class SerialLinkError extends Error {
  readonly code: SerialLinkErrorCode;
  /** Bytes received before a reply timed out. */
  readonly received: Buffer | undefined;

  constructor(code: SerialLinkErrorCode, message: string, options?: { cause?: unknown; received?: Buffer }) {
    super(message, options);
    this.name = 'SerialLinkError';
    this.code = code;
    this.received = options?.received;
  }
}

export interface ReplyExpectation {
  timeoutMs: number;
  /** True once the bytes received so far make a whole reply. */
  complete: (received: Buffer) => boolean;
}

/**
 * One serial port, shared by every display on its RS-485 bus (create one link per port: a port opens only once).
 *
 * Frames go out one at a time, in the order given; a frame that waits for a reply holds the bus until the reply or
 * its timeout. When the port is missing, unplugged or fails, the link tries to open it again every `retryMs`, and
 * emits 'open' each time it opens, so its displays write their current state again.
 *
 * Events: 'open' (the port opened), 'health' (DeviceHealth; `connected` or `error` changed).
 */
export class SerialLink extends EventEmitter {
  readonly path: string;
  private readonly settings: { baudRate: number; dataBits: 5 | 6 | 7 | 8; parity: 'none' | 'even' | 'odd'; stopBits: 1 | 2 };
  private readonly retryMs: number;
  private readonly frameGapMs: number;
  private state: DeviceHealth;
  private port: SerialPort | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private received = Buffer.alloc(0);
  private wake: (() => void) | null = null;

  constructor(options: SerialLinkOptions) {
    super();
    this.path = options.path;
    this.settings = { baudRate: options.baudRate ?? 9600, dataBits: options.dataBits ?? 8, parity: options.parity ?? 'none', stopBits: options.stopBits ?? 1 };
    this.retryMs = options.retryMs ?? 2000;
    this.frameGapMs = options.frameGapMs ?? Math.ceil((3.5 * 11 * 1000) / this.settings.baudRate);
    this.state = { name: options.name ?? options.path, kind: 'serial', connected: false, lastSeenAt: null, error: null };
    this.connect();
  }

  health(): DeviceHealth {
    return { ...this.state };
  }

  get connected(): boolean {
    return this.port !== null;
  }

  /**
   * Queues a frame; resolves once it is written (and, when a reply is expected, with the reply).
   * Rejects with SerialLinkError: SERIAL_NOT_OPEN, SERIAL_WRITE_FAILED or SERIAL_NO_REPLY.
   */
  send(frame: Buffer, reply?: ReplyExpectation): Promise<Buffer | null> {
    const turn = this.queue.then(() => this.transmit(frame, reply));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Closes the port and stops reopening it. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const port = this.port;
    this.port = null;
    this.wake?.();
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.update(false, null);
  }

  private connect(): void {
    if (this.closed) return;
    const port = new SerialPort({ path: this.path, ...this.settings, autoOpen: false });
    port.on('data', (chunk: Buffer) => {
      if (port !== this.port) return;
      this.received = Buffer.concat([this.received, chunk]);
      this.wake?.();
    });
    // A read or write failure closes the port with a "disconnected" error.
    port.on('close', (err: Error | null) => this.lost(port, err ? `${this.path} disconnected: ${err.message}` : `${this.path} closed`));
    port.on('error', (err: Error) => this.lost(port, `${this.path}: ${err.message}`));
    port.open((err) => {
      if (this.closed) {
        if (!err) port.close(() => undefined);
        return;
      }
      if (err) {
        this.update(false, `cannot open ${this.path}: ${err.message}`);
        this.retryLater();
        return;
      }
      this.port = port;
      this.received = Buffer.alloc(0);
      this.update(true, null);
      this.emit('open');
    });
  }

  private lost(port: SerialPort, error: string): void {
    if (port !== this.port) return;
    this.port = null;
    this.wake?.();
    if (port.isOpen) port.close(() => undefined);
    this.update(false, error);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, this.retryMs);
  }

  private update(connected: boolean, error: string | null): void {
    if (this.state.connected === connected && this.state.error === error) return;
    this.state = { ...this.state, connected, error };
    this.emit('health', this.health());
  }

  private async transmit(frame: Buffer, reply: ReplyExpectation | undefined): Promise<Buffer | null> {
    const port = this.port;
    if (!port) throw new SerialLinkError('SERIAL_NOT_OPEN', this.state.error ?? `${this.path} is not open`);
    this.received = Buffer.alloc(0);
    try {
      await new Promise<void>((resolve, reject) => port.write(frame, (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve())))));
    } catch (err) {
      throw new SerialLinkError('SERIAL_WRITE_FAILED', `${this.path}: ${(err as Error).message}`, { cause: err });
    }
    this.state.lastSeenAt = Date.now();
    try {
      return reply ? await this.awaitReply(port, reply) : null;
    } finally {
      await new Promise((resolve) => setTimeout(resolve, this.frameGapMs));
    }
  }

  private awaitReply(port: SerialPort, reply: ReplyExpectation): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wake = null;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new SerialLinkError('SERIAL_NO_REPLY', `no reply within ${reply.timeoutMs} ms`, { received: this.received }));
      }, reply.timeoutMs);
      const check = (): void => {
        if (port !== this.port) {
          finish();
          reject(new SerialLinkError('SERIAL_NOT_OPEN', this.state.error ?? `${this.path} closed`));
        } else if (reply.complete(this.received)) {
          finish();
          resolve(this.received);
        }
      };
      this.wake = check;
      check();
    });
  }
}
