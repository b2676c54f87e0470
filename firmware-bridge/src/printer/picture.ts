import { PNG } from 'pngjs';
import { create as createQr } from 'qrcode';
import { inflateRawSync } from 'node:zlib';
import { parseEscPos, type DecodeOptions, type PrintAlign, type PrintRun, type PrintStyle } from './escpos';
import { FONT_CHARS, FONT_GLYPHS } from './font-data';

export interface PictureOptions extends DecodeOptions {
  /** Characters per line in font A; default 48 (576 dots: the printable width of 80 mm paper at 203 dpi). */
  width?: number;
  /** Screen pixels per printer dot for the SVG's width and height; default 1. */
  scale?: number;
}

/** Character cells in dots (Epson font A 12x24, font B 9x17). */
const CELL = { A: { w: 12, h: 24 }, B: { w: 9, h: 17 } } as const;
/** Default line feed (ESC 2): 30 dots, about 3.75 mm. */
const LINE = 30;
/** Unprinted paper either side of the printable width (80 mm paper is about 640 dots). */
const MARGIN = 32;
const TOP = 16;
const FONT = 'DejaVu Sans Mono, monospace';
const BARCODE_HEIGHT = 64;

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

const charWidth = (run: PrintRun): number => CELL[run.style.font].w * run.style.width;
const cellHeight = (run: PrintRun): number => CELL[run.style.font].h * run.style.height;
const runWidth = (run: PrintRun): number => Array.from(run.text).length * charWidth(run);

/** A line longer than the printable width continues on the next one, as the printer does. */
function wrap(runs: PrintRun[], maxDots: number): PrintRun[][] {
  const lines: PrintRun[][] = [[]];
  let used = 0;
  for (const run of runs) {
    for (const ch of run.text) {
      if (used + charWidth(run) > maxDots && used > 0) {
        lines.push([]);
        used = 0;
      }
      const line = lines[lines.length - 1] as PrintRun[];
      const last = line[line.length - 1];
      if (last && last.style === run.style) last.text += ch;
      else line.push({ text: ch, style: run.style });
      used += charWidth(run);
    }
  }
  return lines;
}

/** What lands on the paper, placed in printer dots: the one layout both pictures draw. */
type Mark =
  /** Text whose cells stand on `bottom`; `x` is the left edge of its first character. */
  | { kind: 'text'; x: number; bottom: number; text: string; style: PrintStyle }
  | { kind: 'qr'; x: number; y: number; cell: number; modules: { size: number; get(row: number, col: number): number | boolean } }
  | { kind: 'image'; x: number; y: number; width: number; height: number; bits: Buffer }
  | { kind: 'barcode'; x: number; y: number; width: number; data: string }
  | { kind: 'cut'; y: number; partial: boolean };

interface Layout {
  paperWidth: number;
  height: number;
  marks: Mark[];
}

function layout(bytes: Buffer, options: PictureOptions): Layout {
  const printable = (options.width ?? 48) * CELL.A.w;
  const paperWidth = printable + 2 * MARGIN;
  const left = (align: PrintAlign, dots: number): number => {
    const pad = Math.max(0, printable - dots);
    return MARGIN + (align === 'center' ? Math.floor(pad / 2) : align === 'right' ? pad : 0);
  };

  const marks: Mark[] = [];
  let y = TOP;
  let cutAt: number | null = null;
  const items = parseEscPos(bytes, options);
  for (const [index, item] of items.entries()) {
    cutAt = null;
    if (item.kind === 'line') {
      for (const runs of item.runs.length ? wrap(item.runs, printable) : [[]]) {
        const tallest = Math.max(0, ...runs.map(cellHeight));
        let x = left(item.align, runs.reduce((sum, run) => sum + runWidth(run), 0));
        for (const run of runs) {
          // Characters of one line stand on a common bottom, like the printer's cells.
          if (run.text.trim()) marks.push({ kind: 'text', x, bottom: y + tallest, text: run.text, style: run.style });
          x += runWidth(run);
        }
        // Enlarged characters keep the gap below them that normal ones have.
        y += Math.max(LINE, tallest + LINE - CELL.A.h);
      }
    } else if (item.kind === 'feed') {
      y += item.lines * LINE;
    } else if (item.kind === 'qr') {
      let modules;
      try {
        modules = createQr(item.data.toString('utf8'), { errorCorrectionLevel: item.errorCorrection }).modules;
      } catch {
        continue; // data a QR code cannot hold: the printer prints nothing either
      }
      const cell = Math.min(16, Math.max(1, item.cellSize));
      marks.push({ kind: 'qr', x: left(item.align, modules.size * cell), y, cell, modules });
      y += modules.size * cell;
    } else if (item.kind === 'image') {
      marks.push({ kind: 'image', x: left(item.align, item.width), y, width: item.width, height: item.height, bits: item.bits });
      y += item.height;
    } else if (item.kind === 'barcode') {
      const w = Math.min(printable, Math.max(96, item.data.length * 22));
      marks.push({ kind: 'barcode', x: left(item.align, w), y, width: w, data: item.data });
      y += BARCODE_HEIGHT + LINE;
    } else {
      marks.push({ kind: 'cut', y, partial: item.partial });
      cutAt = y;
      if (index < items.length - 1) y += 2 * LINE;
    }
  }
  // Below a final cut only a strip of paper shows, so the cut line reads as the ticket's end.
  return { paperWidth, height: cutAt === null ? y + TOP + LINE : cutAt + TOP, marks };
}

