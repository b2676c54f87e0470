/** When to reload a page that crashed or hung, and when to give up on a server that stopped answering. */

export interface RecoveryOptions {
  /** How long a page may stay unresponsive before it counts as hung. */
  hangMs: number;
  /** The wait before reloading after a first failure; it doubles with each failure that follows soon after. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** After this long without a failure, the wait starts again from firstDelayMs. */
  calmMs: number;
}

/** Crash and hang policy, pure over the times it is given (milliseconds). */
export class Recovery {
  private failures = 0;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private unresponsiveSince: number | null = null;

  constructor(private readonly options: RecoveryOptions) {}

  /** The page crashed or was ended: how long to wait before loading it again. */
  failed(now: number): number {
    if (now - this.lastFailureAt >= this.options.calmMs) this.failures = 0;
    this.failures += 1;
    this.lastFailureAt = now;
    this.unresponsiveSince = null;
    return Math.min(this.options.maxDelayMs, this.options.firstDelayMs * 2 ** (this.failures - 1));
  }

  /** The page stopped answering: how long until `hung` should be asked. */
  unresponsive(now: number): number {
    this.unresponsiveSince ??= now;
    return Math.max(0, this.unresponsiveSince + this.options.hangMs - now);
  }

  responsive(): void {
    this.unresponsiveSince = null;
  }

  /** Whether the page has been unresponsive for hangMs without answering again. */
  hung(now: number): boolean {
    return this.unresponsiveSince !== null && now - this.unresponsiveSince >= this.options.hangMs;
  }
}

/** Health checks while the server's page is shown: after `limit` failed checks in a row the offline screen is due. */
export class HealthWatch {
  private misses = 0;

  constructor(private readonly limit = 3) {}

  /** Records one check; true when the offline screen should be shown. */
  checked(ok: boolean): boolean {
    this.misses = ok ? 0 : this.misses + 1;
    return this.misses >= this.limit;
  }

  reset(): void {
    this.misses = 0;
  }
}
