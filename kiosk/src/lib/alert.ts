/**
 * How the citizen's phone gets attention when the ticket is called: a vibration where the browser allows
 * it, and a short two-tone beep once the page has been touched (browsers keep sound off until then).
 */
export class CallAlert {
  private ctx: AudioContext | null = null;

  get soundOn(): boolean {
    return this.ctx !== null && this.ctx.state === 'running';
  }

  /** Called from a touch: the sound may play from now on. A short beep says so when asked for. */
  async enableSound(confirm = true): Promise<boolean> {
    try {
      const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) return false;
      this.ctx ??= new Ctor();
      await this.ctx.resume();
      if (confirm) this.beep(1);
      return this.soundOn;
    } catch {
      return false;
    }
  }

  ring(): void {
    try {
      navigator.vibrate?.([300, 100, 300]);
    } catch {
      /* not allowed here */
    }
    this.beep(2);
  }

  private beep(times: number): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') return;
    const start = ctx.currentTime + 0.02;
    for (let i = 0; i < times; i++) {
      const at = start + i * 0.45;
      for (const [freq, offset] of [
        [880, 0],
        [660, 0.18],
      ] as const) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, at + offset);
        gain.gain.exponentialRampToValueAtTime(0.4, at + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + offset + 0.16);
        osc.connect(gain).connect(ctx.destination);
        osc.start(at + offset);
        osc.stop(at + offset + 0.18);
      }
    }
  }
}

/** The ticket's token: the last part of /t/<token>. */
export function tokenFromPath(pathname: string): string {
  const last = pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** A call the page has not announced yet: a new call, or a recall (the call time moves). */
export function isNewCall(before: { status: string; calledAt: string | null } | null, after: { status: string; calledAt: string | null }): boolean {
  if (!before || after.status !== 'called') return false;
  return before.status !== 'called' || before.calledAt !== after.calledAt;
}
