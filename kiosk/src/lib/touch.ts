/**
 * One touch, one action: while an action runs, and for a while after it (a shaky finger, a second tap on
 * the screen that replaced the first), further touches are ignored.
 */
export class TouchGate {
  private busy = false;
  private until = 0;

  constructor(
    readonly cooldownMs = 1500,
    private readonly now: () => number = Date.now,
  ) {}

  get open(): boolean {
    return !this.busy && this.now() >= this.until;
  }

  /** Starts an action if the gate is open; false means: ignore this touch. */
  take(): boolean {
    if (!this.open) return false;
    this.busy = true;
    return true;
  }

  /** The action is over: the gate opens again after the cool-down (shorter where no new screen appeared). */
  release(cooldownMs = this.cooldownMs): void {
    this.busy = false;
    this.until = this.now() + cooldownMs;
  }
}

/**
 * A barcode scanner in keyboard mode types a reference within milliseconds per key and ends with Enter; a
 * person types far slower. Fed every key press, it answers the reference when a scan just ended.
 */
export class ScanCapture {
  private buffer = '';
  private last = -Infinity;

  constructor(
    private readonly maxGapMs = 60,
    private readonly minLength = 4,
  ) {}

  feed(key: string, at: number): string | null {
    const fast = at - this.last <= this.maxGapMs;
    this.last = at;
    if (key === 'Enter') {
      const scanned = fast && this.buffer.length >= this.minLength ? this.buffer : null;
      this.buffer = '';
      return scanned;
    }
    if (key.length === 1 && /[0-9A-Za-z\-/._]/.test(key)) {
      this.buffer = fast ? this.buffer + key : key;
      return null;
    }
    if (key !== 'Shift') this.buffer = '';
    return null;
  }
}

/** A booking reference as the kiosk sends it: letters and digits, upper case, at most 32. */
export function cleanRef(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[^0-9A-Z\-/._]/g, '')
    .slice(0, 32);
}
