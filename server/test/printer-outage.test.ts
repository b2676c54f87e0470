import { escposToText } from '@qms/firmware-bridge/printer';
import net from 'node:net';
import t from 'tap';
import { startFakePrinter } from '../../firmware-bridge/test/fake-printer';
import { build } from './helper';

/**
 * The kiosk's network printer is switched off in the middle of the morning and switched on again at the
 * same address: tickets are issued all the while, the kiosk and the managers are told, and once it is back
 * the next ticket prints and the citizen whose ticket did not print gets it reprinted.
 */

/** The printer's address on the office network: it answers while switched on, refuses connections while off. */
async function powerSwitch(target: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const printer = net.connect(target, '127.0.0.1');
    sockets.add(socket).add(printer);
    for (const s of [socket, printer]) {
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    socket.pipe(printer).pipe(socket);
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `tcp://127.0.0.1:${port}`,
    off: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    on: () => listen(port),
  };
}

t.test('a printer switched off and on again: tickets go on, everyone is told, and printing resumes by itself', async (t) => {
  const printer = await startFakePrinter();
  t.teardown(() => printer.close());
  const socket = await powerSwitch(printer.port);
  t.teardown(() => socket.off().catch(() => undefined));
  const s = await build(t, { env: { QMS_PRINTER: socket.url } });
  const kiosk = await s.localKiosk();
  const jobs = () => printer.connections.filter((c) => c.length > 100).map((c) => escposToText(c));

  const first = await kiosk.post('/api/kiosk/tickets', { serviceId: 'information' });
  t.match(first.body, { ticket: { code: 'E001' }, print: { ok: true } }, 'E001 prints');

  await socket.off();
  const started = Date.now();
  const unprinted = await kiosk.post('/api/kiosk/tickets', { serviceId: 'information' });
  t.equal(unprinted.status, 201, 'with the printer off the ticket is still issued');
  t.ok(Date.now() - started < 5000, 'and the kiosk hears back within seconds');
  t.match(unprinted.body, { ticket: { code: 'E002' }, print: { ok: false, error: { code: 'PRINTER_OFFLINE' } } }, 'the kiosk is told E002 did not print');
  t.ok((await s.anon.get('/api/queue')).body.tickets.some((x: { code: string }) => x.code === 'E002'), 'E002 waits in the queue');
  t.match((await kiosk.get('/api/kiosk/home')).body.printer, { error: { code: 'PRINTER_OFFLINE' } }, 'the kiosk screen knows the printer is off');
  t.match((await s.staff.get('/api/devices')).body[0].printer, { error: { code: 'PRINTER_OFFLINE' } }, 'and so do the managers');
  t.equal(jobs().length, 1, 'nothing reached the printer while it was off');

  await socket.on();
  t.match((await kiosk.get('/api/kiosk/printer')).body, { status: { online: true }, error: null }, 'switched on again, the printer answers the kiosk');
  const reprint = await kiosk.post(`/api/kiosk/tickets/${unprinted.body.ticket.id}/reprint`);
  t.match(reprint.body.print, { ok: true, error: null }, "E002's holder gets it reprinted");
  const next = await kiosk.post('/api/kiosk/tickets', { serviceId: 'information' });
  t.match(next.body, { ticket: { code: 'E003' }, print: { ok: true } }, 'the next ticket prints');
  t.same(
    jobs().map((text) => /E\s+0\s+0\s+(\d)/.exec(text)?.[1]),
    ['1', '2', '3'],
    'the paper shows E001, E002 and E003, once each',
  );
  t.match((await kiosk.get('/api/kiosk/home')).body.printer, { error: null }, 'the kiosk screen shows the printer working');
});
