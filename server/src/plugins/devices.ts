import type { DeviceKind } from '@qms/shared';
import { QmsError } from '@qms/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DevicesRepository, type Device } from '../features/devices/devices.repository';
import { Pairings } from '../features/devices/pairing';

declare module 'fastify' {
  interface FastifyInstance {
    devices: DevicesRepository;
    pairings: Pairings;
    /** The token of the server machine's own kiosk or display for this run; null when there is none (or it was revoked). */
    localToken: (kind: DeviceKind) => string | null;
    /** onRequest: a paired, active device of one of these kinds. */
    requireDevice: (...kinds: DeviceKind[]) => (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    device: Device | null;
  }
}

/**
 * Paired devices. Each sends `Authorization: Bearer <token>`; the token never expires by itself and stops at
 * once when staff revoke the device. The server's own machine has a kiosk and a hall display of its own
 * ("Chioșc local", "Ecran local") which pair themselves from there, so `/kiosk` and `/display` work at once.
 */
export default fp(
  async function devicesPlugin(app: FastifyInstance, opts: { localBridge?: boolean }) {
    const repo = new DevicesRepository(app.db);
    app.decorate('devices', repo);
    app.decorate('pairings', new Pairings(app.clock));
    app.decorateRequest('device', null);

    // The server machine's own kiosk and hall display, made once; revoked ones stay revoked.
    const existing = repo.list();
    const own: [DeviceKind, string][] = [['kiosk', 'Chioșc local'], ['display', 'Ecran local']];
    if (opts.localBridge) own.push(['bridge', 'Punte locală']);
    for (const [kind, name] of own) {
      if (existing.some((d) => d.local && d.kind === kind)) continue;
      repo.create(kind, name, {}, app.clock(), true);
      app.log.info(`paired the ${kind} of this machine (revoke it in Devices if this machine has none)`);
    }
    // Their tokens are made anew at each start and kept only in memory.
    const localTokens = new Map<DeviceKind, string>();
    for (const d of repo.list()) if (d.local && d.revokedAt === null) localTokens.set(d.kind, repo.rotateToken(d.id));
    app.decorate('localToken', (kind: DeviceKind) => {
      const token = localTokens.get(kind);
      if (token && !repo.authenticate(token, app.clock())) localTokens.delete(kind);
      return localTokens.get(kind) ?? null;
    });

    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer ')) return;
      request.device = repo.authenticate(header.slice(7).trim(), app.clock());
    });

    app.decorate('requireDevice', (...kinds: DeviceKind[]) => async (request: FastifyRequest) => {
      if (!request.device) throw new QmsError('QMS_ERR_DEVICE_UNAUTHENTICATED');
      if (kinds.length > 0 && !kinds.includes(request.device.kind)) {
        throw new QmsError('QMS_ERR_FORBIDDEN', { detail: `only a paired ${kinds.join(' or ')} may do this` });
      }
    });
  },
  { name: 'devices', dependencies: ['db', 'queue'] },
);

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether a request comes from the server's own machine, directly: a reverse proxy on the same machine
 * would make every request look local, so any forwarding header disqualifies it.
 */
export function fromThisMachine(request: FastifyRequest): boolean {
  const h = request.headers;
  if (h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined) return false;
  return LOOPBACK.has(request.socket.remoteAddress ?? '');
}
