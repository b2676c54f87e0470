import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { escposToPng, escposToSvg, escposToText, renderTicket, type TicketPrint } from '@qms/firmware-bridge/printer';
import { formatCode, IdParams, QmsError, type QueueState } from '@qms/shared';
import { PNG } from 'pngjs';
import { Type } from 'typebox';
import { DEFAULT_TICKET_FOOTER } from '../kiosk/kiosk.routes';
import { publicBase } from '../public/ticket-link';

const JobParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) }, { additionalProperties: false });
const PreviewQuery = Type.Object(
  {
    lang: Type.Optional(Type.Union([Type.Literal('ro'), Type.Literal('en')])),
    header: Type.Optional(Type.String({ maxLength: 200 })),
    footer: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/**
 * The sample ticket of the preview: number 42 of service A (or the first service at the kiosk), five
 * people ahead, with the office's header, footer and logo unless others are given.
 */
function sampleTicket(state: QueueState, now: number, url: string, logo: Buffer | null, texts: { header?: string; footer?: string }): TicketPrint {
  const offered = Object.values(state.services)
    .filter((s) => s.active !== false)
    .sort((a, b) => a.kioskOrder - b.kioskOrder);
  const service = offered.find((s) => s.prefix === 'A') ?? offered[0] ?? { prefix: 'A', numberEnd: 999, nameRo: 'Serviciu', nameEn: 'Service', avgServiceMinutes: 5 };
  return {
    officeName: state.settings.name,
    header: texts.header ?? state.settings.ticketHeader ?? '',
    code: formatCode(service, 42),
    serviceRo: service.nameRo,
    serviceEn: service.nameEn,
    issuedAt: now,
    timeZone: state.settings.timeZone,
    ahead: 5,
    etaMinutes: 5 * service.avgServiceMinutes,
    url,
    footer: texts.footer ?? state.settings.ticketFooter ?? DEFAULT_TICKET_FOOTER,
    logo,
  };
}

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

  app.get(
    '/api/office/ticket-preview',
    {
      schema: {
        tags: ['printing'],
        summary: 'A sample ticket as the virtual printer pictures it (PNG), with the current header, footer and logo, or the header and footer given',
        querystring: PreviewQuery,
      },
      onRequest: staff,
    },
    async (request, reply) => {
      const { header, footer } = request.query;
      const url = `${publicBase(app.publicUrl, request.protocol, request.headers.host)}/t/${app.ticketLinks.tokenOf('ticket-preview')}`;
      const bytes = renderTicket(sampleTicket(app.queue.current, app.clock(), url, app.printing.logo(), { header, footer }));
      // Both languages are on every ticket; `lang` is the citizen's choice and changes nothing on paper today.
      return reply.type('image/png').header('cache-control', 'no-store').send(escposToPng(bytes));
    },
  );

  app.post(
    '/api/devices/:id/test-print',
    { schema: { tags: ['printing'], summary: "A sample ticket on a kiosk's printer", params: IdParams }, onRequest: staff },
    async (request) => {
      const device = app.devices.get(request.params.id);
      if (device.kind !== 'kiosk') throw new QmsError('QMS_ERR_VALIDATION', { detail: 'only kiosks have a printer' });
      const state = app.queue.current;
      const print = await app.printing.printTicket(device, null, {
        officeName: state.settings.name,
        header: state.settings.ticketHeader ?? '',
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
