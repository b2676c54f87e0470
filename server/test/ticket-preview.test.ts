import { codePageTable, escposToPng, toPrintable } from '@qms/firmware-bridge/printer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import t from 'tap';
import { logoPng } from '../../firmware-bridge/test/ticket-data';
import { build, TestClock, type Built, type Client } from './helper';

const SCREENSHOTS = fileURLToPath(new URL('../../artifacts/screenshots', import.meta.url));
const HEADER = 'Primăria Municipiului Exemplu\nDirecția de Evidență a Persoanelor';

interface Picture {
  status: number;
  type: string;
  png: PNG | null;
  bytes: Buffer;
}

async function preview(c: Client, query = ''): Promise<Picture> {
  const r = await fetch(`${c.url}/api/office/ticket-preview${query}`, { headers: { cookie: c.cookie } });
  const bytes = Buffer.from(await r.arrayBuffer());
  return { status: r.status, type: r.headers.get('content-type') ?? '', png: r.status === 200 ? PNG.sync.read(bytes) : null, bytes };
}

/** One centred line of text as the printer prints it (font A, bold or not), in the ticket's code page. */
function lineJob(text: string, bold: boolean): Buffer {
  const table = codePageTable('WPC1250_LATIN2');
  const encoded = Array.from(toPrintable(text, 'WPC1250_LATIN2'), (ch) => table.indexOf(ch));
  return Buffer.concat([Buffer.from([0x1b, 0x40, 0x1b, 0x74, 45, 0x1b, 0x61, 1, 0x1b, 0x45, bold ? 1 : 0]), Buffer.from(encoded), Buffer.from([0x0a])]);
}

/**
 * Whether the picture shows the line: its dots, drawn alone by the same picture code, are found dot for dot
 * somewhere down the ticket at the same place across.
 */
function shows(picture: PNG, text: string, bold = false): boolean {
  const line = PNG.sync.read(escposToPng(lineJob(text, bold)));
  const black = (p: PNG, x: number, y: number) => p.data[(y * p.width + x) * 4] === 0;
  let [x0, y0, x1, y1] = [line.width, line.height, -1, -1];
  for (let y = 0; y < line.height; y++) {
    for (let x = 0; x < line.width; x++) {
      if (black(line, x, y)) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  if (x1 < 0 || picture.width !== line.width) return false;
  for (let top = 0; top + (y1 - y0) < picture.height; top++) {
    let same = true;
    for (let y = y0; same && y <= y1; y++) for (let x = x0; same && x <= x1; x++) same = black(line, x, y) === black(picture, x, top + y - y0);
    if (same) return true;
  }
  return false;
}

const office = async (s: Built) => (await s.staff.get('/api/office')).body.settings;

t.test("the preview is a picture of a sample ticket with the office's header, footer and logo", async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse('2026-11-26T08:00:00Z')) });
  t.equal((await s.staff.request('PUT', '/api/office', { ...(await office(s)), name: 'SPCLEP Exemplu' })).status, 200);
  const plain = await preview(s.staff, '?lang=ro');
  t.equal(plain.status, 200);
  t.equal(plain.type, 'image/png');
  const png = plain.png!;
  t.equal(png.width, 640, '80 mm paper');
  const settings = await office(s);
  t.ok(shows(png, settings.name, true), "without a header, the office's name is at the top");
  t.ok(shows(png, settings.ticketFooter), 'the footer at the bottom');

  // Unsaved text typed on the page.
  const typed = await preview(s.staff, `?lang=ro&header=${encodeURIComponent(HEADER)}&footer=${encodeURIComponent('Program: luni–vineri 8:30–16:30')}`);
  t.ok(typed.png!.height > png.height, `a two-line header makes the ticket longer than the name's one line (${png.height} -> ${typed.png!.height} dots)`);
  for (const line of HEADER.split('\n')) t.ok(shows(typed.png!, line, true), `the header line "${line}" is on the ticket`);
  t.notOk(shows(typed.png!, settings.name, true), "the header stands in place of the office's name");
  t.ok(shows(typed.png!, 'Program: luni–vineri 8:30–16:30'), 'the footer typed');
  t.notOk(shows(typed.png!, settings.ticketFooter), 'instead of the saved one');
  t.same((await preview(s.staff, '?lang=ro')).bytes, plain.bytes, 'nothing typed was saved');

  // Saved: the preview, the test print and a citizen's ticket all carry it.
  const put = await s.staff.request('PUT', '/api/office', { ...settings, ticketHeader: HEADER });
  t.equal(put.status, 200, 'header saved');
  const saved = await preview(s.staff);
  t.same(saved.bytes, (await preview(s.staff, `?header=${encodeURIComponent(HEADER)}`)).bytes, 'the saved header is previewed as typed');
  const kiosk = await s.localKiosk();
  const issued = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-applications' }, { 'idempotency-key': 'preview-1' });
  t.equal(issued.status, 201);
  const devices = (await s.staff.get('/api/devices')).body as { id: string; kind: string }[];
  await s.staff.post(`/api/devices/${devices.find((d) => d.kind === 'kiosk')!.id}/test-print`);
  const [test, ticket] = (await s.staff.get('/api/prints')).body as { ticketCode: string; text: string }[];
  for (const job of [ticket!, test!]) {
    const lines = job.text.split('\n').map((l) => l.trim());
    t.ok(
      HEADER.split('\n').every((h) => lines.includes(h)),
      `${job.ticketCode}: the printed job's text has the header`,
    );
  }

  // The logo sits above the header.
  const logo = await fetch(`${s.url}/api/office/ticket-logo`, { method: 'PUT', headers: { cookie: s.staff.cookie, 'content-type': 'image/png' }, body: logoPng(128, 48) });
  t.equal(logo.status, 200);
  const withLogo = await preview(s.staff, '?lang=en');
  t.equal(withLogo.png!.height, saved.png!.height + 48, 'the logo adds its own height');
  t.ok(HEADER.split('\n').every((line) => shows(withLogo.png!, line, true)), 'the header under it');

  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, 'ticket-preview.png'), withLogo.bytes);
});

t.test('the preview is for managers and administrators; its texts are checked', async (t) => {
  const s = await build(t);
  t.equal((await preview(s.staff, `?header=${'x'.repeat(201)}`)).status, 400, 'a header longer than 200 characters');
  t.equal((await preview(s.staff, '?lang=fr')).status, 400, 'ro or en');
  t.equal((await preview(s.staff, '?colour=red')).status, 400, 'nothing else');
  await s.createUser('mihai', 'manager-password-1', 'manager');
  await s.createUser('ana', 'clerk-password-1', 'clerk');
  t.equal((await preview(await s.signIn('mihai', 'manager-password-1'))).status, 200, 'a manager may look');
  t.equal((await preview(await s.signIn('ana', 'clerk-password-1'))).status, 403, 'a clerk may not');
  t.equal((await preview(s.anon)).status, 401);
});
