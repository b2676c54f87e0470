export interface PrinterStatus {
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
}

export interface TicketPrinter {
  print(bytes: Buffer): Promise<void>;
  status(): Promise<PrinterStatus>;
}

export type PrinterErrorCode =
  | 'PRINTER_OFFLINE'
  | 'PRINTER_TIMEOUT'
  | 'PRINTER_URL_INVALID'
  | 'PRINTER_WRITE_FAILED';

export class PrinterError extends Error {
  readonly code: PrinterErrorCode;

  constructor(code: PrinterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrinterError';
    this.code = code;
  }
}
