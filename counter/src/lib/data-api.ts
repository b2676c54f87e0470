import type { MediaSchedule, TimeRange } from '@qms/shared';
import type { OfficeSettingsDto } from '@qms/shared/protocol/admin';
import { Api, ApiError, NETWORK_ERROR } from './api';
import { setupApi } from './setup-api';

/**
 * What the setup pages for the hall displays, the printed ticket and the office's data ask of the server:
 * display profiles, the playlist and the ticker, the ticket's texts, logo and preview, backups, restore,
 * the retention of personal data and the export of the event log.
 */

export type { MediaSchedule, TimeRange };

export type DisplayLayout = 'auto' | 'landscape' | 'portrait';
export type AnnounceLanguage = 'ro' | 'en';

export interface AnnounceSettings {
  languages: AnnounceLanguage[];
  /** 0 to 1. */
  volume: number;
  /** How many times each call is said, 1 to 3. */
  repeat: number;
  chime: boolean;
  /** Office-time ranges with no sound (the call still shows). */
  quietHours: TimeRange[];
}

/** What a hall display shows and says. */
export interface DisplayProfile {
  /** The counters it shows; null for all. */
  counters: string[] | null;
  layout: DisplayLayout;
  announce: AnnounceSettings;
}

export interface DisplayDevice {
  id: string;
  kind: 'display';
  name: string;
  local: boolean;
  settings: DisplayProfile;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export interface Kiosk {
  id: string;
  name: string;
  local: boolean;
}

interface DeviceRow {
  id: string;
  kind: string;
  name: string;
  local: boolean;
  revokedAt: string | null;
}

export type MediaKind = 'image' | 'video' | 'text';

/** One item of the displays' playlist. */
export interface MediaItem {
  id: string;
  kind: MediaKind;
  title: string;
  /** The file at /media/…; null for a text slide. */
  url: string | null;
  text: string | null;
  mime: string | null;
  bytes: number | null;
  durationSeconds: number;
  position: number;
  active: boolean;
  schedule: MediaSchedule;
  shownCount: number;
  createdAt: string;
}

export interface MediaChange {
  title?: string;
  text?: string;
  durationSeconds?: number;
  position?: number;
  active?: boolean;
  schedule?: Partial<MediaSchedule>;
}

/** The office's settings as GET /api/office gives them; sent back whole with the ticket's texts changed. */
export type OfficeSettings = OfficeSettingsDto;

export interface PrintResult {
  ok: boolean;
  status: { online: boolean; paperOut: boolean; paperNearEnd: boolean; coverOpen: boolean } | null;
  error: { code: string; message: string } | null;
}

export interface Backup {
  name: string;
  bytes: number;
  createdAt: string;
}

export interface Restored {
  /** The file's name as it was sent. */
  restoredFrom: string | null;
  officeDay: string;
  tickets: number;
}

export type ExportFormat = 'csv' | 'ndjson';

/** How far an upload has gone, 0 to 1. */
export type Progress = (done: number) => void;

const media = (id: string) => `/api/media/${encodeURIComponent(id)}`;

/** A refusal in the server's usual body, or the status when the body is not one. */
function refusal(status: number, text: string, statusText: string): ApiError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  return new ApiError(
    status,
    typeof body.code === 'string' ? body.code : `HTTP_${status}`,
    typeof body.message === 'string' ? body.message : text.slice(0, 200) || statusText,
    body,
  );
}

/**
 * A file sent as it is, as the body, with the session cookie; fetch cannot tell how much of a large
 * upload has gone, XMLHttpRequest can.
 */
function send<T>(method: string, path: string, file: Blob, contentType: string, progress?: Progress): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    if (progress) xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : null) as T);
        } catch {
          resolve(null as T);
        }
      } else reject(refusal(xhr.status, xhr.responseText, xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR, 'No answer from the server'));
    xhr.send(file);
  });
}

/** A file's name without its extension, as a playlist title (1 to 120 characters). */
export function titleOf(fileName: string): string {
  const bare = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim();
  return (bare || fileName || 'fișier').slice(0, 120);
}

/** Image or video, as the browser tells by the file's type; the server looks at the content itself. */
export const mediaKindOf = (file: File): 'image' | 'video' => (file.type.startsWith('video/') ? 'video' : 'image');

export class DataApi {
  constructor(private readonly api: Api = new Api()) {}

  /** The paired hall displays, revoked ones left out. */
  async displays(): Promise<DisplayDevice[]> {
    const all = await this.api.request<(DeviceRow & { settings: DisplayProfile; createdAt: string; lastSeenAt: string | null })[]>('GET', '/api/devices');
    return all.filter((d): d is DisplayDevice => d.kind === 'display' && d.revokedAt === null);
  }

  /** The kiosks, for a test print on one's printer. */
  async kiosks(): Promise<Kiosk[]> {
    const all = await this.api.request<DeviceRow[]>('GET', '/api/devices');
    return all.filter((d) => d.kind === 'kiosk' && d.revokedAt === null).map(({ id, name, local }) => ({ id, name, local }));
  }

  saveProfile(id: string, settings: DisplayProfile): Promise<DisplayDevice> {
    return this.api.request('PATCH', `/api/devices/${encodeURIComponent(id)}`, { settings });
  }

  playlist(): Promise<MediaItem[]> {
    return this.api.request('GET', '/api/media');
  }

