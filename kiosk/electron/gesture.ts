/** The admin gesture: several taps in the top-left corner of the screen within a few seconds. */

export interface CornerTapOptions {
  taps: number;
  withinMs: number;
  /** The corner is a square of this many CSS pixels. */
  cornerPx: number;
}

/** Pure over the taps it is given: positions in CSS pixels from the window's top-left, times in milliseconds. */
export class CornerTaps {
  private times: number[] = [];

  constructor(private readonly options: CornerTapOptions = { taps: 5, withinMs: 3000, cornerPx: 80 }) {}

  /** True when this tap completes the gesture (the count then starts again). A tap elsewhere starts it again too. */
  tap(x: number, y: number, now: number): boolean {
    const { taps, withinMs, cornerPx } = this.options;
    if (!(x >= 0 && y >= 0 && x <= cornerPx && y <= cornerPx)) {
      this.times = [];
      return false;
    }
    this.times = [...this.times.filter((t) => now - t <= withinMs), now];
    if (this.times.length < taps) return false;
    this.times = [];
    return true;
  }
}
