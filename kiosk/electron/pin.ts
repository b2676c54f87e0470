/**
 * The settings PIN: kept in the configuration file only as a salted scrypt hash
 * ("scrypt:<salt hex>:<key hex>"), and a limit on wrong tries, since the keypad is on a public screen.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_BYTES = 32;
const HASH = /^scrypt:([0-9a-f]{32}):([0-9a-f]{64})$/;

export function isValidPin(pin: unknown): pin is string {
  return typeof pin === 'string' && /^\d{4,8}$/.test(pin);
}

export function isPinHash(value: unknown): value is string {
  return typeof value === 'string' && HASH.test(value);
}

export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  return `scrypt:${salt.toString('hex')}:${scryptSync(pin, salt, KEY_BYTES).toString('hex')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const parts = HASH.exec(stored);
  if (!parts) return false;
  const key = scryptSync(pin, Buffer.from(parts[1]!, 'hex'), KEY_BYTES);
  return timingSafeEqual(key, Buffer.from(parts[2]!, 'hex'));
}

/** After `limit` wrong PINs in a row, no PIN is checked for `blockMs`. Pure over the times it is given. */
export class PinAttempts {
  private failures = 0;
  private blockedUntil = 0;

  constructor(
    private readonly limit = 5,
    private readonly blockMs = 60_000,
  ) {}

  /** Milliseconds until the next try is allowed (0: now). */
  waitMs(now: number): number {
    return Math.max(0, this.blockedUntil - now);
  }

  record(ok: boolean, now: number): void {
    if (ok) {
      this.failures = 0;
      return;
    }
    this.failures += 1;
    if (this.failures >= this.limit) {
      this.failures = 0;
      this.blockedUntil = now + this.blockMs;
    }
  }
}
