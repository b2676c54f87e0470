import type { CounterAction } from '../actions';

export interface RepeatFilterOptions {
  /** The same action from the same counter within this time of the last accepted one counts once. */
  windowMs: number;
  /** How long a command id is remembered. */
  idMemoryMs: number;
  /** At most this many ids are remembered; the oldest are forgotten first. */
  idMemorySize: number;
}

export type RepeatVerdict = 'accepted' | 'repeated-id' | 'repeated-press';

/**
 * Decides whether a button press is new. Radio buttons send every press several times, sometimes with the same id
 * (a retry) and sometimes with a new one (the button does not know the first one arrived).
 */
export class RepeatFilter {
  private readonly ids = new Map<string, number>();
  private readonly accepted = new Map<string, number>();

  constructor(private readonly options: RepeatFilterOptions) {}

  check(counterNumber: number, action: CounterAction, id: string, now: number): RepeatVerdict {
    this.forget(now);
    const idKey = `${counterNumber}\u0000${id}`;
    if (this.ids.has(idKey)) return 'repeated-id';
    this.ids.set(idKey, now);

    const pressKey = `${counterNumber}\u0000${action}`;
    const last = this.accepted.get(pressKey);
    // A clock set backwards never blocks a press.
    if (last !== undefined && now >= last && now - last < this.options.windowMs) return 'repeated-press';
    this.accepted.set(pressKey, now);
    return 'accepted';
  }

  /** How many ids are remembered now. */
  get rememberedIds(): number {
    return this.ids.size;
  }

  private forget(now: number): void {
    // Ids are inserted in time order, so the oldest are first.
    for (const [key, seenAt] of this.ids) {
      const expired = now - seenAt >= this.options.idMemoryMs;
      if (!expired && this.ids.size < this.options.idMemorySize) break;
      this.ids.delete(key);
    }
  }
}
