import { clipScript } from '@qms/shared/announce/phrase';
import { Howl, Howler } from 'howler';
import { CHIME, type Player } from './announcer';

/** How many clips the record of what was heard keeps. */
const HEARD_KEPT = 500;

/** A clip as it was really heard: when it started and when it ended (null while it plays), by performance.now(). */
export interface HeardClip {
  clip: string;
  at: number;
  end: number | null;
}

/** Every clip a call can need: the chime and every word in both languages. */
export function allClips(): string[] {
  return [CHIME, ...(['ro', 'en'] as const).flatMap((lang) => Object.keys(clipScript(lang)).map((c) => `${lang}/${c}`))];
}

/** Longest wait for a clip to load or for a sound that never reports its end, beyond its own length. */
const LOAD_TIMEOUT_MS = 8000;
const END_GRACE_MS = 1500;

/**
 * Voice clips through howler (Web Audio): every clip is loaded once, up front, as a Howl, so a call plays
 * without fetching anything and with no gap between the words. `play` resolves when the clip has ended,
 * failed to load or play, or overran its own length: a broken clip never holds up the queue.
 */
export class HowlerPlayer implements Player {
  private readonly howls = new Map<string, Howl>();

  constructor(
    private readonly opts: {
      base?: string;
      /** Each clip actually started is added here. */
      heard?: HeardClip[];
      /** The browser keeps the sound off (autoplay policy): a touch must allow it. */
      onBlocked?: () => void;
    } = {},
  ) {
    // A call board speaks at any moment: never let howler put the audio context to sleep between calls.
    Howler.autoSuspend = false;
  }

  preload(clips: string[]): void {
    for (const clip of clips) this.howl(clip);
  }

  set volume(v: number) {
    Howler.volume(Math.min(1, Math.max(0, v)));
  }

  /** The browser lets the page make sound now. */
  get allowed(): boolean {
    const ctx = Howler.ctx as AudioContext | undefined;
    return !Howler.usingWebAudio || !ctx || ctx.state === 'running';
  }

  /** Asks the browser to let the sound out (from a touch, when the autoplay policy held it back). */
  async unlock(): Promise<boolean> {
    const ctx = Howler.ctx as AudioContext | undefined;
    if (ctx && ctx.state !== 'running') await ctx.resume().catch(() => undefined);
    return this.allowed;
  }

  private howl(clip: string): Howl {
    let h = this.howls.get(clip);
    if (h) return h;
    const howl = new Howl({ src: [`${this.opts.base ?? '/audio/'}${clip}.wav`], preload: true });
    // A clip that failed to load (the server was away) is loaded anew the next time it is needed.
    howl.once('loaderror', () => {
      if (this.howls.get(clip) === howl) this.howls.delete(clip);
    });
    this.howls.set(clip, howl);
    return howl;
  }

  async play(clip: string): Promise<void> {
    if (!this.allowed && !(await this.waitAllowed())) {
      this.opts.onBlocked?.();
      return;
    }
    const howl = this.howl(clip);
    await new Promise<void>((resolve) => {
      let heard: HeardClip | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let id: number | null = null;
      const finish = () => {
        clearTimeout(timer);
        if (heard && heard.end === null) heard.end = performance.now();
        howl.off('loaderror', finish);
        if (id !== null) {
          howl.off('play', started, id);
          howl.off('end', finish, id);
          howl.off('playerror', finish, id);
        }
        resolve();
      };
      const started = () => {
        heard = { clip, at: performance.now(), end: null };
        const list = this.opts.heard;
        if (list) {
          list.push(heard);
          // A display runs for months: only the latest clips are kept.
          if (list.length > HEARD_KEPT) list.splice(0, list.length - HEARD_KEPT);
        }
        clearTimeout(timer);
        timer = setTimeout(finish, howl.duration() * 1000 + END_GRACE_MS);
      };
      timer = setTimeout(finish, LOAD_TIMEOUT_MS);
      howl.once('loaderror', finish);
      id = howl.play() as number | null;
      if (typeof id !== 'number') return finish();
      howl.once('play', started, id);
      howl.once('end', finish, id);
      howl.once('playerror', finish, id);
    });
  }

  /** A suspended audio context often resumes by itself right after start; give it a second. */
  private async waitAllowed(): Promise<boolean> {
    await this.unlock();
    for (let i = 0; i < 10 && !this.allowed; i++) await new Promise((r) => setTimeout(r, 100));
    return this.allowed;
  }
}
