/**
 * The shell's settings, kept as JSON in <userData>/kiosk.json: loaded and checked field by field (a broken file
 * keeps what is still good, and its errors are shown on the settings page), changed from the settings page, saved.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hashPin, isPinHash, isValidPin } from './pin';

export type Mode = 'kiosk' | 'display';

export interface KioskConfig {
  /** The server's origin, e.g. http://192.168.1.10:3000. */
  serverUrl: string;
  /** 'kiosk' shows <serverUrl>/kiosk/, 'display' the hall display <serverUrl>/display/. */
  mode: Mode;
  /** Handed to the page once per start as #token=...; null: the page pairs itself. */
  deviceToken: string | null;
  /** The settings PIN, hashed (see pin.ts). */
  pinHash: string;
  /** Seconds a page may stay unresponsive before it is reloaded. */
  hangSeconds: number;
  /** Seconds between server checks on the offline screen. */
  retrySeconds: number;
}

/** One problem with one field, said in Romanian and in English. */
export interface FieldError {
  field: string;
  ro: string;
  en: string;
}

/** What the settings page sends. An empty newPin keeps the PIN there is. */
export interface SettingsInput {
  serverUrl: string;
  mode: Mode;
  newPin: string;
}

export interface Loaded {
  /** The whole configuration, or null when the file is missing or has errors. */
  config: KioskConfig | null;
  /** The fields that are valid (all of them when config is not null). */
  known: Partial<KioskConfig>;
  errors: FieldError[];
}

export const DEFAULTS = { mode: 'kiosk', deviceToken: null, hangSeconds: 30, retrySeconds: 5 } as const;

const MESSAGES = {
  file: ['Fișierul de configurare nu este JSON valid.', 'The configuration file is not valid JSON.'],
  read: ['Fișierul de configurare nu poate fi citit.', 'The configuration file cannot be read.'],
  serverUrl: [
    'Adresa serverului trebuie să fie de forma http(s)://gazdă[:port], de exemplu http://192.168.1.10:3000.',
    'The server address must look like http(s)://host[:port], for example http://192.168.1.10:3000.',
  ],
  mode: ['Modul trebuie să fie „kiosk” (chioșc) sau „display” (afișaj de sală).', 'The mode must be "kiosk" or "display" (hall display).'],
  deviceToken: [
    'Tokenul dispozitivului trebuie să aibă 8–1024 caractere, fără spații.',
    'The device token must be 8–1024 characters, without spaces.',
  ],
  pinHash: ['Codul PIN din fișierul de configurare lipsește sau nu este valid.', 'The PIN hash in the configuration file is missing or invalid.'],
  newPin: ['Codul PIN trebuie să aibă între 4 și 8 cifre.', 'The PIN must have 4 to 8 digits.'],
  hangSeconds: ['hangSeconds trebuie să fie un număr întreg între 5 și 600.', 'hangSeconds must be a whole number from 5 to 600.'],
  retrySeconds: ['retrySeconds trebuie să fie un număr întreg între 1 și 300.', 'retrySeconds must be a whole number from 1 to 300.'],
} as const;

function error(field: keyof typeof MESSAGES): FieldError {
  const [ro, en] = MESSAGES[field];
  return { field, ro, en };
}

/** The origin of an http(s)://host[:port] address (a trailing slash is allowed), or null for anything else. */
export function normalizeServerUrl(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const text = input.trim();
  if (!/^https?:\/\/[^/?#\s@]+\/?$/i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.hostname ? url.origin : null;
  } catch {
    return null;
  }
}

const isMode = (value: unknown): value is Mode => value === 'kiosk' || value === 'display';
const isToken = (value: unknown): value is string => typeof value === 'string' && /^[\x21-\x7e]{8,1024}$/.test(value);
const isWhole = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Checks a parsed configuration file field by field. */
export function parseConfig(raw: unknown): Loaded {
  const source = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const known: Partial<KioskConfig> = {};
  const errors: FieldError[] = [];
  const serverUrl = normalizeServerUrl(source.serverUrl);
  if (serverUrl) known.serverUrl = serverUrl;
  else errors.push(error('serverUrl'));
  if (source.mode === undefined || isMode(source.mode)) known.mode = source.mode ?? DEFAULTS.mode;
  else errors.push(error('mode'));
  if (source.deviceToken == null || source.deviceToken === '') known.deviceToken = null;
  else if (isToken(source.deviceToken)) known.deviceToken = source.deviceToken;
  else errors.push(error('deviceToken'));
  if (isPinHash(source.pinHash)) known.pinHash = source.pinHash;
  else errors.push(error('pinHash'));
  if (source.hangSeconds === undefined || isWhole(source.hangSeconds, 5, 600)) known.hangSeconds = source.hangSeconds ?? DEFAULTS.hangSeconds;
  else errors.push(error('hangSeconds'));
  if (source.retrySeconds === undefined || isWhole(source.retrySeconds, 1, 300)) known.retrySeconds = source.retrySeconds ?? DEFAULTS.retrySeconds;
  else errors.push(error('retrySeconds'));
  return { config: errors.length === 0 ? (known as KioskConfig) : null, known, errors };
}

/** Reads the configuration file. A missing file is a first start: no configuration and no errors. */
export function loadConfig(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { config: null, known: {}, errors: [] };
    return { config: null, known: {}, errors: [error('read')] };
  }
  try {
    return parseConfig(JSON.parse(text));
  } catch {
    return { config: null, known: {}, errors: [error('file')] };
  }
}

/** Writes the file whole (to a temporary file first, then renamed over), readable by its owner only. */
export function saveConfig(file: string, config: KioskConfig): void {
  mkdirSync(dirname(file), { recursive: true });
  const ordered: KioskConfig = {
    serverUrl: config.serverUrl,
    mode: config.mode,
    deviceToken: config.deviceToken,
    pinHash: config.pinHash,
    hangSeconds: config.hangSeconds,
    retrySeconds: config.retrySeconds,
  };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(ordered, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/**
 * The configuration after the settings page's changes, on top of what the file had. A new PIN is required when
 * there is none yet.
 */
export function applySettings(known: Partial<KioskConfig>, input: unknown): { config: KioskConfig } | { errors: FieldError[] } {
  const form = input !== null && typeof input === 'object' ? (input as Partial<Record<keyof SettingsInput, unknown>>) : {};
  const errors: FieldError[] = [];
  const serverUrl = normalizeServerUrl(form.serverUrl);
  if (!serverUrl) errors.push(error('serverUrl'));
  if (!isMode(form.mode)) errors.push(error('mode'));
  const newPin = form.newPin ?? '';
  const pinGiven = newPin !== '';
  if ((pinGiven || !known.pinHash) && !isValidPin(newPin)) errors.push(error('newPin'));
  if (errors.length > 0) return { errors };
  return {
    config: {
      ...DEFAULTS,
      ...known,
      serverUrl: serverUrl!,
      mode: form.mode as Mode,
      pinHash: pinGiven ? hashPin(newPin as string) : known.pinHash!,
    },
  };
}
