import { PrinterError, printerFromUrl, renderTicket, type PrinterStatus, type TicketPrint, type TicketPrinter } from '@qms/firmware-bridge/printer';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Device } from '../devices/devices.repository';

export const VIRTUAL_PRINTER = 'virtual:';

export interface PrintFailure {
  code: string;
  message: string;
}

export interface PrintResult {
  ok: boolean;
  status: PrinterStatus | null;
  error: PrintFailure | null;
}

export interface PrinterHealth {
  /** The address really used: the device's own, QMS_PRINTER for the local kiosk, or the virtual printer. */
  address: string;
  status: PrinterStatus | null;
  error: PrintFailure | null;
  checkedAt: number | null;
}

/** A job of the built-in virtual printer, kept for the staff page. */
export interface PrintJob {
  id: number;
  at: number;
  deviceId: string;
  deviceName: string;
  ticketCode: string | null;
  bytes: Buffer;
}

const KEEP_JOBS = 200;

/** Why a printer that answers cannot print now, in the order a technician would look. */
function refusal(s: PrinterStatus): PrintFailure | null {
  if (s.coverOpen) return { code: 'PRINTER_COVER_OPEN', message: 'the printer cover is open' };
  if (s.paperOut) return { code: 'PRINTER_PAPER_OUT', message: 'the printer is out of paper' };
  if (!s.online) return { code: 'PRINTER_OFFLINE', message: 'the printer is offline' };
  return null;
}

const failureOf = (e: unknown): PrintFailure =>
  e instanceof PrinterError ? { code: e.code, message: e.message } : { code: 'PRINTER_WRITE_FAILED', message: e instanceof Error ? e.message : String(e) };

/**
 * Prints tickets for kiosks. Each kiosk prints to its own address; jobs to one printer go one at a time.
 * Before a job the printer's status is read (DLE EOT where the interface allows), so a ticket is not sent
 * into a printer without paper; the outcome is returned to the kiosk and kept as the device's printer health.
 */
export class PrintService {
  private readonly printers = new Map<string, TicketPrinter>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly healthByDevice = new Map<string, PrinterHealth>();
  private readonly lastByTicket = new Map<string, PrintResult>();
  private readonly virtualJobs: PrintJob[] = [];
  private nextJobId = 1;

  private logoCache: Buffer | null | undefined;

  constructor(
    private readonly opts: { localPrinter?: string; clock: () => number; timeoutMs?: number; logoFile?: string },
  ) {}

  /** The office's logo for the top of tickets (a PNG in DATA_DIR), or null. */
  logo(): Buffer | null {
    if (this.logoCache === undefined) {
      this.logoCache = this.opts.logoFile && existsSync(this.opts.logoFile) ? readFileSync(this.opts.logoFile) : null;
    }
    return this.logoCache;
  }

  /** Sets (or with null removes) the logo; the file is written whole before it replaces the old one. */
  setLogo(png: Buffer | null): void {
    if (!this.opts.logoFile) throw new Error('no place for a logo');
    if (png === null) rmSync(this.opts.logoFile, { force: true });
    else {
      writeFileSync(`${this.opts.logoFile}.part`, png);
      renameSync(`${this.opts.logoFile}.part`, this.opts.logoFile);
    }
    this.logoCache = png;
  }

  addressFor(device: Device): string {
    return device.settings.printer ?? (device.local ? this.opts.localPrinter : undefined) ?? VIRTUAL_PRINTER;
  }

  /** Prints a ticket; never throws: a failure is in the result (the ticket is in the queue either way). */
  async printTicket(device: Device, ticketId: string | null, data: TicketPrint): Promise<PrintResult> {
    let bytes: Buffer;
    try {
      bytes = renderTicket(data);
    } catch (e) {
      return this.remember(device, ticketId, { ok: false, status: null, error: failureOf(e) });
    }
    return this.remember(device, ticketId, await this.send(device, bytes, data.code));
  }

  /** The result of the last print of a ticket (a repeated request is answered with it instead of printing twice). */
  lastPrintOf(ticketId: string): PrintResult | null {
    return this.lastByTicket.get(ticketId) ?? null;
  }

  /** Reads the printer's status now. */
  async check(device: Device): Promise<PrinterHealth> {
    const address = this.addressFor(device);
    const result = await this.serial(address, async () => {
      try {
        const status = await this.printer(address).status();
        return { ok: refusal(status) === null, status, error: refusal(status) };
      } catch (e) {
        return { ok: false, status: null, error: failureOf(e) };
      }
    });
    return this.record(device, address, result);
  }

  health(device: Device): PrinterHealth {
    const address = this.addressFor(device);
    const h = this.healthByDevice.get(device.id);
    return h && h.address === address ? h : { address, status: null, error: null, checkedAt: null };
  }

  jobs(): PrintJob[] {
    return [...this.virtualJobs].reverse();
  }

  job(id: number): PrintJob | undefined {
    return this.virtualJobs.find((j) => j.id === id);
  }

  private async send(device: Device, bytes: Buffer, code: string | null): Promise<PrintResult> {
    const address = this.addressFor(device);
    if (address === VIRTUAL_PRINTER) {
      this.virtualJobs.push({ id: this.nextJobId++, at: this.opts.clock(), deviceId: device.id, deviceName: device.name, ticketCode: code, bytes });
      if (this.virtualJobs.length > KEEP_JOBS) this.virtualJobs.shift();
      const status = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false };
      return this.record(device, address, { ok: true, status, error: null });
    }
    const result = await this.serial(address, async (): Promise<PrintResult> => {
      let status: PrinterStatus | null = null;
      try {
        const printer = this.printer(address);
        status = await printer.status();
        const refused = refusal(status);
        if (refused) return { ok: false, status, error: refused };
        await printer.print(bytes);
        return { ok: true, status, error: null };
      } catch (e) {
        return { ok: false, status, error: failureOf(e) };
      }
    });
    return this.record(device, address, result);
  }

  private record(device: Device, address: string, r: PrintResult): PrinterHealth & PrintResult {
    const h = { address, status: r.status, error: r.error, checkedAt: this.opts.clock() };
    this.healthByDevice.set(device.id, h);
    return { ...r, ...h };
  }

  private remember(_device: Device, ticketId: string | null, r: PrintResult): PrintResult {
    const result = { ok: r.ok, status: r.status, error: r.error };
    if (ticketId) {
      this.lastByTicket.set(ticketId, result);
      if (this.lastByTicket.size > 2000) this.lastByTicket.delete(this.lastByTicket.keys().next().value!);
    }
    return result;
  }

  private printer(address: string): TicketPrinter {
    let p = this.printers.get(address);
    if (!p) {
      p = printerFromUrl(address, { timeoutMs: this.opts.timeoutMs ?? 2500 });
      this.printers.set(address, p);
    }
    return p;
  }

  /** One job at a time per printer: two kiosks sharing a printer never interleave their bytes. */
  private serial<T>(address: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(address) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(address, tail);
    void tail.then(() => {
      if (this.queues.get(address) === tail) this.queues.delete(address);
    });
    return next;
  }
}
