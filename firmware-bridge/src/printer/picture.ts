import { PNG } from 'pngjs';
import { create as createQr } from 'qrcode';
import { parseEscPos, type DecodeOptions, type PrintAlign, type PrintRun } from './escpos';

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

/**
 * A picture of the paper the ESC/POS bytes print, as a standalone SVG in printer dots: text with its
 * alignment, font, bold and size, the QR code module by module, feeds, and a dashed line where the paper
 * is cut. Ș and ț are shown with the comma below unless romanianCommaBelow is false.
 */
export function escposToSvg(bytes: Buffer, options: PictureOptions = {}): string {
  const printable = (options.width ?? 48) * CELL.A.w;
  const paperWidth = printable + 2 * MARGIN;
  const scale = options.scale ?? 1;
  const left = (align: PrintAlign, dots: number): number => {
    const pad = Math.max(0, printable - dots);
    return MARGIN + (align === 'center' ? Math.floor(pad / 2) : align === 'right' ? pad : 0);
  };

  const body: string[] = [];
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
          const w = charWidth(run);
          const h = cellHeight(run);
          const lead = Array.from(run.text).length - Array.from(run.text.trimStart()).length;
          const text = run.text.trim();
          if (text) {
            // Characters of one line stand on a common bottom, like the printer's cells.
            const baseline = y + tallest - 0.2 * h;
            body.push(
              `<text x="${x + lead * w}" y="${baseline.toFixed(1)}" font-size="${(0.85 * h).toFixed(1)}"` +
                ` textLength="${Array.from(text).length * w}" lengthAdjust="spacingAndGlyphs"` +
                `${run.style.bold ? ' font-weight="bold"' : ''}>${escapeXml(text)}</text>`,
            );
          }
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
      const x0 = left(item.align, modules.size * cell);
      const rects: string[] = [];
      for (let r = 0; r < modules.size; r++) {
        for (let c = 0; c < modules.size; c++) {
          if (modules.get(r, c)) rects.push(`<rect x="${x0 + c * cell}" y="${y + r * cell}" width="${cell}" height="${cell}"/>`);
        }
      }
      body.push(`<g class="qr" fill="#000" shape-rendering="crispEdges">${rects.join('')}</g>`);
      y += modules.size * cell;
    } else if (item.kind === 'image') {
      // The dots as the printer gets them, as a small PNG: black where a bit is set.
      const png = new PNG({ width: item.width, height: item.height });
      const rowBytes = item.width / 8;
      for (let r = 0; r < item.height; r++) {
        for (let c = 0; c < item.width; c++) {
          const on = ((item.bits[r * rowBytes + (c >> 3)] ?? 0) >> (7 - (c & 7))) & 1;
          png.data.fill(on ? 0 : 255, (r * item.width + c) * 4, (r * item.width + c) * 4 + 3);
          png.data[(r * item.width + c) * 4 + 3] = 255;
        }
      }
      const href = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
      body.push(`<image class="logo" x="${left(item.align, item.width)}" y="${y}" width="${item.width}" height="${item.height}" href="${href}" style="image-rendering:pixelated"/>`);
      y += item.height;
    } else if (item.kind === 'barcode') {
      const w = Math.min(printable, Math.max(96, item.data.length * 22));
      const x = left(item.align, w);
      body.push(
        `<g class="barcode"><rect x="${x}" y="${y}" width="${w}" height="64" fill="#bbb"/>` +
          `<text x="${x + w / 2}" y="${y + 64 + 20}" font-size="17" text-anchor="middle">${escapeXml(item.data)}</text></g>`,
      );
      y += 64 + LINE;
    } else {
      // The cut: a dashed line across the paper with a notch at each edge.
      const notch = 10;
      body.push(
        `<g class="cut" data-partial="${item.partial}"><title>Tăietură / Cut</title>` +
          `<line x1="0" y1="${y}" x2="${paperWidth}" y2="${y}" stroke="#555" stroke-width="2" stroke-dasharray="12 8"/>` +
          `<path d="M0 ${y - notch}L${notch} ${y}L0 ${y + notch}ZM${paperWidth} ${y - notch}L${paperWidth - notch} ${y}L${paperWidth} ${y + notch}Z" fill="#555"/></g>`,
      );
      cutAt = y;
      if (index < items.length - 1) y += 2 * LINE;
    }
  }
  // Below a final cut only a strip of paper shows, so the cut line reads as the ticket's end.
  const height = cutAt === null ? y + TOP + LINE : cutAt + TOP;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve" width="${paperWidth * scale}" height="${height * scale}" viewBox="0 0 ${paperWidth} ${height}">` +
    `<rect class="paper" x="0" y="0" width="${paperWidth}" height="${height}" fill="#fff" stroke="#ccc" stroke-width="2"/>` +
    `<g font-family="${FONT}" fill="#000">${body.join('')}</g></svg>`
  );
}
