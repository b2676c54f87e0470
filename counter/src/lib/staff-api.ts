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
  /** Bridge: the counters it works for (keypads, LED displays); null for all. */
  counters?: string[] | null;
}

/** One piece of hardware plugged into a device (an LED display, a keypad, the MQTT broker), as the device reports it. */
export interface ComponentHealth {
  name: string;
  /** 'server-link', 'serial', 'led-modbus', 'led-ascii', 'keypad', 'scanner', 'mqtt', … */
  kind: string;
  connected: boolean;
  /** Epoch milliseconds. */
  lastSeenAt: number | null;
  error: string | null;
}

export interface DeviceHealth {
  /** When the device last reported. */
  at: string;
  components: ComponentHealth[];
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
  /** null until the device reports what is plugged into it. */
  health: DeviceHealth | null;
}

/** A counter as the device settings name it. */
export interface CounterChoice {
  id: string;
  number: number;
  name: string;
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
  private countersAsked: Promise<CounterChoice[]> | null = null;

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

  /** The office’s counters, asked once while the panel is open (they change with the office’s setup, not by the minute). */
  counters(): Promise<CounterChoice[]> {
    this.countersAsked ??= this.api.counters().then(
      (list) => list.map(({ id, number, name }) => ({ id, number, name })).sort((a, b) => a.number - b.number),
      (e: unknown) => {
        this.countersAsked = null;
        throw e;
      },
    );
    return this.countersAsked;
  }

  prints(): Promise<PrintJob[]> {
    return this.api.request('GET', '/api/prints');
  }
}

export const pictureUrl = (job: PrintJob): string => `/api/prints/${encodeURIComponent(String(job.id))}/picture.svg`;

/** The six digits a device shows, however they were typed ("482 913", "482-913"). */
export const pairingDigits = (typed: string): string => typed.replace(/\D/g, '');
