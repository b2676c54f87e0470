import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { PNG } from 'pngjs';
import { countOf } from '@qms/shared';
import { toPrintable, type TicketCharacterSet } from './codepage';

export interface TicketPrint {
  officeName: string;
  code: string;
  serviceRo: string;
  serviceEn: string;
  /** Epoch milliseconds. */
  issuedAt: number;
  /** IANA zone of the office, e.g. 'Europe/Bucharest'. */
  timeZone: string;
  ahead: number;
  etaMinutes: number;
  url: string;
  footer: string;
  /** Lines printed under the logo in place of the office's name (e.g. the institution's full name); the name when empty. */
  header?: string;
  /** The office's logo as a PNG (black on white or transparent, at most 576 dots wide), printed at the top. */
  logo?: Buffer | null;
}

export interface RenderOptions {
  /** Characters per line in font A: 48 on 80 mm paper, 42 on some 80 mm heads and most 58/76 mm ones at font B. */
  width?: number;
  characterSet?: TicketCharacterSet;
  /** QR module size in dots, 1-8. */
  qrCellSize?: number;
}

/** dd.mm.yyyy HH:MM in the given zone. */
export function formatIssued(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')} ${get('hour')}:${get('minute')}`;
}

export function aheadLineRo(ahead: number, etaMinutes: number): string {
  const people = countOf('ro', ahead, { one: 'persoană', few: 'persoane', other: 'de persoane' });
  return `Înaintea dvs.: ${people} · Timp estimat: ${etaMinutes} min`;
}

export function aheadLineEn(ahead: number, etaMinutes: number): string {
  const people = countOf('en', ahead, { one: 'person', other: 'people' });
  return `Ahead of you: ${people} · Estimated wait: ${etaMinutes} min`;
}

/** The ESC/POS bytes of one queue ticket (Epson command set). */
export function renderTicket(ticket: TicketPrint, options: RenderOptions = {}): Buffer {
  const cp = options.characterSet ?? 'WPC1250_LATIN2';
  const width = options.width ?? 48;
  const p = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    // Rendering only: nothing is sent through this interface.
    interface: { isPrinterConnected: async () => true, execute: async () => '' } as unknown as string,
    width,
    characterSet: CharacterSet[cp],
  });
  const text = (s: string): string => toPrintable(s, cp);
  // The QR payload is stored byte-for-byte and its length counted in characters: keep it ASCII.
  const url = encodeURI(decodeURI(ticket.url));

  // ESC @ first so a printer left in an odd mode by a previous job starts clean; the library adds ESC t.
  p.setBuffer(Buffer.concat([Buffer.from([0x1b, 0x40]), p.getBuffer()]));

  p.alignCenter();
  if (ticket.logo) {
    // printImageBuffer is declared async but converts and appends at once; the PNG is read here first so a
    // broken file fails this call, not a promise nobody waits for.
    PNG.sync.read(ticket.logo);
    void p.printImageBuffer(ticket.logo);
  }
  p.bold(true);
  const header = (ticket.header ?? '').replace(/\r\n?/g, '\n').trim();
  p.println(text(header || ticket.officeName));
  p.bold(false);
  p.drawLine();

  // As large as the line allows, up to the 8x maximum of GS !.
  const scale = Math.max(1, Math.min(8, Math.floor(width / Math.max(1, ticket.code.length))));
  p.setTextSize(scale - 1, scale - 1);
  p.println(text(ticket.code));
  p.setTextNormal();
  p.newLine();

  p.setTextDoubleHeight();
  p.bold(true);
  p.println(text(ticket.serviceRo));
  p.bold(false);
  p.setTextNormal();
  p.setTypeFontB();
  p.println(text(ticket.serviceEn));
  p.setTypeFontA();
  p.newLine();

  p.println(formatIssued(ticket.issuedAt, ticket.timeZone));
  // Split at the separator rather than let the library wrap mid-phrase on a narrow head.
  const fit = (line: string): string => (line.length <= width ? line : line.replace(' · ', '\n'));
  p.println(text(fit(aheadLineRo(ticket.ahead, ticket.etaMinutes))));
  p.setTypeFontB();
  p.println(text(fit(aheadLineEn(ticket.ahead, ticket.etaMinutes))));
  p.setTypeFontA();
  p.newLine();

  p.printQR(url, { cellSize: options.qrCellSize ?? 6, correction: 'M', model: 2 });
  p.newLine();
  p.println(text(ticket.footer));
  p.cut();
  return Buffer.from(p.getBuffer());
}
