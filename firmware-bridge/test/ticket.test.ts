import t from 'tap';
import { aheadLineRo, escposToText, formatIssued, renderTicket, TcpPrinter } from '../src/index';
import { startFakePrinter } from './fake-printer';
import { ticket } from './ticket-data';

const ESC_AT = Buffer.from([0x1b, 0x40]);
const WIN1250 = (s: string): Buffer => Buffer.from(Array.from(s, (c) => {
  const table: Record<string, number> = { 'ă': 0xe3, 'î': 0xee, 'ş': 0xba, 'ţ': 0xfe, 'Î': 0xce, 'â': 0xe2 };
  return table[c] ?? c.charCodeAt(0);
}));

t.test('a ticket printed over TCP reaches the printer as ESC/POS a citizen can read', async (t) => {
  const printer = await startFakePrinter();
  t.teardown(() => printer.close());
  await new TcpPrinter(printer.url, { timeoutMs: 1000 }).print(renderTicket(ticket, { width: 42 }));
  const bytes = printer.connections[0];
  if (!bytes) throw new Error('the printer received nothing');

  t.ok(bytes.subarray(0, 2).equals(ESC_AT), 'starts with ESC @');
  t.ok(bytes.includes(Buffer.from([0x1b, 0x74, 45])), 'selects WPC1250 with ESC t 45');

  const code = bytes.indexOf('A012');
  t.ok(code > 0, 'the code is printed');
  const size = bytes.lastIndexOf(Buffer.from([0x1d, 0x21]), code);
  t.ok(size >= 0 && size < code, 'a GS ! size command comes before the code');
  const n = bytes[size + 2] ?? 0;
  t.ok((n >> 4) >= 3 && (n & 0x0f) >= 3, `the code is at least 4x wide and tall (GS ! 0x${n.toString(16)})`);

  t.ok(bytes.includes(WIN1250('Cărţi de identitate')), 'ţ is printed with the cedilla byte 0xFE');
  t.ok(bytes.includes(WIN1250('înştiinţări')), 'ş and ţ as cedilla bytes (0xBA, 0xFE)');
  t.notOk(bytes.includes('C?r'), 'no question marks for Romanian letters');
  t.notOk(bytes.includes('?ti'), 'no question marks for ș');
  t.ok(bytes.includes(WIN1250('Înaintea dvs.: 3 persoane')), 'people ahead, Romanian plural');
  t.ok(bytes.includes('29.03.2026 02:30'), 'date and time in the office zone');

  const qrStore = Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b]), Buffer.from([ticket.url.length + 3, 0, 0x31, 0x50, 0x30]), Buffer.from(ticket.url)]);
  t.ok(bytes.includes(qrStore), 'GS ( k stores the URL in the QR symbol');
  t.ok(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30])), 'GS ( k prints the QR symbol');
  t.ok(bytes.indexOf(Buffer.from([0x1d, 0x56])) > bytes.indexOf(ticket.url), 'GS V cuts after the QR code');
});

t.test('PC852 code page also prints cedilla letters, not ?', async (t) => {
  const bytes = renderTicket(ticket, { characterSet: 'PC852_LATIN2' });
  t.ok(bytes.includes(Buffer.from([0x1b, 0x74, 18])), 'ESC t 18');
  // CP852: ă 0xC7, ţ 0xEE, ş 0xAD, î 0x8C
  t.ok(bytes.includes(Buffer.from([0x43, 0xc7, 0x72, 0xee, 0x69])), 'Cărţi');
  t.ok(bytes.includes(Buffer.from([0x8c, 0x6e, 0xad, 0x74, 0x69, 0x69, 0x6e, 0xee])), 'înştiinţ');
  t.notOk(bytes.includes(Buffer.from([0x1b, 0x74, 45])), 'does not switch code page mid-ticket');
});

t.test('Romanian plural forms and zero-padded local time', async (t) => {
  t.equal(aheadLineRo(1, 4), 'Înaintea dvs.: 1 persoană · Timp estimat: 4 min');
  t.equal(aheadLineRo(3, 12), 'Înaintea dvs.: 3 persoane · Timp estimat: 12 min');
  t.equal(aheadLineRo(20, 80), 'Înaintea dvs.: 20 de persoane · Timp estimat: 80 min');
  t.equal(formatIssued(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Bucharest'), '29.03.2026 04:30', 'after the clocks go forward');
  t.equal(formatIssued(Date.UTC(2026, 0, 5, 22, 7), 'Europe/Bucharest'), '06.01.2026 00:07', 'past midnight locally');
});

t.test('width is configurable: 42 and 48 columns', async (t) => {
  for (const width of [42, 48]) {
    const text = escposToText(renderTicket({ ...ticket, officeName: 'Serviciul Public Comunitar de Evidență a Persoanelor' }, { width }), { width });
    const longest = Math.max(...text.split('\n').filter((l) => !l.startsWith('[')).map((l) => l.length));
    t.ok(longest <= width, `no line over ${width} columns (longest ${longest})`);
  }
});
