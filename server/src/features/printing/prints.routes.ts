import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { escposToSvg, escposToText } from '@qms/firmware-bridge/printer';
import { IdParams, QmsError } from '@qms/shared';
import { PNG } from 'pngjs';
import { Type } from 'typebox';
import { DEFAULT_TICKET_FOOTER } from '../kiosk/kiosk.routes';

const JobParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) }, { additionalProperties: false });

/** The built-in virtual printer's jobs, for staff to look at, and a test print for any kiosk's printer. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.requireStaff('admin', 'manager');

  app.get('/api/prints', { schema: { tags: ['printing'], summary: 'Tickets printed on the built-in virtual printer, newest first' }, onRequest: staff }, async () =>
    app.printing.jobs().map((j) => ({
      id: j.id,
      at: new Date(j.at).toISOString(),
      deviceId: j.deviceId,
      deviceName: j.deviceName,
      ticketCode: j.ticketCode,
      text: escposToText(j.bytes),
    })),
  );

  app.get(
    '/api/prints/:id/picture.svg',
    { schema: { tags: ['printing'], summary: 'A picture of a printed ticket', params: JobParams }, onRequest: staff },
    async (request, reply) => {
      const job = app.printing.job(Number(request.params.id));
      if (!job) throw new QmsError('QMS_ERR_NOT_FOUND', { detail: `print job ${request.params.id}` });
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'private, max-age=3600').send(escposToSvg(job.bytes));
    },
  );

  // The office's logo for the top of every ticket: a PNG, at most 576 dots (72 mm at 203 dpi) wide.
  app.addContentTypeParser(/^(image\/|application\/octet-stream)/, { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
  app.put('/api/office/ticket-logo', { schema: { tags: ['printing'], summary: 'Set the logo printed on tickets (the PNG file as the body)' }, onRequest: staff }, async (request) => {
    const body = request.body;
    let png: { width: number; height: number };
    try {
      if (!Buffer.isBuffer(body)) throw new Error('no file');
      png = PNG.sync.read(body);
    } catch {
      throw new QmsError('QMS_ERR_VALIDATION', { detail: 'the logo must be a PNG image' }, { field: 'file' });
    }
    if (png.width > 576 || png.height > 400) {
      throw new QmsError('QMS_ERR_VALIDATION', { detail: `the logo is ${png.width}x${png.height} dots; at most 576 wide and 400 high fit a ticket` }, { field: 'file' });
    }
    app.printing.setLogo(body as Buffer);
    request.audit('office/ticket-logo', null, { width: png.width, height: png.height });
    return { width: png.width, height: png.height };
  });
  app.delete('/api/office/ticket-logo', { schema: { tags: ['printing'], summary: 'Print tickets without a logo' }, onRequest: staff }, async (request, reply) => {
    app.printing.setLogo(null);
    request.audit('office/ticket-logo', null, { removed: true });
    return reply.code(204).send();
  });
  app.get('/api/office/ticket-logo', { schema: { tags: ['printing'], summary: 'The logo printed on tickets' } }, async (_request, reply) => {
    const logo = app.printing.logo();
    if (!logo) throw new QmsError('QMS_ERR_NOT_FOUND', { detail: 'a ticket logo (none is set)' });
    return reply.type('image/png').header('cache-control', 'no-cache').send(logo);
  });

  app.post(
    '/api/devices/:id/test-print',
    { schema: { tags: ['printing'], summary: "A sample ticket on a kiosk's printer", params: IdParams }, onRequest: staff },
    async (request) => {
      const device = app.devices.get(request.params.id);
      if (device.kind !== 'kiosk') throw new QmsError('QMS_ERR_VALIDATION', { detail: 'only kiosks have a printer' });
      const state = app.queue.current;
      const print = await app.printing.printTicket(device, null, {
        officeName: state.settings.name,
        code: 'TEST',
        serviceRo: 'Tipărire de probă – ă â î ș ț',
        serviceEn: 'Test print',
        issuedAt: app.clock(),
        timeZone: state.settings.timeZone,
        ahead: 0,
        etaMinutes: 0,
        url: `${request.protocol}://${request.headers.host ?? 'localhost'}/kiosk/`,
        footer: state.settings.ticketFooter ?? DEFAULT_TICKET_FOOTER,
        logo: app.printing.logo(),
      });
      request.audit('device/test-print', device.name, { ok: print.ok });
      return { print };
    },
  );
};

export default routes;
