import { parseEscPos, type DecodeOptions, type PrintAlign } from './escpos';
import type { PrinterStatus, TicketPrinter } from './types';

export interface VirtualJob {
  bytes: Buffer;
  /** Epoch milliseconds when the job was printed. */
  at: number;
}

export interface TextOptions extends DecodeOptions {
  /** Characters per line in font A; default 48. */
  width?: number;
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
 * factor, '[QR: data]' for a QR code and '[CUT]' for a cut.
 */
export function escposToText(bytes: Buffer, options: TextOptions = {}): string {
  const width = options.width ?? 48;
  const lead = (align: PrintAlign, cols: number): string => {
    const pad = Math.max(0, width - cols);
    return ' '.repeat(align === 'center' ? Math.floor(pad / 2) : align === 'right' ? pad : 0);
  };
  const out: string[] = [];
  for (const item of parseEscPos(bytes, options)) {
    if (item.kind === 'line') {
      // Font B lines are centred on the font A width too: the text view has one column size.
      let text = '';
      for (const run of item.runs) for (const ch of run.text) text += ch + ' '.repeat(run.style.width - 1);
      const cols = item.runs.reduce((sum, run) => sum + Array.from(run.text).length * run.style.width, 0);
      out.push((lead(item.align, cols) + text).trimEnd());
    } else if (item.kind === 'qr') {
      const data = item.data.toString('latin1');
      out.push(`${item.align === 'center' ? lead('center', data.length + 6) : ''}[QR: ${data}]`);
    } else if (item.kind === 'barcode') {
      out.push('[BARCODE]');
    } else if (item.kind === 'image') {
      out.push(`${lead(item.align, 7)}[IMAGE ${item.width}x${item.height}]`);
    } else if (item.kind === 'cut') {
      out.push('[CUT]');
    }
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
