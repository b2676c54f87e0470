import net from 'node:net';
import { PrinterError, type PrinterStatus, type TicketPrinter } from './types';

const DLE_EOT = (n: number): Buffer => Buffer.from([0x10, 0x04, n]);

export interface TcpPrinterOptions {
  /** Limit for connecting, and for each write/reply; default 3000 ms. */
  timeoutMs?: number;
  /**
   * After the job, ask DLE EOT 1 and wait for the reply: the printer answers only once it has read the
   * bytes before it, so a printer that accepts the connection but is stuck is reported, not assumed fine.
   */
  confirm?: boolean;
}

/** Parses the replies to DLE EOT 1, 2 and 4 (Epson "transmit real-time status"). */
export function parseStatusBytes(printer: number, offlineCause: number, paper: number): PrinterStatus {
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    paperOut: (paper & 0x60) !== 0 || (offlineCause & 0x20) !== 0,
  };
}

/** A raw-socket printer (port 9100, "JetDirect"). */
export class TcpPrinter implements TicketPrinter {
  readonly host: string;
  readonly port: number;
  private readonly timeoutMs: number;
  private readonly confirm: boolean;

  constructor(url: string, options: TcpPrinterOptions = {}) {
    const m = /^tcp:\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?\/?$/i.exec(url);
    if (!m || !m[1]) throw new PrinterError('PRINTER_URL_INVALID', `not a tcp://host:port printer address: ${url}`);
    this.host = m[1].replace(/^\[|\]$/g, '');
    this.port = m[2] ? Number(m[2]) : 9100;
    if (this.port < 1 || this.port > 65535) throw new PrinterError('PRINTER_URL_INVALID', `bad port in ${url}`);
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.confirm = options.confirm ?? true;
  }

  async print(bytes: Buffer): Promise<void> {
    await this.session(async (s) => {
      await s.write(bytes);
      if (this.confirm) await s.request(DLE_EOT(1));
    });
  }

  async status(): Promise<PrinterStatus> {
    return this.session(async (s) => {
      const printer = await s.request(DLE_EOT(1));
      const cause = await s.request(DLE_EOT(2));
      const paper = await s.request(DLE_EOT(4));
      return parseStatusBytes(printer, cause, paper);
    });
  }

  private async session<T>(work: (s: Session) => Promise<T>): Promise<T> {
    const s = await Session.open(this.host, this.port, this.timeoutMs);
    try {
      return await work(s);
    } finally {
      s.close();
    }
  }
}

class Session {
  private readonly received: number[] = [];
  private waiter: (() => void) | null = null;
  private failure: PrinterError | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(...chunk);
      this.wake();
    });
    socket.on('error', (err) => {
      this.failure ??= new PrinterError('PRINTER_OFFLINE', `printer ${where}: ${err.message}`, { cause: err });
      this.wake();
    });
    socket.on('close', () => {
      this.failure ??= new PrinterError('PRINTER_OFFLINE', `printer ${where} closed the connection`);
      this.wake();
    });
  }

  static open(host: string, port: number, timeoutMs: number): Promise<Session> {
    const where = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new PrinterError('PRINTER_TIMEOUT', `printer ${where} did not accept a connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new Session(socket, where, timeoutMs));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new PrinterError('PRINTER_OFFLINE', `printer ${where} is unreachable: ${err.message}`, { cause: err }));
      });
    });
  }

  write(bytes: Buffer): Promise<void> {
    return this.withTimeout('write', (done, fail) => {
      if (this.failure) return fail(this.failure);
      this.socket.write(bytes, (err) => (err ? fail(new PrinterError('PRINTER_OFFLINE', `printer ${this.where}: ${err.message}`, { cause: err })) : done()));
    });
  }

  /** Sends a real-time request and resolves with the one-byte reply. */
  async request(bytes: Buffer): Promise<number> {
    this.received.length = 0;
    await this.write(bytes);
    return this.withTimeout('reply', (done, fail) => {
      const check = (): void => {
        const b = this.received.shift();
        if (b !== undefined) return done(b);
        if (this.failure) return fail(this.failure);
        this.waiter = check;
      };
      check();
    });
  }

  close(): void {
    this.waiter = null;
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private withTimeout<T = void>(what: string, start: (done: (v: T) => void, fail: (e: PrinterError) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        this.waiter = null;
        reject(new PrinterError('PRINTER_TIMEOUT', `printer ${this.where}: no ${what} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      start(
        (v) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(v);
        },
        (e) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }
}
