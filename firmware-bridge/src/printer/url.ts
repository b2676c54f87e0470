import { fileURLToPath } from 'node:url';
import { FilePrinter } from './file';
import { QUEUE_NAME, SystemPrinter, type SystemPrinterOptions } from './system';
import { TcpPrinter } from './tcp';
import { PrinterError, type TicketPrinter } from './types';
import { VirtualPrinter } from './virtual';

export interface PrinterFromUrlOptions extends SystemPrinterOptions {
  timeoutMs?: number;
}

const ACCEPTED = "tcp://host[:port], file:///dev/usb/lp0, /dev/usb/lp0, lp:<queue> (a CUPS print queue) or virtual:";

/**
 * 'tcp://host:9100', 'file:///dev/usb/lp0' or '/dev/usb/lp0', 'lp:<queue>' or 'lp://<queue>' (a print queue
 * of the operating system), 'virtual:' (any name after the colon).
 */
export function printerFromUrl(url: string, options: PrinterFromUrlOptions = {}): TicketPrinter {
  const u = url.trim();
  if (/^tcp:\/\//i.test(u)) return new TcpPrinter(u, options);
  if (u.startsWith('/dev/')) return new FilePrinter(u, options);
  if (/^file:/i.test(u)) {
    let path: string;
    try {
      path = fileURLToPath(u);
    } catch (err) {
      throw new PrinterError('PRINTER_URL_INVALID', `not a usable file: printer address: ${url}`, { cause: err });
    }
    return new FilePrinter(path, options);
  }
  const lp = /^lp:(?:\/\/)?(.*)$/i.exec(u);
  if (lp) {
    const queue = lp[1] ?? '';
    if (!QUEUE_NAME.test(queue)) {
      throw new PrinterError(
        'PRINTER_URL_INVALID',
        `bad print queue in '${url}': expected lp:<queue> or lp://<queue>, the queue named with letters, digits, '-', '_' and '.' (e.g. lp:tickets)`,
      );
    }
    return new SystemPrinter(queue, options);
  }
  if (/^virtual:/i.test(u)) return new VirtualPrinter();
  throw new PrinterError('PRINTER_URL_INVALID', `unknown printer address: '${url}' (expected ${ACCEPTED})`);
}