const isDot = (bits: Buffer, width: number, row: number, col: number): boolean => (((bits[row * Math.ceil(width / 8) + (col >> 3)] ?? 0) >> (7 - (col & 7))) & 1) === 1;

/**
 * A picture of the paper the ESC/POS bytes print, as a standalone SVG in printer dots: text with its
 * alignment, font, bold and size, the QR code module by module, feeds, and a dashed line where the paper
 * is cut. Ș and ț are shown with the comma below unless romanianCommaBelow is false.
 */
export function escposToSvg(bytes: Buffer, options: PictureOptions = {}): string {
  const { paperWidth, height, marks } = layout(bytes, options);
  const scale = options.scale ?? 1;
  const body: string[] = [];
  for (const mark of marks) {
    if (mark.kind === 'text') {
      const w = CELL[mark.style.font].w * mark.style.width;
      const h = CELL[mark.style.font].h * mark.style.height;
      const lead = Array.from(mark.text).length - Array.from(mark.text.trimStart()).length;
      const text = mark.text.trim();
      body.push(
        `<text x="${mark.x + lead * w}" y="${(mark.bottom - 0.2 * h).toFixed(1)}" font-size="${(0.85 * h).toFixed(1)}"` +
          ` textLength="${Array.from(text).length * w}" lengthAdjust="spacingAndGlyphs"` +
          `${mark.style.bold ? ' font-weight="bold"' : ''}>${escapeXml(text)}</text>`,
      );
    } else if (mark.kind === 'qr') {
      const rects: string[] = [];
      for (let r = 0; r < mark.modules.size; r++) {
        for (let c = 0; c < mark.modules.size; c++) {
          if (mark.modules.get(r, c)) rects.push(`<rect x="${mark.x + c * mark.cell}" y="${mark.y + r * mark.cell}" width="${mark.cell}" height="${mark.cell}"/>`);
        }
      }
      body.push(`<g class="qr" fill="#000" shape-rendering="crispEdges">${rects.join('')}</g>`);
    } else if (mark.kind === 'image') {
      // The dots as the printer gets them, as a small PNG: black where a bit is set.
      const png = new PNG({ width: mark.width, height: mark.height });
      for (let r = 0; r < mark.height; r++) {
        for (let c = 0; c < mark.width; c++) {
          const i = (r * mark.width + c) * 4;
          png.data.fill(isDot(mark.bits, mark.width, r, c) ? 0 : 255, i, i + 3);
          png.data[i + 3] = 255;
        }
      }
      const href = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
      body.push(`<image class="logo" x="${mark.x}" y="${mark.y}" width="${mark.width}" height="${mark.height}" href="${href}" style="image-rendering:pixelated"/>`);
    } else if (mark.kind === 'barcode') {
      body.push(
        `<g class="barcode"><rect x="${mark.x}" y="${mark.y}" width="${mark.width}" height="${BARCODE_HEIGHT}" fill="#bbb"/>` +
          `<text x="${mark.x + mark.width / 2}" y="${mark.y + BARCODE_HEIGHT + 20}" font-size="17" text-anchor="middle">${escapeXml(mark.data)}</text></g>`,
      );
    } else {
      // The cut: a dashed line across the paper with a notch at each edge.
      const notch = 10;
      const y = mark.y;
      body.push(
        `<g class="cut" data-partial="${mark.partial}"><title>Tăietură / Cut</title>` +
          `<line x1="0" y1="${y}" x2="${paperWidth}" y2="${y}" stroke="#555" stroke-width="2" stroke-dasharray="12 8"/>` +
          `<path d="M0 ${y - notch}L${notch} ${y}L0 ${y + notch}ZM${paperWidth} ${y - notch}L${paperWidth - notch} ${y}L${paperWidth} ${y + notch}Z" fill="#555"/></g>`,
      );
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve" width="${paperWidth * scale}" height="${height * scale}" viewBox="0 0 ${paperWidth} ${height}">` +
    `<rect class="paper" x="0" y="0" width="${paperWidth}" height="${height}" fill="#fff" stroke="#ccc" stroke-width="2"/>` +
    `<g font-family="${FONT}" fill="#000">${body.join('')}</g></svg>`
  );
}

/** The glyphs of the picture's bitmap fonts, unpacked on first use. */
const glyphs: Partial<Record<'A' | 'B', Map<string, Buffer>>> = {};
function glyphOf(font: 'A' | 'B', ch: string): Buffer | undefined {
  let map = glyphs[font];
  if (!map) {
    const f = FONT_GLYPHS[font];
    const all = inflateRawSync(Buffer.from(f.bits, 'base64'));
    const size = f.height * Math.ceil(f.width / 8);
    map = new Map(Array.from(FONT_CHARS, (c, i) => [c, all.subarray(i * size, (i + 1) * size)]));
    glyphs[font] = map;
  }
  return map.get(ch) ?? map.get('?');
}

/**
 * The same picture as escposToSvg as a PNG, one pixel per printer dot, drawn the way a thermal head
 * prints: bitmap characters in the printer's cells (enlarged by repeating dots, bold by striking each dot
 * twice), the QR code and the logo dot for dot. Needs no browser to look at.
 */
export function escposToPng(bytes: Buffer, options: PictureOptions = {}): Buffer {
  const { paperWidth, height, marks } = layout(bytes, options);
  const png = new PNG({ width: paperWidth, height });
  const gray = Buffer.alloc(paperWidth * height, 255);
  const dot = (x: number, y: number, shade = 0): void => {
    if (x >= 0 && y >= 0 && x < paperWidth && y < height) gray[y * paperWidth + x] = shade;
  };
  const box = (x: number, y: number, w: number, h: number, shade = 0): void => {
    for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) dot(c, r, shade);
  };
  const text = (left: number, bottom: number, s: string, style: PrintStyle): void => {
    const cell = CELL[style.font];
    const { width: sx, height: sy } = style;
    const top = bottom - cell.h * sy;
    let x = left;
    for (const ch of s) {
      const glyph = ch === ' ' ? undefined : glyphOf(style.font, ch);
      for (let r = 0; glyph && r < cell.h; r++) {
        for (let c = 0; c < cell.w; c++) {
          if (isDot(glyph, cell.w, r, c) || (style.bold && c > 0 && isDot(glyph, cell.w, r, c - 1))) box(x + c * sx, top + r * sy, sx, sy);
        }
      }
      x += cell.w * sx;
    }
  };
  // The paper's edge, as the SVG draws it.
  box(0, 0, paperWidth, 1, 204);
  box(0, height - 1, paperWidth, 1, 204);
  box(0, 0, 1, height, 204);
  box(paperWidth - 1, 0, 1, height, 204);

  for (const mark of marks) {
    if (mark.kind === 'text') {
      text(mark.x, mark.bottom, mark.text, mark.style);
    } else if (mark.kind === 'qr') {
      for (let r = 0; r < mark.modules.size; r++) {
        for (let c = 0; c < mark.modules.size; c++) if (mark.modules.get(r, c)) box(mark.x + c * mark.cell, mark.y + r * mark.cell, mark.cell, mark.cell);
      }
    } else if (mark.kind === 'image') {
      for (let r = 0; r < mark.height; r++) for (let c = 0; c < mark.width; c++) if (isDot(mark.bits, mark.width, r, c)) dot(mark.x + c, mark.y + r);
    } else if (mark.kind === 'barcode') {
      box(mark.x, mark.y, mark.width, BARCODE_HEIGHT, 187);
      const label = { bold: false, font: 'B', width: 1, height: 1 } as const;
      text(mark.x + Math.floor((mark.width - Array.from(mark.data).length * CELL.B.w) / 2), mark.y + BARCODE_HEIGHT + 24, mark.data, label);
    } else {
      // The cut: a dashed grey line across the paper.
      for (let x = 0; x < paperWidth; x++) if (x % 20 < 12) box(x, mark.y - 1, 1, 2, 85);
    }
  }
  // pngjs takes RGBA in; the file it writes is grayscale.
  for (let i = 0; i < gray.length; i++) {
    png.data.fill(gray[i]!, i * 4, i * 4 + 3);
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 0 });
}
