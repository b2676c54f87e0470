import { codePageTable, ESC_T_CODE_PAGE } from './codepage';

/**
 * The ESC/POS bytes of a job read back into what the paper shows: one parser for the text view and the
 * picture of a printed ticket.
 */
export interface DecodeOptions {
  /** Show ş ţ as the correct Romanian ș ț (the paper needs cedillas, a screen does not). Default true. */
  romanianCommaBelow?: boolean;
}

export type PrintAlign = 'left' | 'center' | 'right';
export type QrLevel = 'L' | 'M' | 'Q' | 'H';

export interface PrintStyle {
  bold: boolean;
  font: 'A' | 'B';
  /** Character magnification, 1-8 (ESC ! double width/height, GS ! sizes). */
  width: number;
  height: number;
}

/** Consecutive characters printed in one style. */
export interface PrintRun {
  text: string;
  style: PrintStyle;
}

/** What reaches the paper, in order. */
export type PrintItem =
  /** A line ended by LF (or by ESC d, a QR code, a barcode or a cut); no runs for an empty line. */
  | { kind: 'line'; align: PrintAlign; runs: PrintRun[] }
  /** Paper fed without printing (ESC d n beyond the line it ends). */
  | { kind: 'feed'; lines: number }
  | { kind: 'qr'; align: PrintAlign; data: Buffer; cellSize: number; errorCorrection: QrLevel }
  | { kind: 'barcode'; align: PrintAlign; data: string }
  /** A raster image (GS v 0): `width` dots, one bit per dot, rows of `Math.ceil(width / 8)` bytes, 1 = black. */
  | { kind: 'image'; align: PrintAlign; width: number; height: number; bits: Buffer }
  | { kind: 'cut'; partial: boolean };

const ALIGN: PrintAlign[] = ['left', 'center', 'right'];
const QR_LEVEL: QrLevel[] = ['L', 'M', 'Q', 'H'];
const COMMA_BELOW: Record<string, string> = { 'ş': 'ș', 'ţ': 'ț', 'Ş': 'Ș', 'Ţ': 'Ț' };

/**
 * Reads ESC/POS bytes (the Epson commands the ticket uses) into what the paper shows: styled text lines,
 * QR codes, barcodes, feeds and cuts. Text is decoded through the code page chosen by ESC t. Commands it
 * does not know are skipped by their usual length.
 */
