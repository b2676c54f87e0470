/** What the preload hands to the shell's own pages (settings, offline) as window.kioskShell, and its IPC channels. */
import type { FieldError, Mode, SettingsInput } from './config';

export const CHANNELS = {
  tap: 'shell:tap',
  info: 'shell:info',
  checkServer: 'shell:check-server',
  unlock: 'shell:unlock',
  save: 'shell:save',
  forgetPairing: 'shell:forget-pairing',
  close: 'shell:close',
  quit: 'shell:quit',
} as const;

export interface ShellInfo {
  serverUrl: string | null;
  mode: Mode;
  /** A complete, valid configuration exists (so the settings page can be left without saving). */
  configured: boolean;
  /** A PIN is set. */
  pinSet: boolean;
  /** The PIN must be entered before the settings can be seen. */
  locked: boolean;
  hasDeviceToken: boolean;
  retrySeconds: number;
  /** Problems found in the configuration file. */
  errors: FieldError[];
  version: string;
}

/** retryAfterSeconds > 0: too many wrong PINs, none is checked until then. */
export type UnlockResult = { ok: true } | { ok: false; retryAfterSeconds: number };
export type SaveResult = { ok: true } | { ok: false; errors: FieldError[] };

export interface KioskShellApi {
  info(): Promise<ShellInfo>;
  /** Asks the server's health; when it answers, the shell goes to the server's page. */
  checkServer(): Promise<boolean>;
  unlock(pin: string): Promise<UnlockResult>;
  save(input: SettingsInput): Promise<SaveResult>;
  /** Clears the page's storage for the server (its device token) and the preset device token. */
  forgetPairing(): Promise<boolean>;
  /** Leaves the settings page for the server's page. */
  close(): Promise<void>;
  quit(): Promise<void>;
}
