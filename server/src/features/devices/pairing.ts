import type { DeviceKind } from '@qms/shared';
import { QmsError } from '@qms/shared';
import { randomBytes, randomInt } from 'node:crypto';
import type { Device } from './devices.repository';

export const PAIRING_TTL_MS = 10 * 60_000;
/** At most this many devices wait to be paired at once; more are refused until codes expire. */
const MAX_PENDING = 200;

interface Pending {
  id: string;
  kind: DeviceKind;
  code: string;
  expiresAt: number;
  paired: { device: Device; token: string } | null;
}

/**
 * Devices waiting to be paired. A device asks for a code and shows it; a staff member types the code; the
 * device, polling with the secret pairing id only it knows, collects its token once. Pending pairings live
 * in memory: after a restart the device simply shows a new code.
 */
export class Pairings {
  private readonly byId = new Map<string, Pending>();

  constructor(private readonly clock: () => number) {}

  start(kind: DeviceKind): { pairingId: string; code: string; expiresAt: number } {
    this.sweep();
    if (this.byId.size >= MAX_PENDING) throw new QmsError('QMS_ERR_TOO_MANY_ATTEMPTS');
    const taken = new Set([...this.byId.values()].map((p) => p.code));
    let code: string;
    do code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    while (taken.has(code));
    const p: Pending = { id: randomBytes(18).toString('base64url'), kind, code, expiresAt: this.clock() + PAIRING_TTL_MS, paired: null };
    this.byId.set(p.id, p);
    return { pairingId: p.id, code: p.code, expiresAt: p.expiresAt };
  }

  /** What the device sees when it polls: still pending, or its token (handed out once). */
  poll(pairingId: string): { status: 'pending'; code: string; expiresAt: number } | { status: 'paired'; token: string; device: Device } {
    this.sweep();
    const p = this.byId.get(pairingId);
    if (!p) throw new QmsError('QMS_ERR_PAIRING_NOT_FOUND');
    if (!p.paired) return { status: 'pending', code: p.code, expiresAt: p.expiresAt };
    this.byId.delete(pairingId);
    return { status: 'paired', token: p.paired.token, device: p.paired.device };
  }

  /** Staff typed a code: the device waiting with it, for `create` to make. */
  confirm(code: string, create: (kind: DeviceKind) => { device: Device; token: string }): Device {
    this.sweep();
    const p = [...this.byId.values()].find((x) => x.code === code && x.paired === null);
    if (!p) throw new QmsError('QMS_ERR_PAIRING_NOT_FOUND');
    p.paired = create(p.kind);
    // Time for the device to collect its token.
    p.expiresAt = Math.max(p.expiresAt, this.clock() + 60_000);
    return p.paired.device;
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, p] of this.byId) if (p.expiresAt <= now) this.byId.delete(id);
  }
}
