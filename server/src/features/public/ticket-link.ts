import { createHmac, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAC_CHARS = 22; // 128 bits

/**
 * The unguessable link printed on a ticket (`/t/<token>`): the ticket's id and an HMAC of it with a key of
 * this appliance, so nothing needs storing and a token cannot be made up or changed into another ticket's.
 */
export class TicketLinks {
  constructor(private readonly key: Buffer) {}

  tokenOf(ticketId: string): string {
    const id = UUID.test(ticketId) ? `u${Buffer.from(ticketId.replaceAll('-', ''), 'hex').toString('base64url')}` : `x${Buffer.from(ticketId).toString('base64url')}`;
    return id + this.mac(ticketId);
  }

  /** The ticket id a token names, or null when it does not verify. */
  ticketIdOf(token: string): string | null {
    if (token.length <= MAC_CHARS + 1) return null;
    const idPart = token.slice(0, -MAC_CHARS);
    const mac = Buffer.from(token.slice(-MAC_CHARS));
    const raw = Buffer.from(idPart.slice(1), 'base64url');
    let id: string;
    if (idPart[0] === 'u' && raw.length === 16) {
      const hex = raw.toString('hex');
      id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    } else if (idPart[0] === 'x') id = raw.toString('utf8');
    else return null;
    const expected = Buffer.from(this.mac(id));
    return expected.length === mac.length && timingSafeEqual(expected, mac) ? id : null;
  }

  private mac(id: string): string {
    return createHmac('sha256', this.key).update(`ticket:${id}`).digest('base64url').slice(0, MAC_CHARS);
  }
}

/**
 * The address a phone opens: QMS_PUBLIC_URL when set; else the address the kiosk used, except that
 * `localhost` (the server's own kiosk) is replaced by this machine's address on the office network.
 */
export function publicBase(configured: string | undefined, protocol: string, host: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const h = host ?? 'localhost';
  const m = /^(localhost|127\.[0-9.]+|\[::1\])(:\d+)?$/.exec(h);
  if (m) {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (lan) return `${protocol}://${lan.address}${m[2] ?? ''}`;
  }
  return `${protocol}://${h}`;
}