export function parseEscPos(bytes: Buffer, options: DecodeOptions = {}): PrintItem[] {
  const commaBelow = options.romanianCommaBelow ?? true;
  const items: PrintItem[] = [];
  let table = codePageTable('PC437');
  let align: PrintAlign = 'left';
  let style: PrintStyle = { bold: false, font: 'A', width: 1, height: 1 };
  let runs: PrintRun[] = [];
  const qr: { data: Buffer; cellSize: number; errorCorrection: QrLevel } = { data: Buffer.alloc(0), cellSize: 3, errorCorrection: 'L' };

  const set = (change: Partial<PrintStyle>): void => {
    style = { ...style, ...change };
  };
  const endLine = (): void => {
    items.push({ kind: 'line', align, runs });
    runs = [];
  };
  /** A QR code, barcode, feed or cut first prints the text waiting in the buffer. */
  const endPending = (): boolean => {
    if (runs.length === 0) return false;
    endLine();
    return true;
  };
  const addChar = (ch: string): void => {
    const last = runs[runs.length - 1];
    const same = last && (Object.keys(style) as (keyof PrintStyle)[]).every((k) => last.style[k] === style[k]);
    if (last && same) last.text += ch;
    else runs.push({ text: ch, style });
  };

  let i = 0;
  const at = (k: number): number => bytes[k] ?? 0;
  while (i < bytes.length) {
    const b = at(i);
    if (b === 0x1b) {
      const c = at(i + 1);
      const n = at(i + 2);
      switch (c) {
        case 0x40: // ESC @
          align = 'left';
          style = { bold: false, font: 'A', width: 1, height: 1 };
          i += 2;
          continue;
        case 0x21: // ESC ! n: font B, bold, double height, double width
          set({ font: n & 0x01 ? 'B' : 'A', bold: (n & 0x08) !== 0, height: n & 0x10 ? 2 : 1, width: n & 0x20 ? 2 : 1 });
          i += 3;
          continue;
        case 0x45: // ESC E n
          set({ bold: (n & 0x01) !== 0 });
          i += 3;
          continue;
        case 0x4d: // ESC M n
          set({ font: n & 0x01 ? 'B' : 'A' });
          i += 3;
          continue;
        case 0x61: // ESC a n
          align = ALIGN[n % 48] ?? 'left';
          i += 3;
          continue;
        case 0x74: // ESC t n
          table = codePageTable(ESC_T_CODE_PAGE[n] ?? 'latin1');
          i += 3;
          continue;
        case 0x64: {
          // ESC d n: print the buffer and feed n lines
          const printed = endPending();
          if (n - (printed ? 1 : 0) > 0) items.push({ kind: 'feed', lines: n - (printed ? 1 : 0) });
          i += 3;
          continue;
        }
        case 0x32: // ESC 2
          i += 2;
          continue;
        case 0x70: // ESC p m t1 t2
          i += 5;
          continue;
        default: // ESC -, ESC 3, ESC {, ESC R ... all take one parameter byte
          i += 3;
          continue;
      }
    }
    if (b === 0x1d) {
      const c = at(i + 1);
      const n = at(i + 2);
      if (c === 0x21) {
        // GS ! n: width in the high nibble, height in the low one
        set({ width: ((n >> 4) & 0x07) + 1, height: (n & 0x07) + 1 });
        i += 3;
      } else if (c === 0x56) {
        // GS V m [n]
        endPending();
        items.push({ kind: 'cut', partial: n === 1 || n === 49 || n === 66 });
        i += n === 65 || n === 66 ? 4 : 3;
      } else if (c === 0x28 && n === 0x6b) {
        // GS ( k pL pH cn fn ...: QR code (cn 49) settings, store and print
        const len = at(i + 3) + at(i + 4) * 256;
        const cn = at(i + 5);
        const fn = at(i + 6);
        const arg = at(i + 7);
        if (cn === 0x31) {
          if (fn === 0x43) qr.cellSize = arg;
          if (fn === 0x45) qr.errorCorrection = QR_LEVEL[arg - 48] ?? 'L';
          if (fn === 0x50) qr.data = Buffer.from(bytes.subarray(i + 8, i + 5 + len));
          if (fn === 0x51) {
            endPending();
            items.push({ kind: 'qr', align, ...qr });
          }
        }
        i += 5 + len;
      } else if (c === 0x6b) {
        // GS k m: barcode
        endPending();
        let data: Buffer;
        if (n <= 6) {
          let k = i + 3;
          while (k < bytes.length && bytes[k] !== 0) k++;
          data = bytes.subarray(i + 3, k);
          i = k + 1;
        } else {
          data = bytes.subarray(i + 4, i + 4 + at(i + 3));
          i += 4 + at(i + 3);
        }
        items.push({ kind: 'barcode', align, data: data.toString('latin1') });
      } else if (c === 0x76 && n === 0x30) {
        // GS v 0 m xL xH yL yH d1...dk: raster image, xL + xH*256 bytes a row
        const rowBytes = at(i + 4) + at(i + 5) * 256;
        const height = at(i + 6) + at(i + 7) * 256;
        items.push({ kind: 'image', align, width: rowBytes * 8, height, bits: Buffer.from(bytes.subarray(i + 8, i + 8 + rowBytes * height)) });
        i += 8 + rowBytes * height;
      } else {
        // GS B, GS h, GS w, GS H, GS f, GS r ... one parameter byte
        i += 3;
      }
      continue;
    }
    if (b === 0x10 && at(i + 1) === 0x04) {
      // DLE EOT n
      i += 3;
      continue;
    }
    if (b === 0x0a) {
      endLine();
      i++;
      continue;
    }
    if (b < 0x20) {
      i++;
      continue;
    }
    const ch = table[b] ?? '?';
    addChar(commaBelow ? (COMMA_BELOW[ch] ?? ch) : ch);
    i++;
  }
  endPending();
  return items;
}

