import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { create as createQr } from 'qrcode';
import t from 'tap';
import { escposToSvg, renderTicket } from '../src/index';
import { ticket } from './ticket-data';

const SCREENSHOTS = fileURLToPath(new URL('../../artifacts/screenshots', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const dir = mkdtempSync(join(tmpdir(), 'qms-picture-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
t.teardown(() => browser.close());

interface Drawn {
  texts: Array<{ text: string; fontSize: number; bold: boolean; box: { x: number; y: number; width: number; height: number } }>;
  qr: Array<{ x: number; y: number; width: number; height: number }>;
  cutY: number | null;
  paper: { width: number; height: number; fill: string };
}

/** Runs in the page (plain JavaScript: the type check has no DOM types): what the loaded SVG draws, in its units. */
const READ_DRAWING = `(() => {
  const root = document.documentElement;
  if (!(root instanceof SVGSVGElement)) throw new Error('not an SVG document: ' + root.outerHTML.slice(0, 300));
  const box = (e) => {
    const b = e.getBBox();
    return { x: b.x, y: b.y, width: b.width, height: b.height };
  };
  const cut = root.querySelector('.cut line');
  return {
    texts: Array.from(root.querySelectorAll('text'), (e) => ({
      text: e.textContent,
      fontSize: parseFloat(getComputedStyle(e).fontSize),
      bold: Number(getComputedStyle(e).fontWeight) >= 700,
      box: box(e),
    })),
    qr: Array.from(root.querySelectorAll('.qr rect'), box),
    cutY: cut ? Number(cut.getAttribute('y1')) : null,
    paper: { width: root.viewBox.baseVal.width, height: root.viewBox.baseVal.height, fill: root.querySelector('.paper').getAttribute('fill') },
  };
})()`;

/** Opens the SVG as its own document in Chromium (a malformed file does not load as SVG) and reads what it draws. */
async function open(svg: string, name = 'ticket'): Promise<{ page: Page; drawn: Drawn }> {
  const file = join(dir, `${name}.svg`);
  writeFileSync(file, svg);
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto(`file://${file}`);
  const drawn = (await page.evaluate(READ_DRAWING)) as Drawn;
  return { page, drawn };
}

const find = (drawn: Drawn, text: string) => drawn.texts.find((e) => e.text.includes(text));

t.test('the picture of a ticket shows what the paper shows', async (t) => {
  const svg = escposToSvg(renderTicket(ticket));
  const { page, drawn } = await open(svg);

  t.equal(drawn.paper.width, 640, '80 mm paper: 576 printable dots and the margins');
  t.equal(drawn.paper.fill, '#fff', 'white paper');

  const office = find(drawn, 'SPCLEP Sector 3');
  const code = drawn.texts.find((e) => e.text === ticket.code);
  const serviceRo = find(drawn, 'Cărți de identitate – înștiințări');
  const serviceEn = find(drawn, 'ID cards – notices');
  const footer = find(drawn, 'Vă mulțumim! Păstrați bonul.');
  if (!office || !code || !serviceRo || !serviceEn || !footer) throw new Error(`missing text; drawn: ${drawn.texts.map((e) => e.text).join(' | ')}`);

  t.ok(code.fontSize >= 4 * office.fontSize, `the ticket code is big (${code.fontSize} vs body ${office.fontSize})`);
  t.ok(code.box.width > 300, `the code spans most of the line (${code.box.width.toFixed(0)} dots)`);
  const centre = (b: Drawn['texts'][number]['box']): number => b.x + b.width / 2;
  for (const [name, e] of [['office', office], ['code', code], ['service', serviceRo], ['footer', footer]] as const) {
    t.ok(Math.abs(centre(e.box) - 320) <= 12, `${name} centred (${centre(e.box).toFixed(0)})`);
  }
  const ahead = find(drawn, 'Înaintea dvs.: 3 persoane · Timp estimat: 12 min');
  t.ok(ahead && ahead.box.x < 40 && ahead.box.x + ahead.box.width > 600, 'a full 48-column line fills the printable width');
  t.ok(office.bold && serviceRo.bold && !footer.bold, 'bold where the ticket asks for it');
  t.ok(serviceRo.fontSize >= 1.9 * office.fontSize, 'the Romanian service name is double height');
  const perChar = (e: Drawn['texts'][number]): number => e.box.width / Array.from(e.text).length;
  t.ok(perChar(serviceEn) < 0.85 * perChar(footer), 'the English line is in the narrower font B');
  t.notOk(drawn.texts.some((e) => /[şţŞŢ]/.test(e.text)), 'no cedilla ş/ţ on screen');
  t.ok(drawn.texts.every((e) => e.box.x >= 0 && e.box.x + e.box.width <= drawn.paper.width), 'no text runs off the paper');

  // The QR code: every dark module of the URL's symbol, at cell size 6, and nothing else.
  const qr = createQr(ticket.url, { errorCorrectionLevel: 'M' }).modules;
  t.ok(drawn.qr.every((r) => r.width === 6 && r.height === 6), 'modules are 6 dots (GS ( k cell size)');
  const x0 = Math.min(...drawn.qr.map((r) => r.x));
  const y0 = Math.min(...drawn.qr.map((r) => r.y));
  const drawnCells = new Set(drawn.qr.map((r) => `${(r.y - y0) / 6},${(r.x - x0) / 6}`));
  const expected = new Set<string>();
  for (let r = 0; r < qr.size; r++) for (let c = 0; c < qr.size; c++) if (qr.get(r, c)) expected.add(`${r},${c}`);
  t.equal(drawn.qr.length, expected.size, `${expected.size} dark modules drawn`);
  t.same([...drawnCells].sort(), [...expected].sort(), 'the drawn modules are the symbol of the ticket URL');
  t.ok(Math.abs(x0 + (qr.size * 6) / 2 - 320) <= 6, 'the QR code is centred');

  // Top to bottom as printed, and the cut below everything.
  t.ok(office.box.y < code.box.y && code.box.y < serviceRo.box.y && serviceRo.box.y < y0 && y0 + qr.size * 6 <= footer.box.y, 'order: office, code, service, QR, footer');
  t.ok(drawn.cutY !== null && drawn.cutY > footer.box.y + footer.box.height, 'a cut line below the footer');
  t.ok(drawn.cutY !== null && drawn.paper.height - drawn.cutY < 40, 'the paper ends at the cut');

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 640, height: Math.ceil(drawn.paper.height) });
  await page.screenshot({ path: join(SCREENSHOTS, 'ticket-picture.png') });
});

t.test('cell size and error correction come from the GS ( k commands', async (t) => {
  const { drawn } = await open(escposToSvg(renderTicket(ticket, { qrCellSize: 4 })), 'cell4');
  t.ok(drawn.qr.length > 0 && drawn.qr.every((r) => r.width === 4), 'modules are 4 dots');
  const bytes = Buffer.from(renderTicket(ticket));
  const e = bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45]));
  bytes[e + 7] = 51; // level H
  const { drawn: high } = await open(escposToSvg(bytes), 'level-h');
  const h = createQr(ticket.url, { errorCorrectionLevel: 'H' }).modules;
  let dark = 0;
  for (let r = 0; r < h.size; r++) for (let c = 0; c < h.size; c++) dark += h.get(r, c) ? 1 : 0;
  t.equal(high.qr.length, dark, 'level H symbol drawn');
  t.not(high.qr.length, drawn.qr.length, 'a different symbol than level M');
});

