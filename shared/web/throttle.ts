/**
 * Runs `fn` at most once per `ms`: a call inside the window is kept and runs when the window ends (many
 * calls there run it once). Calls while `fn` is still running wait for it.
 */
export class Throttle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly fn: () => Promise<void> | void,
    private readonly ms: number,
    private readonly now: () => number = Date.now,
  ) {}

  call(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const wait = this.last + this.ms - this.now();
    if (wait <= 0) return void this.run();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
  }

  private async run(): Promise<void> {
    this.last = this.now();
    this.running = (async () => {
      try {
        await this.fn();
      } catch {
        /* the next call tries again */
      }
    })();
    await this.running;
    this.running = null;
    if (this.again) {
      this.again = false;
      this.call();
    }
  }
}
