import { fileURLToPath } from 'node:url';
import { FilePrinter } from './file';
import { TcpPrinter } from './tcp';
import { PrinterError, type TicketPrinter } from './types';
import { VirtualPrinter } from './virtual';

export interface PrinterFromUrlOptions {
  timeoutMs?: number;
}

/** 'tcp://host:9100', 'file:///dev/usb/lp0' or '/dev/usb/lp0', 'virtual:' (any name after the colon). */
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
  if (/^virtual:/i.test(u)) return new VirtualPrinter();
  throw new PrinterError('PRINTER_URL_INVALID', `unknown printer address: '${url}' (expected tcp://host:port, file:, /dev/... or virtual:)`);
}