  /** An image or a video for the playlist; the server refuses a file that is neither, or too large. */
  upload(file: File, durationSeconds: number, progress?: Progress): Promise<MediaItem> {
    const query = new URLSearchParams({ kind: mediaKindOf(file), title: titleOf(file.name), durationSeconds: String(durationSeconds) });
    // Only image/* and video/* are taken as they are; anything else goes as plain bytes, for the server to judge.
    const type = /^(image|video)\//.test(file.type) ? file.type : 'application/octet-stream';
    return send('POST', `/api/media?${query}`, file, type, progress);
  }

  addText(title: string, text: string, durationSeconds: number): Promise<MediaItem> {
    return this.api.request('POST', '/api/media/text', { title, text, durationSeconds });
  }

  updateMedia(id: string, change: MediaChange): Promise<MediaItem> {
    return this.api.request('PATCH', media(id), change);
  }

  removeMedia(id: string): Promise<unknown> {
    return this.api.request('DELETE', media(id));
  }

  async ticker(): Promise<string[]> {
    return (await this.api.request<{ texts: string[] }>('GET', '/api/signage/ticker')).texts;
  }

  async setTicker(texts: string[]): Promise<string[]> {
    return (await this.api.request<{ texts: string[] }>('PUT', '/api/signage/ticker', { texts })).texts;
  }

  async office(): Promise<OfficeSettings> {
    return (await setupApi.office()).settings;
  }

  /** Reads the office's settings afresh and sends them back whole, with the ticket's texts changed. */
  async saveTicketTexts(ticketHeader: string, ticketFooter: string): Promise<OfficeSettings> {
    const current = await this.office();
    return (await setupApi.saveOffice({ ...current, ticketHeader, ticketFooter })).settings;
  }

  /** The logo printed on tickets, or null when there is none. */
  async logo(): Promise<Blob | null> {
    const res = await fetch('/api/office/ticket-logo', { credentials: 'same-origin', cache: 'no-store' }).catch(() => null);
    if (!res) throw new ApiError(0, NETWORK_ERROR, 'No answer from the server');
    if (res.status === 404) return null;
    if (!res.ok) throw refusal(res.status, await res.text(), res.statusText);
    return res.blob();
  }

  setLogo(file: File): Promise<{ width: number; height: number }> {
    return send('PUT', '/api/office/ticket-logo', file, 'image/png');
  }

  removeLogo(): Promise<unknown> {
    return this.api.request('DELETE', '/api/office/ticket-logo');
  }

  /** A sample ticket as the printer would print it, with these texts (not saved yet). */
  async ticketPreview(lang: string, header: string, footer: string, signal?: AbortSignal): Promise<Blob> {
    const query = new URLSearchParams({ lang, header, footer });
    let res: Response;
    try {
      res = await fetch(`/api/office/ticket-preview?${query}`, { credentials: 'same-origin', cache: 'no-store', signal });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new ApiError(0, NETWORK_ERROR, 'No answer from the server');
    }
    if (!res.ok) throw refusal(res.status, await res.text(), res.statusText);
    return res.blob();
  }

  async testPrint(kioskId: string): Promise<PrintResult> {
    return (await this.api.request<{ print: PrintResult }>('POST', `/api/devices/${encodeURIComponent(kioskId)}/test-print`)).print;
  }

  backups(): Promise<Backup[]> {
    return this.api.request('GET', '/api/backups');
  }

  takeBackup(): Promise<Backup> {
    return this.api.request('POST', '/api/backups', undefined, { timeoutMs: 300_000 });
  }

  /** The database from a backup file; the server checks it, then restarts on it. */
  restore(file: File, progress?: Progress): Promise<Restored> {
    // The file's name goes along for the audit log.
    const query = new URLSearchParams({ name: file.name.slice(0, 200) || 'backup.sqlite' });
    return send('POST', `/api/backups/restore?${query}`, file, 'application/octet-stream', progress);
  }

  /** When the server answering started, to tell a restarted server from the same one still answering. */
  async startedAt(): Promise<string> {
    return (await this.api.request<{ startedAt: string }>('GET', '/api/health', undefined, { timeoutMs: 3000 })).startedAt;
  }

  async retentionDays(): Promise<number> {
    return (await this.api.request<{ retentionDays: number }>('GET', '/api/appointments/settings')).retentionDays;
  }

  /** Reads the appointment settings afresh and sends them back whole (credentials stay masked), with the days changed. */
  async setRetentionDays(days: number): Promise<number> {
    const current = await this.api.request<Record<string, unknown>>('GET', '/api/appointments/settings');
    return (await this.api.request<{ retentionDays: number }>('PUT', '/api/appointments/settings', { ...current, retentionDays: days })).retentionDays;
  }
}

export const backupUrl = (name: string): string => `/api/backups/${encodeURIComponent(name)}`;

export const exportUrl = (from: string, to: string, format: ExportFormat): string => `/api/events/export?${new URLSearchParams({ from, to, format })}`;

const DAY_MS = 86_400_000;
const dateMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const isDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(dateMs(s)) && new Date(dateMs(s)).toISOString().slice(0, 10) === s;

/** The longest range the event log is exported for. */
export const MAX_EXPORT_DAYS = 366;

/** Why a range cannot be exported, or null when it can. */
export function exportRangeProblem(from: string, to: string): 'missing' | 'order' | 'long' | null {
  if (!isDay(from) || !isDay(to)) return 'missing';
  if (from > to) return 'order';
  if ((dateMs(to) - dateMs(from)) / DAY_MS + 1 > MAX_EXPORT_DAYS) return 'long';
  return null;
}

/** The day `days` before `day` (YYYY-MM-DD). */
export const daysBefore = (day: string, days: number): string => new Date(dateMs(day) - days * DAY_MS).toISOString().slice(0, 10);

/** The panel's one client for these pages (same origin: the session cookie goes along). */
export const dataApi = new DataApi();
