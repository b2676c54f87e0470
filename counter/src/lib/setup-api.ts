import type { CounterAdminDto, OfficeSettingsDto, ServiceAdminDto } from '@qms/shared/protocol/admin';
import type { SpecialDay, TimeRange, Weekday } from '@qms/shared/queue/types';
import { Api } from './api';
import type { Role } from './types';

/** What the setup pages (office, services, counters, staff) ask of the server. Reading: admins and managers; changing: admins. */

export { serviceIcons } from '@qms/shared/queue/icons';
export { officeLanguages } from '@qms/shared/queue/setup';
export { furtherLanguages } from '@qms/shared/queue/types';
export type { OfficeSettingsDto, SpecialDay, TimeRange, Weekday };

export type Ratio = OfficeSettingsDto['priorityRatio'];

export interface OfficeDto {
  settings: OfficeSettingsDto;
  officeDay: string;
}

/** A service as the setup page lists it, with today's figures. */
export type AdminService = ServiceAdminDto;

/** A service as it is set up: what the form edits. */
export type ServiceBody = Omit<AdminService, 'id' | 'active' | 'open' | 'issuedToday' | 'waiting'>;

/** What becomes of the tickets still waiting for a service being retired (nothing to say when none wait). */
export type RetireChoice = { waiting: 'transfer'; toServiceId: string } | { waiting: 'finish' } | Record<string, never>;

export type AdminCounter = CounterAdminDto;
export type CounterServiceRow = AdminCounter['services'][number];

/** A counter as it is set up: what the form edits. */
export type CounterBody = Omit<AdminCounter, 'id' | 'active' | 'state'>;

export interface UserDto {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  /** The counters the person may work at; null: any. */
  counters: string[] | null;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  counters: string[] | null;
}

export interface UserChange {
  role?: Role;
  password?: string;
  disabled?: boolean;
  counters?: string[] | null;
}

export interface AuditRow {
  id: number;
  at: string;
  username: string | null;
  action: string;
  target: string | null;
  device: string;
}


const enc = encodeURIComponent;

export class SetupApi {
  constructor(private readonly api: Api) {}

  office(): Promise<OfficeDto> {
    return this.api.request('GET', '/api/office');
  }

  saveOffice(settings: OfficeSettingsDto): Promise<OfficeDto> {
    return this.api.request('PUT', '/api/office', settings);
  }

  services(): Promise<AdminService[]> {
    return this.api.request('GET', '/api/admin/services');
  }

  createService(body: ServiceBody): Promise<AdminService> {
    return this.api.request('POST', '/api/admin/services', body);
  }

  saveService(id: string, body: ServiceBody): Promise<AdminService> {
    return this.api.request('PUT', `/api/admin/services/${enc(id)}`, body);
  }

  retireService(id: string, choice: RetireChoice = {}): Promise<{ service: AdminService; transferred: number }> {
    return this.api.request('DELETE', `/api/admin/services/${enc(id)}`, choice);
  }

  restoreService(id: string): Promise<AdminService> {
    return this.api.request('POST', `/api/admin/services/${enc(id)}/restore`);
  }

  counters(): Promise<AdminCounter[]> {
    return this.api.request('GET', '/api/admin/counters');
  }

  createCounter(body: CounterBody): Promise<AdminCounter> {
    return this.api.request('POST', '/api/admin/counters', body);
  }

  saveCounter(id: string, body: CounterBody): Promise<AdminCounter> {
    return this.api.request('PUT', `/api/admin/counters/${enc(id)}`, body);
  }

  retireCounter(id: string): Promise<AdminCounter> {
    return this.api.request('DELETE', `/api/admin/counters/${enc(id)}`);
  }

  users(): Promise<UserDto[]> {
    return this.api.request('GET', '/api/users');
  }

  createUser(user: NewUser): Promise<UserDto> {
    return this.api.request('POST', '/api/users', user);
  }

  updateUser(id: number, change: UserChange): Promise<UserDto> {
    return this.api.request('PATCH', `/api/users/${enc(String(id))}`, change);
  }

  /** Newest first; `before`: the smallest id already shown, for the next page. */
  audit(limit: number, before?: number): Promise<AuditRow[]> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (before !== undefined) q.set('before', String(before));
    return this.api.request('GET', `/api/audit?${q}`);
  }
}

/** The panel's one connection for the setup pages (same origin, the session cookie goes along). */
export const setupApi = new SetupApi(new Api());
