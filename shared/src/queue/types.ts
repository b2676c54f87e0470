/** The queue's domain, as the pure core sees it. All instants are epoch milliseconds. */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Local wall-clock range, 'HH:MM' to 'HH:MM' ('24:00' allowed as an end). */
export interface TimeRange {
  from: string;
  to: string;
}

export interface OfficeSettings {
  name: string;
  timeZone: string;
  openingHours: Record<Weekday, TimeRange[]>;
  /** When both pools wait: up to `priority` priority calls in a row, then up to `normal` normal ones. */
  priorityRatio: { priority: number; normal: number };
  /** A no-show ticket can be re-activated this long after it was marked. */
  noShowGraceMinutes: number;
  /** A checked-in appointment is called first from this long before its slot ... */
  appointmentEarlyMinutes: number;
  /** ... to this long after it; later, it queues like a walk-in. */
  appointmentLateMinutes: number;
  /** A short message printed at the foot of every ticket; a default thanks the citizen when unset. */
  ticketFooter?: string;
  /** Lines printed under the logo at the top of every ticket (the office's name when unset). */
  ticketHeader?: string;
  /** Days that differ from the weekly hours: public holidays (no hours) and special openings. */
  specialDays?: SpecialDay[];
  /** Languages offered to citizens, Romanian first; ['ro', 'en'] when unset. */
  languages?: string[];
}

export interface SpecialDay {
  /** The office's local date, YYYY-MM-DD. */
  date: string;
  /** The hours that day; none when the office is closed. */
  hours: TimeRange[];
  /** Shown to citizens, e.g. "Zi liberă legală (1 Decembrie)". */
  note?: string;
}

/** Languages an office may offer citizens beyond Romanian and English. */
export const furtherLanguages = ['hu', 'de', 'fr', 'uk'] as const;
export type FurtherLanguage = (typeof furtherLanguages)[number];
/** A service's name in further languages; a language without one shows the English name. */
export type ServiceNames = Partial<Record<FurtherLanguage, string>>;

export interface Service {
  id: string;
  prefix: string;
  nameRo: string;
  nameEn: string;
  /** Names in the office's further languages; none when unset. */
  names?: ServiceNames;
  numberStart: number;
  numberEnd: number;
  /** After numberEnd, continue from numberStart (skipping numbers already given that day). */
  wrap: boolean;
  /** Tickets per office day; null for no limit. */
  dailyCapacity: number | null;
  targetWaitMinutes: number;
  /** Expected minutes per citizen until measured times are known; drives the estimate at the kiosk. */
  avgServiceMinutes: number;
  /** Staff can stop a service issuing tickets for a while. */
  open: boolean;
  kioskOrder: number;
  color: string;
  icon: string;
  /** Citizens with an online appointment for it check in at the kiosk; false when unset. */
  appointments?: boolean;
  /** A retired service issues nothing, is hidden at the kiosk and stays in the reports; true when unset. */
  active?: boolean;
}

export interface CounterService {
  serviceId: string;
  /** Lower orders are served strictly first. */
  order: number;
  /** Within one order, waiting time is multiplied by the weight. */
  weight: number;
}

export type CounterState = 'open' | 'paused' | 'closed';
export type PoolKind = 'priority' | 'normal';

export interface Counter {
  id: string;
  number: number;
  name: string;
  services: CounterService[];
  state: CounterState;
  pauseReason: string | null;
  currentTicketId: string | null;
  /** Where it is, for citizens ("Parter, stânga"); empty when unset. */
  location?: string;
  /** Overrides the office's priority ratio at this counter; the office's when unset. */
  priorityRatio?: { priority: number; normal: number } | null;
  /** A retired counter calls nothing, is hidden on the screens and stays in the reports; true when unset. */
  active?: boolean;
  /** The run of calls from the priority or normal pool, for the interleaving ratio. */
  streak: { kind: PoolKind | null; count: number };
  changedAt: number;
}

export const priorityClasses = ['elderly', 'disabled', 'pregnant', 'other'] as const;
export type PriorityClass = (typeof priorityClasses)[number];

export const ticketStatuses = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export interface Appointment {
  ref: string;
  slotAt: number;
  checkedInAt: number | null;
}

export interface Ticket {
  id: string;
  code: string;
  number: number;
  /** The service the number was drawn from; the code keeps its letter through transfers. */
  originServiceId: string;
  serviceId: string;
  officeDay: string;
  priority: PriorityClass | null;
  status: TicketStatus;
  lang: string;
  issuedAt: number;
  /** Start of the current wait (issue, transfer or re-activation). */
  queuedAt: number;
  /** Placed at the front of its queue by a transfer or a re-activation. */
  front: boolean;
  targetCounterId: string | null;
  counterId: string | null;
  calledAt: number | null;
  /** The first call (a transferred ticket is called again later): waiting time runs from issue to here. */
  firstCalledAt: number | null;
  /** User name of the staff member who last called it, for reports per clerk (never shown to citizens). */
  servedBy: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  noShowAt: number | null;
  recalls: number;
  transfers: number;
  outcome: string | null;
  note: string | null;
  appointment: Appointment | null;
}

export interface Numbering {
  last: number;
  issued: number;
  taken: Set<number>;
}

export interface QueueState {
  officeDay: string;
  settings: OfficeSettings;
  services: Record<string, Service>;
  counters: Record<string, Counter>;
  /** Tickets still in play (waiting, called, serving, no-show); finished ones leave memory. */
  tickets: Record<string, Ticket>;
  /** Per service (by origin) for the current office day. */
  numbering: Record<string, Numbering>;
  /** Waiting tickets per service, kept by evolve so the kiosk's estimate costs nothing. */
  waitingCount: Record<string, number>;
}

export const activeStatuses: ReadonlySet<TicketStatus> = new Set(['waiting', 'called', 'serving', 'no_show']);

/** A waiting ticket as issued, with every later field empty; `over` sets what differs. */
export function newTicket(
  init: Pick<Ticket, 'id' | 'code' | 'number' | 'serviceId' | 'officeDay' | 'issuedAt'>,
  over: Partial<Ticket> = {},
): Ticket {
  // Every field written out in one literal, in one order: tickets then share one fast object shape
  // (spreading into a literal this wide made V8 keep them as slower, larger dictionaries).
  const t: Ticket = {
    id: init.id,
    code: init.code,
    number: init.number,
    originServiceId: init.serviceId,
    serviceId: init.serviceId,
    officeDay: init.officeDay,
    priority: null,
    status: 'waiting',
    lang: 'ro',
    issuedAt: init.issuedAt,
    queuedAt: init.issuedAt,
    front: false,
    targetCounterId: null,
    counterId: null,
    calledAt: null,
    firstCalledAt: null,
    servedBy: null,
    startedAt: null,
    finishedAt: null,
    noShowAt: null,
    recalls: 0,
    transfers: 0,
    outcome: null,
    note: null,
    appointment: null,
  };
  return Object.assign(t, over);
}
