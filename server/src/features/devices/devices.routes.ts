import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeviceHealthBody, type DeviceKind, IdParams, ScanBody, PairDeviceBody, PairingParams, QmsError, StartPairingBody, UpdateDeviceBody, type DeviceSettingsPatch } from '@qms/shared';
import { printerFromUrl } from '@qms/firmware-bridge/printer';
import { fromThisMachine } from '../../plugins/devices';
import { settingsView, type Device } from './devices.repository';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const kindsOf: Record<string, DeviceKind[]> = {
  printer: ['kiosk'],
  ticketsPerMinute: ['kiosk'],
  counters: ['display', 'bridge'],
  layout: ['display'],
  announce: ['display'],
};

/** Settings are checked when they are set, not when the first citizen's ticket fails. */
function checkSettings(kind: DeviceKind, settings: DeviceSettingsPatch | undefined, counterIds: Set<string>): void {
  if (!settings) return;
  for (const key of Object.keys(settings)) {
    if (!kindsOf[key]?.includes(kind)) throw new QmsError('QMS_ERR_VALIDATION', { detail: `${key} is a ${kindsOf[key]?.join(' or ')} setting, not a ${kind} one` }, { field: key });
  }
  if (settings.printer) {
    try {
      printerFromUrl(settings.printer);
    } catch (e) {
      throw new QmsError('QMS_ERR_VALIDATION', { detail: `printer: ${(e as Error).message}` }, { field: 'printer' });
    }
  }
  const unknown = settings.counters?.filter((id) => !counterIds.has(id)) ?? [];
  if (unknown.length > 0) throw new QmsError('QMS_ERR_VALIDATION', { detail: `counters: no counter ${unknown.join(', ')}` }, { field: 'counters' });
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.requireStaff('admin', 'manager');
  const counterIds = () => new Set(Object.keys(app.queue.current.counters));

  const view = (d: Device) => {
    const printer = d.kind === 'kiosk' ? app.printing.health(d) : null;
    return {
      id: d.id,
      kind: d.kind,
      name: d.name,
      local: d.local,
      settings: settingsView(d),
      createdAt: iso(d.createdAt),
      lastSeenAt: iso(d.lastSeenAt),
      revokedAt: iso(d.revokedAt),
      printer: printer && { ...printer, checkedAt: iso(printer.checkedAt) },
      health: app.devices.healthOf(d.id),
    };
  };

  app.post(
    '/api/pairing',
    {
      schema: { tags: ['devices'], summary: 'A device asks to be paired: it gets a 6-digit code to show, and a secret id to poll with', body: StartPairingBody },
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const p = app.pairings.start(request.body.kind);
      reply.code(201);
      return { pairingId: p.pairingId, code: p.code, expiresAt: iso(p.expiresAt) };
    },
  );

  app.get('/api/pairing/:pairingId', { schema: { tags: ['devices'], summary: 'The device polls: pending, or paired with its token (handed out once)', params: PairingParams } }, async (request) => {
    const r = app.pairings.poll(request.params.pairingId);
    if (r.status === 'pending') return { status: r.status, code: r.code, expiresAt: iso(r.expiresAt) };
    return { status: r.status, token: r.token, device: { id: r.device.id, kind: r.device.kind, name: r.device.name } };
  });

  for (const [path, kind] of [['/api/devices/local', 'kiosk'], ['/api/devices/local-display', 'display']] as const) {
    app.post(path, { schema: { tags: ['devices'], summary: `The token of this machine's own ${kind}, for requests from this machine only` } }, async (request) => {
      if (!fromThisMachine(request)) throw new QmsError('QMS_ERR_FORBIDDEN', { detail: `only the server machine itself gets its ${kind} token` });
      const token = app.localToken(kind);
      if (!token) throw new QmsError('QMS_ERR_NOT_FOUND', { detail: `this machine has no ${kind} of its own (it was revoked)` });
      const device = app.devices.authenticate(token, app.clock())!;
      return { token, device: { id: device.id, kind: device.kind, name: device.name } };
    });
  }

  app.get('/api/devices/me', { schema: { tags: ['devices'], summary: 'The device this token belongs to' }, onRequest: app.requireDevice() }, async (request) => {
    const d = request.device!;
    return { id: d.id, kind: d.kind, name: d.name };
  });

  app.post(
    '/api/devices/me/health',
    { schema: { tags: ['devices'], summary: "A device reports the health of what is plugged into it (displays, keypads, buttons)", body: DeviceHealthBody }, onRequest: app.requireDevice() },
    async (request, reply) => {
      app.devices.setHealth(request.device!.id, request.body.components, app.clock());
      return reply.code(204).send();
    },
  );

  // A bridge's HID-mode barcode scanner stands at a kiosk: the code goes to that kiosk's page, which checks in.
  app.post(
    '/api/devices/:id/scan',
    { schema: { tags: ['devices'], summary: "A bridge's scanner read a code at this kiosk", params: IdParams, body: ScanBody }, onRequest: app.requireDevice('bridge') },
    async (request) => {
      const kiosk = app.devices.get(request.params.id);
      if (kiosk.kind !== 'kiosk' || kiosk.revokedAt !== null) throw new QmsError('QMS_ERR_DEVICE_NOT_FOUND', { deviceId: request.params.id });
      const delivered = app.pushTo(`device:${kiosk.id}`, { type: 'scan', code: request.body.code });
      return { delivered: delivered > 0 };
    },
  );

  app.get('/api/devices', { schema: { tags: ['devices'], summary: 'Paired devices, with last seen and printer health' }, onRequest: staff }, async () =>
    app.devices.list().map(view),
  );

  app.post(
    '/api/devices',
    { schema: { tags: ['devices'], summary: 'Pair the device that shows this code', body: PairDeviceBody }, onRequest: staff },
    async (request, reply) => {
      const { code, name, settings } = request.body;
      const device = app.pairings.confirm(code, (kind) => {
        checkSettings(kind, settings, counterIds());
        return app.devices.create(kind, name, settings ?? {}, app.clock());
      });
      request.audit('device/pair', device.name, { kind: device.kind });
      reply.code(201);
      return view(device);
    },
  );

  app.patch(
    '/api/devices/:id',
    { schema: { tags: ['devices'], summary: "Rename a device or change its settings (a kiosk's printer, its ticket rate)", params: IdParams, body: UpdateDeviceBody }, onRequest: staff },
    async (request) => {
      checkSettings(app.devices.get(request.params.id).kind, request.body.settings, counterIds());
      const device = app.devices.update(request.params.id, request.body);
      app.broadcastChange('signage');
      request.audit('device/update', device.name, { ...request.body });
      return view(device);
    },
  );

  app.post('/api/devices/:id/revoke', { schema: { tags: ['devices'], summary: 'Unpair a device: its token stops working at once', params: IdParams }, onRequest: staff }, async (request) => {
    const device = app.devices.revoke(request.params.id, app.clock());
    request.audit('device/revoke', device.name);
    return view(device);
  });
};

export default routes;
