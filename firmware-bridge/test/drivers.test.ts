import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { FilePrinter, PrinterError, TcpPrinter, VirtualPrinter, printerFromUrl, renderTicket, type TicketPrinter } from '../src/index';
import { startFakePrinter } from './fake-printer';
import { ticket } from './ticket-data';

const dir = await mkdtemp(join(tmpdir(), 'qms-printer-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

t.test('FilePrinter appends jobs to the device file', async (t) => {
  const path = join(dir, 'lp0');
  const file = new FilePrinter(path);
  await file.print(Buffer.from('one\n'));
  await file.print(Buffer.from('two\n'));
  t.equal(await readFile(path, 'utf8'), 'one\ntwo\n', 'append mode');
  t.same(await file.status(), { online: true, paperOut: false, paperNearEnd: false, coverOpen: false });

  const missing = new FilePrinter(join(dir, 'no-such-dir', 'lp0'));
  t.equal((await missing.status()).online, false, 'offline when the device is missing');
  await t.rejects(missing.print(Buffer.from('x')), { name: 'PrinterError', code: 'PRINTER_OFFLINE' });

  // A path that cannot take a print job whoever runs the test (even root): a directory.
  const wrong = new FilePrinter(dir);
  t.equal((await wrong.status()).online, false, 'offline when the path is not a device');
  await t.rejects(wrong.print(Buffer.from('x')), { name: 'PrinterError', code: 'PRINTER_OFFLINE' });
});

t.test('VirtualPrinter keeps jobs and shows them as text', async (t) => {
  const v = new VirtualPrinter();
  const before = Date.now();
  await v.print(renderTicket(ticket, { width: 42 }));
  t.equal(v.jobs.length, 1);
  t.ok((v.jobs[0]?.at ?? 0) >= before, 'job time recorded');
  const text = v.text(0, { width: 42 });
  t.match(text, /A {7}0 {7}1 {7}2/, 'the code, letter-spaced as 8x wide');
  t.match(text, 'SPCLEP Sector 3', 'office name');
  t.match(text, 'Cărți de identitate – înștiințări', 'Romanian diacritics shown with comma below again');
  t.match(text, /Înaintea dvs\.: 3 persoane\n\s*Timp estimat: 12 min/, 'split at the separator on 42 columns');
  await v.print(renderTicket(ticket, { width: 48 }));
  t.match(v.text(1, { width: 48 }), 'Înaintea dvs.: 3 persoane · Timp estimat: 12 min', 'one line on 48 columns');
  t.match(text, '29.03.2026 02:30');
  t.match(text, `[QR: ${ticket.url}]`);
  t.match(text, 'Vă mulțumim! Păstrați bonul.');
  t.match(text, /\[CUT\]\n$/, 'ends with the cut');
  const centered = text.split('\n').find((l) => l.includes('SPCLEP'));
  t.ok(centered?.startsWith('  '), 'office name centred');
  t.match(v.text(0, { romanianCommaBelow: false }), 'înştiinţări', 'cedilla view on request');
  t.same(await v.status(), { online: true, paperOut: false, paperNearEnd: false, coverOpen: false });
});

t.test('printerFromUrl', async (t) => {
  t.type(printerFromUrl('tcp://10.0.0.5:9100'), TcpPrinter);
  t.type(printerFromUrl('/dev/usb/lp0'), FilePrinter);
  t.equal((printerFromUrl('file:///dev/usb/lp1') as FilePrinter).path, '/dev/usb/lp1');
  t.type(printerFromUrl('virtual:'), VirtualPrinter);
  t.type(printerFromUrl('virtual:demo'), VirtualPrinter);
  for (const bad of ['', 'lp0', 'http://printer', 'usb://x', 'file://host/share/x']) {
    t.throws(() => printerFromUrl(bad), { name: 'PrinterError', code: 'PRINTER_URL_INVALID' }, `rejects '${bad}'`);
  }
  t.ok(new PrinterError('PRINTER_OFFLINE', 'x') instanceof Error);
});

// One contract for every driver: what the kiosk relies on.
const drivers: Array<[string, () => Promise<{ printer: TicketPrinter; printed: () => Promise<Buffer>; close: () => Promise<void> }>]> = [
  [
    'tcp',
    async () => {
      const fake = await startFakePrinter();
      return { printer: printerFromUrl(fake.url, { timeoutMs: 1000 }), printed: async () => fake.connections[0] ?? Buffer.alloc(0), close: () => fake.close() };
    },
  ],
  [
    'file',
    async () => {
      const path = join(dir, 'contract-lp');
      return { printer: printerFromUrl(`file://${path}`), printed: () => readFile(path), close: async () => {} };
    },
  ],
  [
    'virtual',
    async () => {
      const v = printerFromUrl('virtual:') as VirtualPrinter;
      return { printer: v, printed: async () => v.jobs[0]?.bytes ?? Buffer.alloc(0), close: async () => {} };
    },
  ],
];

for (const [name, make] of drivers) {
  t.test(`contract: ${name} prints a ticket, then reports status`, async (t) => {
    const { printer, printed, close } = await make();
    t.teardown(close);
    const bytes = renderTicket(ticket);
    await printer.print(bytes);
    const got = await printed();
    t.ok(got.subarray(0, bytes.length).equals(bytes), 'the device received the ticket bytes unchanged');
    const status = await printer.status();
    t.same(Object.keys(status).sort(), ['coverOpen', 'online', 'paperNearEnd', 'paperOut']);
    t.equal(status.online, true, 'online');
    t.equal(status.paperOut, false, 'has paper');
  });
}
