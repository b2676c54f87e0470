import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../actions';
import type { HidOpener } from './device';
import { HidLink } from './link';
import { SHIFT_BITS, USAGE_ENTER, USAGE_KP_ENTER, decodeUsage, parseKeyboardReport } from './usages';

export interface HidScannerOptions {
  open: HidOpener;
  /** Wait between attempts to open the scanner again; default 2000 ms. */
  reopenMs?: number;
  /** A code whose next character or Enter does not come within this time is dropped; default 300 ms. */
  endMs?: number;
  /** Name in the health report; default 'scanner'. */
  name?: string;
}

export interface ScannerEvents {
  /** A whole code, ended by Enter. */
  code: [string];
  /** The characters of a code that never got its Enter. */
  dropped: [string];
  health: [DeviceHealth];
}

/** A barcode scanner in HID keyboard mode: its keystrokes become codes. Call start() to begin. */
export class HidScanner extends EventEmitter<ScannerEvents> {
  private readonly link: HidLink;
  private readonly endMs: number;
  private down = new Set<number>();
  private text = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(options: HidScannerOptions) {
    super();
    this.endMs = options.endMs ?? 300;
    this.link = new HidLink({
      name: options.name ?? 'scanner',
      kind: 'scanner',
      open: options.open,
      reopenMs: options.reopenMs ?? 2000,
      onReport: (report) => this.onReport(report),
      onLost: () => {
        this.clearText();
        this.down = new Set();
      },
      onHealth: (health) => this.emit('health', health),
    });
  }

  start(): Promise<void> {
    return this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  health(): DeviceHealth {
    return this.link.health();
  }

  private onReport(report: Buffer): void {
    const parsed = parseKeyboardReport(report);
    if (!parsed || parsed.rollover) return;
    const before = this.down;
    this.down = new Set(parsed.keys);
    const shift = (parsed.modifiers & SHIFT_BITS) !== 0;
    for (const usage of parsed.keys) {
      if (before.has(usage)) continue;
      if (usage === USAGE_ENTER || usage === USAGE_KP_ENTER) {
        this.finish();
        continue;
      }
      const char = decodeUsage(usage, shift);
      if (char === null) continue;
      this.text += char;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.drop(), this.endMs);
    }
  }

  private finish(): void {
    const code = this.text;
    this.clearText();
    if (code === '') return;
    this.link.note(null);
    this.emit('code', code);
  }

  private drop(): void {
    const partial = this.text;
    this.clearText();
    this.link.note(`dropped an unfinished code "${partial}" (no Enter within ${this.endMs} ms)`);
    this.emit('dropped', partial);
  }

  private clearText(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.text = '';
  }
}
