/**
 * USB HID keyboard usages (Usage Page 0x07) as sent in boot-keyboard reports: names for the keypad config and
 * characters for barcode scanners (US layout, which is what scanners in HID keyboard mode emulate).
 */

const names: Record<number, string> = {
  0x28: 'ENTER', 0x29: 'ESC', 0x2a: 'BACKSPACE', 0x2b: 'TAB', 0x2c: 'SPACE', 0x2d: 'MINUS', 0x2e: 'EQUAL',
  0x2f: 'LEFT_BRACKET', 0x30: 'RIGHT_BRACKET', 0x31: 'BACKSLASH', 0x33: 'SEMICOLON', 0x34: 'QUOTE', 0x35: 'GRAVE',
  0x36: 'COMMA', 0x37: 'DOT', 0x38: 'SLASH', 0x39: 'CAPS_LOCK', 0x46: 'PRINT_SCREEN', 0x47: 'SCROLL_LOCK',
  0x48: 'PAUSE', 0x49: 'INSERT', 0x4a: 'HOME', 0x4b: 'PAGE_UP', 0x4c: 'DELETE', 0x4d: 'END', 0x4e: 'PAGE_DOWN',
  0x4f: 'RIGHT', 0x50: 'LEFT', 0x51: 'DOWN', 0x52: 'UP', 0x53: 'NUM_LOCK', 0x54: 'KP_SLASH', 0x55: 'KP_ASTERISK',
  0x56: 'KP_MINUS', 0x57: 'KP_PLUS', 0x58: 'KP_ENTER', 0x62: 'KP_0', 0x63: 'KP_DOT', 0x67: 'KP_EQUAL',
};
for (let i = 0; i < 26; i++) names[0x04 + i] = String.fromCharCode(65 + i); // A..Z
for (let i = 1; i <= 9; i++) names[0x1d + i] = `DIGIT_${i}`; // top row 1..9
names[0x27] = 'DIGIT_0';
for (let i = 1; i <= 9; i++) names[0x58 + i] = `KP_${i}`;
for (let i = 1; i <= 12; i++) names[0x39 + i] = `F${i}`;
for (let i = 13; i <= 24; i++) names[0x68 + i - 13] = `F${i}`;

const aliases: Record<string, string> = {
  RETURN: 'ENTER', ESCAPE: 'ESC', PERIOD: 'DOT', DEL: 'DELETE', PGUP: 'PAGE_UP', PGDN: 'PAGE_DOWN',
  KP_DIVIDE: 'KP_SLASH', KP_MULTIPLY: 'KP_ASTERISK', KP_SUBTRACT: 'KP_MINUS', KP_ADD: 'KP_PLUS',
  KP_DECIMAL: 'KP_DOT', KP_PERIOD: 'KP_DOT',
};

const usages = new Map<string, number>(Object.entries(names).map(([usage, name]) => [name, Number(usage)]));

/** Every key name the keypad config accepts (aliases such as RETURN or KP_ADD are accepted too). */
export const hidKeyNames: readonly string[] = [...usages.keys()];

/** The config name of a usage: 'F1', 'KP_1', 'ENTER', ..., or the usage number when it has no name. */
export function keyName(usage: number): string {
  return names[usage] ?? String(usage);
}

/**
 * The canonical form of a key as written in a config: names are case-insensitive, '-' or a space may stand
 * for '_', and a number (decimal or 0x hex) is a usage id, e.g. '58', '0x3a' and 'f1' all become 'F1'.
 * Returns the name, and whether it is a known keyboard key.
 */
export function normalizeKey(key: string | number): { key: string; known: boolean } {
  const text = String(key).trim();
  if (/^(\d+|0x[0-9a-f]+)$/i.test(text)) {
    const usage = Number(text);
    return { key: keyName(usage), known: usage >= 4 && usage <= 0xff };
  }
  const upper = text.toUpperCase().replace(/[-\s]+/g, '_');
  const name = aliases[upper] ?? upper;
  return { key: name, known: usages.has(name) };
}

/** The usage id of a key name ('F1' -> 0x3a), or null for a name that is not a keyboard key. */
export function keyUsage(key: string): number | null {
  const { key: name } = normalizeKey(key);
  if (/^\d+$/.test(name)) return Number(name);
  return usages.get(name) ?? null;
}

export const USAGE_ENTER = 0x28;
export const USAGE_KP_ENTER = 0x58;

const plain: Record<number, string> = {
  0x2c: ' ', 0x2d: '-', 0x2e: '=', 0x2f: '[', 0x30: ']', 0x31: '\\', 0x33: ';', 0x34: "'", 0x35: '`', 0x36: ',',
  0x37: '.', 0x38: '/', 0x54: '/', 0x55: '*', 0x56: '-', 0x57: '+', 0x62: '0', 0x63: '.', 0x67: '=',
};
const shifted: Record<number, string> = {
  0x1e: '!', 0x1f: '@', 0x20: '#', 0x21: '$', 0x22: '%', 0x23: '^', 0x24: '&', 0x25: '*', 0x26: '(', 0x27: ')',
  0x2d: '_', 0x2e: '+', 0x2f: '{', 0x30: '}', 0x31: '|', 0x33: ':', 0x34: '"', 0x35: '~', 0x36: '<', 0x37: '>',
  0x38: '?',
};

/**
 * The character a US-layout keyboard types for a usage, with or without Shift; null for keys that type nothing
 * (Enter, F-keys, arrows, ...). Keypad keys type the same with or without Shift.
 */
export function decodeUsage(usage: number, shift: boolean): string | null {
  if (usage >= 0x04 && usage <= 0x1d) {
    const letter = String.fromCharCode(97 + usage - 0x04);
    return shift ? letter.toUpperCase() : letter;
  }
  if (usage >= 0x1e && usage <= 0x27) return shift ? shifted[usage]! : String((usage - 0x1d) % 10);
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x58);
  if (usage >= 0x54) return plain[usage] ?? null;
  return (shift ? shifted[usage] : undefined) ?? plain[usage] ?? null;
}

/** Left or right Shift in the modifier byte. */
export const SHIFT_BITS = 0x02 | 0x20;

export interface KeyboardReport {
  modifiers: number;
  /** Usages of the keys down, in report order, without empty slots. */
  keys: number[];
  /** The keyboard reports too many keys down at once (usage 0x01 in every slot): the key state is unknown. */
  rollover: boolean;
}

/**
 * Parses a boot-keyboard input report: [modifiers, reserved, key1..key6]. A 9-byte report is taken to start
 * with a report id, which is skipped. Anything else is not a keyboard report (null).
 */
export function parseKeyboardReport(report: Uint8Array): KeyboardReport | null {
  const bytes = report.length === 9 ? report.subarray(1) : report;
  if (bytes.length !== 8) return null;
  const slots = [...bytes.subarray(2)];
  return {
    modifiers: bytes[0]!,
    keys: slots.filter((usage) => usage >= 0x04),
    rollover: slots.some((usage) => usage >= 0x01 && usage <= 0x03),
  };
}
