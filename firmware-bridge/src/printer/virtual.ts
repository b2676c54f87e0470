import { codePageTable, ESC_T_CODE_PAGE } from './codepage';
import type { PrinterStatus, TicketPrinter } from './types';

export interface VirtualJob {
  bytes: Buffer;
  /** Epoch milliseconds when the job was printed. */
  at: number;
}

export interface TextOptions {
  /** Characters per line in font A; default 48. */
  width?: number;
  /** Show ş ţ as the correct Romanian ș ț (the paper needs cedillas, a screen does not). Default true. */
  romanianCommaBelow?: boolean;
}

/** What a demo office prints to when no printer is configured: jobs stay in memory and can be shown as text. */
export class VirtualPrinter implements TicketPrinter {
  readonly jobs: VirtualJob[] = [];

  constructor(private readonly limit = 200) {}

  async print(bytes: Buffer): Promise<void> {
    this.jobs.push({ bytes: Buffer.from(bytes), at: Date.now() });
    if (this.jobs.length > this.limit) this.jobs.splice(0, this.jobs.length - this.limit);
  }

  async status(): Promise<PrinterStatus> {
    return { online: true, paperOut: false, paperNearEnd: false, coverOpen: false };
  }

  /** The text of a job; the last one by default. */
  text(index = this.jobs.length - 1, options: TextOptions = {}): string {
    const job = this.jobs[index];
    return job ? escposToText(job.bytes, options) : '';
  }
}

/**
 * A plain-text view of ESC/POS bytes: lines aligned as printed, enlarged text letter-spaced by its width
 * factor, '[QR: data]' for a QR code and '[CUT]' for a cut. Commands it does not know are skipped.
 */
export function escposToText(bytes: Buffer, options: TextOptions = {}): string {
  const width = options.width ?? 48;
  const commaBelow = options.romanianCommaBelow ?? true;
  const out: string[] = [];
  let table = codePageTable('PC437');
  let align = 0;
  let scaleW = 1;
  let line = '';
  let lineCols = 0;
  let qrData = '';

  const flush = (): void => {
    // Font B lines are centred on the font A width too: the text view has one column size.
    const pad = Math.max(0, width - lineCols);
    const lead = align === 1 ? Math.floor(pad / 2) : align === 2 ? pad : 0;
    out.push((' '.repeat(lead) + line).trimEnd());
    line = '';
    lineCols = 0;
  };
  const emitBlock = (s: string): void => {
    if (line !== '') flush();
    out.push(s);
  };
  const reset = (): void => {
    align = 0;
    scaleW = 1;
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
          reset();
          i += 2;
          continue;
        case 0x21: // ESC ! n
          scaleW = n & 0x20 ? 2 : 1;
          i += 3;
          continue;
        case 0x61: // ESC a n
          align = n % 48;
          i += 3;
          continue;
        case 0x74: {
          // ESC t n
          const cp = ESC_T_CODE_PAGE[n];
          table = codePageTable(cp ?? 'latin1');
          i += 3;
          continue;
        }
        case 0x4d: // ESC M n
          i += 3;
          continue;
        case 0x64: // ESC d n: feed lines
          if (line !== '') flush();
          i += 3;
          continue;
        case 0x32: // ESC 2
          i += 2;
          continue;
        case 0x70: // ESC p m t1 t2
          i += 5;
          continue;
        default: // ESC E, ESC -, ESC 3, ESC {, ESC R ... all take one parameter byte
          i += 3;
          continue;
      }
    }
    if (b === 0x1d) {
      const c = at(i + 1);
      const n = at(i + 2);
      if (c === 0x21) {
        // GS ! n
        scaleW = ((n >> 4) & 0x07) + 1;
        i += 3;
      } else if (c === 0x56) {
        // GS V m [n]
        emitBlock('[CUT]');
        i += n === 65 || n === 66 ? 4 : 3;
      } else if (c === 0x28 && n === 0x6b) {
        // GS ( k pL pH cn fn data
        const len = at(i + 3) + at(i + 4) * 256;
        const fn = at(i + 6);
        const body = bytes.subarray(i + 5, i + 5 + len);
        if (fn === 0x50) qrData = body.subarray(3).toString('latin1');
        if (fn === 0x51) emitBlock(`${' '.repeat(align === 1 ? Math.max(0, Math.floor((width - qrData.length - 6) / 2)) : 0)}[QR: ${qrData}]`);
        i += 5 + len;
      } else if (c === 0x6b) {
        // GS k m: barcode, skipped
        const m = n;
        if (m <= 6) {
          let k = i + 3;
          while (k < bytes.length && bytes[k] !== 0) k++;
          i = k + 1;
        } else i += 4 + at(i + 3);
        emitBlock('[BARCODE]');
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
      flush();
      i++;
      continue;
    }
    if (b < 0x20) {
      i++;
      continue;
    }
    let ch = table[b] ?? '?';
    if (commaBelow) ch = ch === 'ş' ? 'ș' : ch === 'ţ' ? 'ț' : ch === 'Ş' ? 'Ș' : ch === 'Ţ' ? 'Ț' : ch;
    line += scaleW > 1 ? ch + ' '.repeat(scaleW - 1) : ch;
    lineCols += scaleW;
    i++;
  }
  if (line !== '') flush();
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
