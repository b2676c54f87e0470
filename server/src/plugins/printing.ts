import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { PrintService, VIRTUAL_PRINTER } from '../features/printing/print.service';
import { TicketLinks } from '../features/public/ticket-link';

declare module 'fastify' {
  interface FastifyInstance {
    printing: PrintService;
    ticketLinks: TicketLinks;
    /** QMS_PUBLIC_URL: the address phones reach the server at, when set. */
    publicUrl: string | undefined;
  }
}

/** Ticket printing for kiosks, and the signed links printed on tickets for citizens' phones. */
export default fp(
  async function printing(app: FastifyInstance, opts: { dataDir: string; localPrinter?: string; publicUrl?: string; timeoutMs?: number; checkEverySeconds: number }) {
    app.decorate('printing', new PrintService({ localPrinter: opts.localPrinter, clock: app.clock, timeoutMs: opts.timeoutMs, logoFile: join(opts.dataDir, 'ticket-logo.png') }));
    app.decorate('publicUrl', opts.publicUrl);
    app.decorate('ticketLinks', new TicketLinks(app.devices.secret('ticket-links')));

    // Paper runs out between tickets too: real printers are asked now and then, so the kiosk and the
    // managers see it before the next citizen does.
    const timer = setInterval(() => {
      for (const d of app.devices.list()) {
        if (d.kind === 'kiosk' && d.revokedAt === null && app.printing.addressFor(d) !== VIRTUAL_PRINTER) void app.printing.check(d);
      }
    }, opts.checkEverySeconds * 1000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'printing', dependencies: ['devices'] },
);
