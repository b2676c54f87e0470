import type { Api } from './api';
import type { Me } from './types';

/** What the staff pages (devices, printed tickets) ask of the server; admin and manager accounts only. */

export type DeviceKind = 'kiosk' | 'display' | 'bridge';

export interface PrinterStatus {
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
}

export interface PrinterProblem {
  code: string;
  message: string;
}

/** A kiosk's printer as the server last checked it; `address` is the one really used ('virtual:' by default). */
export interface PrinterHealth {
  address: string;
  status: PrinterStatus | null;
  error: PrinterProblem | null;
  checkedAt: string | null;
}

export interface DeviceSettings {
  /** null: the server's built-in virtual printer. */
  printer: string | null;
  ticketsPerMinute: number;
}

export interface Device {
  id: string;
  kind: DeviceKind;
  name: string;
  /** The demo kiosk of the server's own machine. */
  local: boolean;
  settings: DeviceSettings;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  printer: PrinterHealth | null;
}

export interface DeviceChange {
  name?: string;
  settings?: Partial<DeviceSettings>;
}

export interface PrintResult {
  ok: boolean;
  status: PrinterStatus | null;
  error: PrinterProblem | null;
}

/** One job of the built-in virtual printer. */
export interface PrintJob {
  id: number;
  at: string;
  deviceId: string | null;
  deviceName: string | null;
  ticketCode: string | null;
  /** The job as printed, in plain text. */
  text: string;
}

export const isStaff = (me: Me | null): boolean => me?.role === 'admin' || me?.role === 'manager';

const devicePath = (id: string, action = '') => `/api/devices/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export class StaffApi {
  constructor(private readonly api: Api) {}

  devices(): Promise<Device[]> {
    return this.api.request('GET', '/api/devices');
  }

  /** Pairs the device that shows this code on its screen. */
  pair(code: string, name: string): Promise<Device> {
    return this.api.request('POST', '/api/devices', { code, name });
  }

  update(id: string, change: DeviceChange): Promise<Device> {
    return this.api.request('PATCH', devicePath(id), change);
  }

  revoke(id: string): Promise<Device> {
    return this.api.request('POST', devicePath(id, 'revoke'));
  }

  testPrint(id: string): Promise<{ print: PrintResult }> {
    return this.api.request('POST', devicePath(id, 'test-print'));
  }

  prints(): Promise<PrintJob[]> {
    return this.api.request('GET', '/api/prints');
  }
}

export const pictureUrl = (job: PrintJob): string => `/api/prints/${encodeURIComponent(String(job.id))}/picture.svg`;

/** The six digits a device shows, however they were typed ("482 913", "482-913"). */
export const pairingDigits = (typed: string): string => typed.replace(/\D/g, '');
