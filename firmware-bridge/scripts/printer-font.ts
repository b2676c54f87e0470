/**
 * Makes src/printer/font-data.ts: the bitmap fonts the ticket picture (PNG) prints with, drawn once from
 * DejaVu Sans Mono in Debian's Chromium at the sizes of an Epson head's cells (font A 12x24, font B 9x17)
 * and kept as 1-bit glyphs. Every character the code pages of the text view decode to is included.
 *   npx tsx firmware-bridge/scripts/printer-font.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { codePageTable } from '../src/printer/codepage';

const FONTS = {
  A: { w: 12, h: 24, size: 20, baseline: 19 },
  B: { w: 9, h: 17, size: 14.5, baseline: 13 },
} as const;

const chars = new Set<string>(['ș', 'ț', 'Ș', 'Ț']);
for (const cp of ['WPC1250_LATIN2', 'PC852_LATIN2', 'WPC1252', 'PC437']) {
  for (const ch of codePageTable(cp).slice(33)) if (ch !== '\ufffd' && !/[\p{Cc}\s\u00ad]/u.test(ch)) chars.add(ch);
}
const list = [...chars].sort();

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.setContent('<p style="font-family: DejaVu Sans Mono">x</p>');
await page.evaluate(() => document.fonts.ready);

const out: string[] = [];
for (const [name, f] of Object.entries(FONTS)) {
  // Each glyph: h rows of ceil(w/8) bytes, a set bit is a black dot (most significant bit on the left).
  const bits = (await page.evaluate(
    ({ list, f }) => {
      const canvas = document.createElement('canvas');
      canvas.width = f.w;
      canvas.height = f.h;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const rowBytes = Math.ceil(f.w / 8);
      const bytes: number[] = [];
      for (const ch of list) {
        ctx.clearRect(0, 0, f.w, f.h);
        ctx.font = `${f.size}px "DejaVu Sans Mono"`;
        ctx.textBaseline = 'alphabetic';
        ctx.fillStyle = '#000';
        const width = ctx.measureText(ch).width;
        ctx.fillText(ch, (f.w - width) / 2, f.baseline);
        const alpha = ctx.getImageData(0, 0, f.w, f.h).data;
        for (let y = 0; y < f.h; y++) {
          const row = new Array(rowBytes).fill(0);
          for (let x = 0; x < f.w; x++) if (alpha[(y * f.w + x) * 4 + 3]! >= 100) row[x >> 3] |= 0x80 >> (x & 7);
          bytes.push(...row);
        }
      }
      return bytes;
    },
    { list, f },
  )) as number[];
  out.push(`  ${name}: { width: ${f.w}, height: ${f.h}, bits: '${deflateRawSync(Buffer.from(bits), { level: 9 }).toString('base64')}' },`);
}
await browser.close();

writeFileSync(
  new URL('../src/printer/font-data.ts', import.meta.url),
  `// Made by firmware-bridge/scripts/printer-font.ts from DejaVu Sans Mono (Bitstream Vera license); do not edit.\n` +
    `/** The characters that have a glyph, in the order of the glyphs. */\n` +
    `export const FONT_CHARS = ${JSON.stringify(list.join(''))};\n\n` +
    `/** Per font: cell size in dots and the glyphs, deflated: height rows of ceil(width / 8) bytes each, 1 = black. */\n` +
    `export const FONT_GLYPHS = {\n${out.join('\n')}\n} as const;\n`,
);
console.log(`${list.length} characters`);
