/**
 * Bytes for the serial LED boards, computed without a port.
 *
 * Modbus RTU, function 06 "write single register" (the board shows the value written):
 *
 *   unit | 0x06 | register hi | register lo | value hi | value lo | CRC lo | CRC hi
 *
 *   CRC-16/MODBUS (polynomial 0xA001 reflected, start 0xFFFF) over the first six bytes, low byte first.
 *   Example: unit 1, register 1, value 3 -> 01 06 00 01 00 03 98 0B.
 *   The board answers with an exact copy of the request, or with unit | 0x86 | exception code | CRC on a refusal.
 *
 * ASCII text boards:
 *
 *   STX (0x02) | address as two ASCII digits | text | ETX (0x03) | checksum as two ASCII hex digits
 *
 *   The text is exactly `width` printable ASCII characters: padded on the right with spaces, cut on the right when
 *   longer, and any other character sent as '?'. The checksum is the XOR of every byte between STX and ETX (the
 *   address digits and the text; STX and ETX themselves are left out), written as two upper-case hex digits.
 *   Example: address 1, 'A023', width 4 -> 02 '0' '1' 'A' '0' '2' '3' 03 '7' '1'.
 */
import type { DisplayState } from './types';

export const STX = 0x02;
export const ETX = 0x03;

/**
 * The value a Modbus board is sent when it must show nothing (no ticket, counter paused or closed): 0xFFFF.
 * It is no ticket number, and a board with 4 digits (0..9999) cannot show it, so boards blank on it.
 * For a board whose manual names another blank value, set `blankValue` on the display.
 */
export const MODBUS_BLANK = 0xffff;

/** CRC-16/MODBUS: reflected polynomial 0xA001, initial value 0xFFFF. */
export function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function checkRange(what: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} must be a whole number from 0 to ${max}, not ${value}`);
}

/** A Modbus RTU "write single register" (function 06) request. */
export function modbusWriteRegister(unit: number, register: number, value: number): Buffer {
  checkRange('Modbus unit id', unit, 247);
  checkRange('Modbus register', register, 0xffff);
  checkRange('Modbus register value', value, 0xffff);
  const frame = Buffer.alloc(8);
  frame[0] = unit;
  frame[1] = 0x06;
  frame.writeUInt16BE(register, 2);
  frame.writeUInt16BE(value, 4);
  frame.writeUInt16LE(crc16Modbus(frame.subarray(0, 6)), 6);
  return frame;
}

/** True when the last two bytes are the CRC of the ones before, low byte first. */
export function modbusCrcOk(frame: Uint8Array): boolean {
  if (frame.length < 4) return false;
  const body = frame.subarray(0, frame.length - 2);
  const crc = crc16Modbus(body);
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}

/** The text board frame described at the top of this file. */
export function asciiFrame(address: number, text: string, width: number): Buffer {
  checkRange('display address', address, 99);
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`display width must be at least 1, not ${width}`);
  const shown = [...text]
    .slice(0, width)
    .map((c) => (c >= ' ' && c <= '~' ? c : '?'))
    .join('')
    .padEnd(width, ' ');
  const body = Buffer.from(String(address).padStart(2, '0') + shown, 'ascii');
  const sum = body.reduce((x, b) => x ^ b, 0);
  return Buffer.concat([Buffer.from([STX]), body, Buffer.from([ETX]), Buffer.from(sum.toString(16).toUpperCase().padStart(2, '0'), 'ascii')]);
}

/** The ticket number in a code: its last run of digits ('A023' -> 23); null when it has none. */
export function ticketNumber(code: string): number | null {
  const digits = /(\d+)\D*$/.exec(code)?.[1];
  return digits === undefined ? null : Number(digits);
}

/** The register value a Modbus board is sent for a state: the ticket number, or `blank`. */
export function modbusValue(state: DisplayState, blank: number = MODBUS_BLANK): number {
  if (state.counterState !== 'open' || state.code === null) return blank;
  const n = ticketNumber(state.code);
  if (n === null) return blank;
  // A number too large for the register keeps its last four digits, as a 4-digit board would show it.
  return n <= 0xffff && n !== blank ? n : n % 10000;
}

/** The text an ASCII board is sent for a state: the code, '--' when paused or closed, spaces when no ticket. */
export function asciiText(state: DisplayState): string {
  if (state.counterState !== 'open') return '--';
  return state.code ?? '';
}
