import type { DeviceHealth } from '../actions';
import { messageOf, type HidDeviceLike, type HidOpener } from './device';

export interface HidLinkOptions {
  name: string;
  kind: string;
  open: HidOpener;
  /** Wait between attempts to open the device again after it went away or was not there. */
  reopenMs: number;
  onReport: (report: Buffer, at: number) => void;
  /** The device went away or the link stopped: forget any half-read input. */
  onLost: () => void;
  onHealth: (health: DeviceHealth) => void;
}

/** A 'health' event for a newer lastSeenAt alone is sent at most this often. */
const SEEN_EVERY_MS = 1000;

/**
 * Keeps one HID device open: opens it, passes its reports on, notices when it goes away and opens it again
 * every reopenMs, and keeps the device health up to date.
 */
export class HidLink {
  private device: HidDeviceLike | null = null;
  private running = false;
  /** Counts stops, so an open that finishes after a stop (and maybe a new start) is not used. */
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;
  private state: DeviceHealth;
  private seenReported: number | null = null;

  constructor(private readonly options: HidLinkOptions) {
    this.state = { name: options.name, kind: options.kind, connected: false, lastSeenAt: null, error: null };
  }

  health(): DeviceHealth {
    return { ...this.state };
  }

  /** Resolves after the first attempt to open the device; never rejects (a missing device is retried). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const device = this.device;
    this.device = null;
    this.options.onLost();
    this.update({ connected: false });
    if (device) await closeQuietly(device);
  }

  /** Shows a note (or clears it with null) in the health's error while the device stays connected. */
  note(message: string | null): void {
    this.update({ error: message });
  }

  private async connect(): Promise<void> {
    this.timer = null;
    const generation = this.generation;
    const current = (): boolean => this.running && generation === this.generation;
    let device: HidDeviceLike;
    try {
      device = await this.options.open();
    } catch (err) {
      if (!current()) return;
      this.update({ connected: false, error: messageOf(err) });
      this.retry();
      return;
    }
    if (!current()) {
      await closeQuietly(device);
      return;
    }
    this.device = device;
    device.on('data', (report: Buffer | number[]) => {
      if (this.device !== device) return;
      const at = Date.now();
      this.update({ lastSeenAt: at });
      try {
        this.options.onReport(Buffer.isBuffer(report) ? report : Buffer.from(report), at);
      } catch (err) {
        this.update({ error: `could not read a report: ${messageOf(err)}` });
      }
    });
    device.on('error', (err) => this.lost(device, `device lost: ${messageOf(err)}`));
    device.on('close', () => this.lost(device, 'device closed'));
    this.update({ connected: true, error: null, lastSeenAt: Date.now() });
  }

  private lost(device: HidDeviceLike, why: string): void {
    if (this.device !== device) return;
    this.device = null;
    void closeQuietly(device);
    this.options.onLost();
    this.update({ connected: false, error: why });
    this.retry();
  }

  private retry(): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => void this.connect(), this.options.reopenMs);
  }

  private update(patch: Partial<DeviceHealth>): void {
    const before = this.state;
    this.state = { ...before, ...patch };
    const changed = before.connected !== this.state.connected || before.error !== this.state.error;
    const seen = this.state.lastSeenAt;
    const seenNews = seen !== null && (this.seenReported === null || seen - this.seenReported >= SEEN_EVERY_MS);
    if (!changed && !seenNews) return;
    this.seenReported = seen;
    this.options.onHealth(this.health());
  }
}

async function closeQuietly(device: HidDeviceLike): Promise<void> {
  // A device that failed may still report the failure after close; nobody needs to hear it.
  device.on('error', () => {});
  try {
    await device.close();
  } catch {
    // already gone
  }
}
