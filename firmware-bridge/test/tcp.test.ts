import t from 'tap';
import { PrinterError, TcpPrinter, parseStatusBytes } from '../src/index';
import { closedPort, startFakePrinter } from './fake-printer';

t.test('status() asks DLE EOT 1, 2, 4 and reads the replies', async (t) => {
  const printer = await startFakePrinter();
  t.teardown(() => printer.close());
  const tcp = new TcpPrinter(printer.url, { timeoutMs: 1000 });

  t.same(await tcp.status(), { online: true, paperOut: false, paperNearEnd: false, coverOpen: false }, 'ready');
  t.ok(printer.connections[0]?.equals(Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04])), 'sent the three real requests');

  printer.state.status = { 1: 0x12, 2: 0x12, 4: 0x12 | 0x0c };
  t.same(await tcp.status(), { online: true, paperOut: false, paperNearEnd: true, coverOpen: false }, 'paper near end');

  printer.state.status = { 1: 0x12 | 0x08, 2: 0x12 | 0x20, 4: 0x12 | 0x0c | 0x60 };
  t.same(await tcp.status(), { online: false, paperOut: true, paperNearEnd: true, coverOpen: false }, 'paper out');

  printer.state.status = { 1: 0x12 | 0x08, 2: 0x12 | 0x04, 4: 0x12 };
  t.same(await tcp.status(), { online: false, paperOut: false, paperNearEnd: false, coverOpen: true }, 'cover open');
});

t.test('parseStatusBytes', async (t) => {
  t.same(parseStatusBytes(0x16, 0x12, 0x12), { online: true, paperOut: false, paperNearEnd: false, coverOpen: false });
  t.equal(parseStatusBytes(0x12, 0x12, 0x72).paperOut, true);
  t.equal(parseStatusBytes(0x12, 0x12, 0x16).paperNearEnd, true);
});

t.test('a printer that accepts but never reads or answers times out', async (t) => {
  const printer = await startFakePrinter({ mute: true });
  t.teardown(() => printer.close());
  const tcp = new TcpPrinter(printer.url, { timeoutMs: 300 });
  for (const [name, op] of [['print', () => tcp.print(Buffer.from('hello\n'))], ['status', () => tcp.status().then(() => undefined)]] as const) {
    const started = Date.now();
    await t.rejects(op(), { name: 'PrinterError', code: 'PRINTER_TIMEOUT' }, `${name}: PRINTER_TIMEOUT`);
    const took = Date.now() - started;
    t.ok(took >= 250 && took < 1000, `${name}: gave up after the limit (${took} ms)`);
  }
});

t.test('a closed port is PRINTER_OFFLINE', async (t) => {
  const port = await closedPort();
  const tcp = new TcpPrinter(`tcp://127.0.0.1:${port}`, { timeoutMs: 1000 });
  const err = await tcp.print(Buffer.from('x')).catch((e: unknown) => e);
  t.ok(err instanceof PrinterError, 'a PrinterError');
  t.equal((err as PrinterError).code, 'PRINTER_OFFLINE');
  t.match((err as PrinterError).message, `127.0.0.1:${port}`, 'names the printer');
  await t.rejects(tcp.status(), { code: 'PRINTER_OFFLINE' });
});

t.test('bad tcp addresses', async (t) => {
  t.throws(() => new TcpPrinter('tcp://'), { code: 'PRINTER_URL_INVALID' });
  t.throws(() => new TcpPrinter('tcp://host:99999'), { code: 'PRINTER_URL_INVALID' });
  t.equal(new TcpPrinter('tcp://printer.local').port, 9100, 'default port 9100');
});
