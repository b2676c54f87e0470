import { constants } from 'node:fs';
import { access, appendFile, stat } from 'node:fs/promises';
import { PrinterError, type PrinterStatus, type TicketPrinter } from './types';

export interface FilePrinterOptions {
  /** A USB printer that is off can block the write; default 3000 ms. */
  timeoutMs?: number;
}

/** A printer behind a device file such as /dev/usb/lp0 (the kernel's usblp driver). */
export class FilePrinter implements TicketPrinter {
  private readonly timeoutMs: number;

  constructor(
    readonly path: string,
    options: FilePrinterOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 3000;
  }

  async print(bytes: Buffer): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PrinterError('PRINTER_TIMEOUT', `printer ${this.path}: write did not finish within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([
        appendFile(this.path, bytes).catch((err: NodeJS.ErrnoException) => {
          throw new PrinterError('PRINTER_OFFLINE', `printer ${this.path}: ${err.code ?? err.message}`, { cause: err });
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** usblp reports no paper or cover state through the file; only whether the device can be written. */
  async status(): Promise<PrinterStatus> {
    const online = await access(this.path, constants.W_OK).then(
      async () => !(await stat(this.path)).isDirectory(),
      () => false,
    );
    return { online, paperOut: false, paperNearEnd: false, coverOpen: false };
  }
}
