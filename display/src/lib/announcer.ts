import { callPhrase } from '@qms/shared/announce/phrase';
import type { AnnounceSettings } from './types';

/** Plays one voice clip ('chime', 'ro/num-20', ...) and resolves when it has ended (or could not play). */
export interface Player {
  play(clip: string): Promise<void>;
}

/** A call to announce: the event's seq identifies it, so the same event is never said twice. */
export interface Call {
  seq: number;
  code: string;
  counterNumber: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AnnouncerOptions {
  player: Player;
  /** Whether the office is in its quiet hours now: the call still shows, but nothing is said. */
  quiet?: () => boolean;
  /** A clip that has not ended after this long counts as ended, so a broken clip cannot stall the queue. */
  clipTimeoutMs?: number;
  /** How many event seqs are remembered for telling repeats apart. */
  memory?: number;
  /** Calls that may wait behind the one being said; past that the oldest waiting one is not said. */
  maxWaiting?: number;
  timers?: Timers;
}

export const CHIME = 'chime';

/**
 * What is said for a call, in order: the chime (when on), the call in Romanian, then in English when
 * chosen; all of it `repeat` times.
 */
export function announcementClips(call: Pick<Call, 'code' | 'counterNumber'>, settings: AnnounceSettings): string[] {
  const once: string[] = [];
  if (settings.chime) once.push(CHIME);
  for (const lang of ['ro', 'en'] as const) {
    if (lang === 'en' && !settings.languages.includes('en')) continue;
    try {
      once.push(...callPhrase(call.code, call.counterNumber, lang).clips);
    } catch {
      // A code or counter number that cannot be read aloud: the chime alone draws eyes to the board.
    }
  }
  const times = Math.min(3, Math.max(1, Math.round(settings.repeat || 1)));
  return Array.from({ length: times }, () => once).flat();
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * The display's one announcement queue: a call waits until the one before it has been said completely,
 * none is cut off, and each event seq is said at most once (a replay after a reconnect is
 * recognised; a recall is a new event and is said again).
 */
export class Announcer {
  private readonly seen = new Set<number>();
  /** Calls waiting to be said, oldest first. */
  private readonly queue: { call: Call; clips: string[] }[] = [];
  private current: Call | null = null;
  private draining: Promise<void> | null = null;
  private readonly timers: Timers;

  constructor(private readonly opts: AnnouncerOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  /**
   * Queues the call; false when this event was already announced or it is quiet now. When calls come faster
   * than they can be said, the voice keeps up with the board instead of falling ever further behind: a call
   * still waiting for the same counter gives way to the newer one (the board shows only the newer), and past
   * `maxWaiting` calls the oldest waiting one is left unsaid (it is on the board).
   */
  announce(call: Call, settings: AnnounceSettings): boolean {
    if (this.seen.has(call.seq)) return false;
    this.remember(call.seq);
    if (this.opts.quiet?.()) return false;
    const clips = announcementClips(call, settings);
    if (clips.length === 0) return false;
    const sameCounter = this.queue.findIndex((w) => w.call.counterNumber === call.counterNumber);
    if (sameCounter >= 0) this.queue.splice(sameCounter, 1);
    this.queue.push({ call, clips });
    const max = Math.max(1, this.opts.maxWaiting ?? 4);
    if (this.queue.length > max) this.queue.splice(0, this.queue.length - max);
    this.draining ??= this.drain();
    return true;
  }

  /** Says the waiting calls one after the other, each to its end, until none waits. */
  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      this.current = next.call;
      for (const clip of next.clips) await this.playOne(clip);
      this.current = null;
    }
    this.draining = null;
  }

  /** Marks events as already handled without saying them (calls the board already showed at start). */
  remember(seq: number): void {
    this.seen.add(seq);
    const memory = this.opts.memory ?? 1000;
    if (this.seen.size > memory) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /** Announcements waiting or being said. */
  get pending(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  /** Resolves when everything queued so far has been said. */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private playOne(clip: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.timers.setTimeout(resolve, this.opts.clipTimeoutMs ?? 15_000);
      const done = () => {
        this.timers.clearTimeout(timer);
        resolve();
      };
      let playing: Promise<void>;
      try {
        playing = this.opts.player.play(clip);
      } catch {
        return done();
      }
      playing.then(done, done);
    });
  }
}