t.test('text is escaped, decoded in its code page, and 42 columns make narrower paper', async (t) => {
  const odd = { ...ticket, officeName: 'Ghișeu <1> & "Sala" \'B\'' };
  const { drawn } = await open(escposToSvg(renderTicket(odd, { characterSet: 'PC852_LATIN2', width: 42 }), { width: 42 }), 'escaped');
  t.ok(find(drawn, 'Ghișeu <1> & "Sala" \'B\''), 'markup characters shown as text');
  t.ok(find(drawn, 'Cărți de identitate - înștiințări'), 'CP852 bytes decoded to Romanian letters (CP852 has no en dash)');
  t.equal(drawn.paper.width, 42 * 12 + 64, 'paper for 42 columns');
  const cedilla = await open(escposToSvg(renderTicket(ticket), { romanianCommaBelow: false }), 'cedilla');
  t.ok(find(cedilla.drawn, 'înştiinţări'), 'cedilla letters as on paper, on request');
});

t.test('a line longer than the paper continues on the next line', async (t) => {
  const bytes = Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from(`${'x'.repeat(50)}\n`), Buffer.from([0x1d, 0x56, 0x00])]);
  const { drawn } = await open(escposToSvg(bytes), 'wrap');
  t.same(drawn.texts.map((e) => e.text), ['x'.repeat(48), 'xx'], '48 characters, then the rest');
  t.ok((drawn.texts[1]?.box.y ?? 0) > (drawn.texts[0]?.box.y ?? 0), 'below');
});
