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
    /** The token of the server machine's own kiosk for this run, or null when there is none (or it was revoked). */
    localKioskToken: () => string | null;
    /** preHandler: a paired, active device of one of these kinds. */
    requireDevice: (...kinds: DeviceKind[]) => (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    device: Device | null;
  }
}

/**
 * Paired devices. Each sends `Authorization: Bearer <token>`; the token never expires by itself and stops at
 * once when staff revoke the device. On the very first start the server's own machine gets a kiosk of its
 * own ("Chioșc local"), which pairs itself from there, so `/kiosk` works at once in the demo office.
 */
export default fp(
  async function devicesPlugin(app: FastifyInstance) {
    const repo = new DevicesRepository(app.db);
    app.decorate('devices', repo);
    app.decorate('pairings', new Pairings(app.clock));
    app.decorateRequest('device', null);

    if (repo.count() === 0) {
      repo.create('kiosk', 'Chioșc local', {}, app.clock(), true);
      app.log.info('first start: paired the kiosk of this machine (revoke it in Devices if this machine has no kiosk)');
    }
    // The local kiosk's token is made anew at each start and kept only in memory.
    const local = repo.list().find((d) => d.local && d.revokedAt === null);
    let localToken = local ? repo.rotateToken(local.id) : null;
    app.decorate('localKioskToken', () => {
      if (localToken && !repo.authenticate(localToken, app.clock())) localToken = null;
      return localToken;
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
