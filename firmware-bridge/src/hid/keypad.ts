import { EventEmitter } from 'node:events';
import { counterActions, type CounterAction, type DeviceHealth } from '../actions';
import { HidError, type HidOpener } from './device';
import { HidLink } from './link';
import { keyName, normalizeKey, parseKeyboardReport } from './usages';

export interface HidKeypadOptions {
  open: HidOpener;
  /**
   * Key -> action. Keys are names ('F1', 'KP_1', 'ENTER', 'A', 'DIGIT_1', ..., case-insensitive) or usage ids
   * ('58', '0x3a'); with reportKey, whatever names reportKey returns.
   */
  keymap: Record<string, CounterAction>;
  /** Wait between attempts to open the keypad again; default 2000 ms. */
  reopenMs?: number;
  /** Presses of the same key closer than this count once; default 150 ms. */
  debounceMs?: number;
  /**
   * For pads that send their own (vendor) reports instead of keyboard reports: the key a report shows pressed,
   * or null when none is. A key counts when it appears, not while it stays in later reports.
   */
  reportKey?: (report: Buffer) => string | null;
  /** Name in the health report; default 'keypad'. */
  name?: string;
}

export interface KeypadPress {
  action: CounterAction;
  /** The key's config name ('F1', 'KP_1', ...) or its usage id when it has no name. */
  key: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface KeypadEvents {
  action: [KeypadPress];
  /** A key with no action in the keymap was pressed (handy when writing the config). */
  unmapped: [{ key: string; at: number }];
  health: [DeviceHealth];
}

/** A USB keypad or call pad: key presses become counter actions. Call start() to begin. */
export class HidKeypad extends EventEmitter<KeypadEvents> {
  private readonly link: HidLink;
  private readonly keymap = new Map<string, CounterAction>();
  private readonly debounceMs: number;
  private readonly reportKey: ((report: Buffer) => string | null) | undefined;
  /** Keys down in the last report. */
  private down = new Set<string>();
  /** When each key was last seen going down. */
  private readonly lastPress = new Map<string, number>();

  constructor(options: HidKeypadOptions) {
    super();
    this.debounceMs = options.debounceMs ?? 150;
    this.reportKey = options.reportKey;
    for (const [configKey, action] of Object.entries(options.keymap)) {
      const { key, known } = normalizeKey(configKey);
      if (!known && !this.reportKey) {
        throw new HidError('HID_CONFIG_INVALID', `keypad keymap: "${configKey}" is not a key name (use names like F1, KP_1, ENTER, or a usage number)`);
      }
      if (!counterActions.includes(action)) {
        throw new HidError('HID_CONFIG_INVALID', `keypad keymap: "${configKey}" maps to "${String(action)}", which is not one of ${counterActions.join(', ')}`);
      }
      this.keymap.set(key, action);
    }
    this.link = new HidLink({
      name: options.name ?? 'keypad',
      kind: 'keypad',
      open: options.open,
      reopenMs: options.reopenMs ?? 2000,
      onReport: (report, at) => this.onReport(report, at),
      onLost: () => (this.down = new Set()),
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

  private onReport(report: Buffer, at: number): void {
    let keys: string[];
    if (this.reportKey) {
      const key = this.reportKey(report);
      keys = key === null ? [] : [normalizeKey(key).key];
    } else {
      const parsed = parseKeyboardReport(report);
      if (!parsed || parsed.rollover) return;
      keys = parsed.keys.map(keyName);
    }
    const before = this.down;
    this.down = new Set(keys);
    for (const key of keys) if (!before.has(key)) this.press(key, at);
  }

  private press(key: string, at: number): void {
    const last = this.lastPress.get(key);
    this.lastPress.set(key, at);
    if (last !== undefined && at - last < this.debounceMs) return;
    const action = this.keymap.get(key);
    if (action) this.emit('action', { action, key, at });
    else this.emit('unmapped', { key, at });
  }
}
