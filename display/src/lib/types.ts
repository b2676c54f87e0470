import type { SpecialDay, TimeRange, Weekday } from '@qms/shared';

export type { TimeRange, Weekday, WireEvent, ServerMessage } from '@qms/shared';

export type Lang = 'ro' | 'en';
export type CounterState = 'open' | 'paused' | 'closed';

export interface QuietHours {
  from: string;
  to: string;
}

export interface AnnounceSettings {
  languages: Lang[];
  /** 0..1 */
  volume: number;
  /** 1..3: the whole announcement, chime included, this many times. */
  repeat: number;
  chime: boolean;
  /** Office local time: no sound then. */
  quietHours: QuietHours[];
}

export interface DisplaySettings {
  /** The counters this display shows; null: all of them. */
  counters: string[] | null;
  layout: 'auto' | 'landscape' | 'portrait';
  announce: AnnounceSettings;
}

export interface CurrentTicket {
  ticketId: string;
  code: string;
  status: 'called' | 'serving';
  calledAt: string;
}

export interface BoardCounter {
  id: string;
  number: number;
  name: string;
  state: CounterState;
  pauseReason: string | null;
  current: CurrentTicket | null;
}

export interface BoardService {
  id: string;
  prefix: string;
  nameRo: string;
  nameEn: string;
  color: string;
  waiting: number;
}

export interface RecentCall {
  seq: number;
  ticketId: string;
  code: string;
  counterId: string;
  counterNumber: number;
  at: string;
  recall: boolean;
}

export interface Schedule {
  /** Empty: every day. */
  days: Weekday[];
  from: string | null;
  to: string | null;
  startDate: string | null;
  endDate: string | null;
}

export interface PlaylistItem {
  id: string;
  kind: 'image' | 'video' | 'text';
  title: string;
  url: string | null;
  text: string | null;
  durationSeconds: number;
  schedule: Schedule;
}

/** GET /api/display/home: everything the board shows, for this display's counters. */
export interface DisplayHome {
  device: { id: string; name: string };
  office: {
    name: string;
    timeZone: string;
    openNow: boolean;
    openingHours: Partial<Record<Weekday, TimeRange[]>>;
    /** Today's special day (a public holiday, a special opening), or null (absent from an older server). */
    specialDay?: SpecialDay | null;
    upcomingSpecialDays?: SpecialDay[];
  };
  settings: DisplaySettings;
  counters: BoardCounter[];
  services: BoardService[];
  /** Newest first, up to 10, today. */
  recentCalls: RecentCall[];
  playlist: PlaylistItem[];
  ticker: string[];
  /** The event seq this reflects. */
  seq: number;
}

