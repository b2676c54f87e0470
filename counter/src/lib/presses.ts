import { newKey } from './api';

/**
 * One Idempotency-Key per press. A press of the same command on the same target right after the previous
 * one (within the double-press window, counted from the first press, with no other command between)
 * reuses that key, so the server acts once however many times the finger lands.
 */
export class Presses {
  private last: { id: string; key: string; at: number } | null = null;

  constructor(
    private readonly windowMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  key(command: string, target: string): string {
    const id = `${command}:${target}`;
    const now = this.now();
    if (this.last && this.last.id === id && now - this.last.at < this.windowMs) return this.last.key;
    const key = newKey(command.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'cmd');
    this.last = { id, key, at: now };
    return key;
  }
}
