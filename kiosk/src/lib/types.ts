import type { PriorityClass, ServiceNames, SpecialDay, TicketStatus, TimeRange, Weekday } from '@qms/shared';

export type { ServiceNames, TicketStatus, TimeRange, Weekday };

/** The priorities a citizen can choose at the kiosk. */
export const kioskPriorities = ['elderly', 'disabled', 'pregnant'] as const satisfies readonly PriorityClass[];
export type KioskPriority = (typeof kioskPriorities)[number];

export interface PrinterStatus {
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
}

export interface PrinterError {
  code: string;
  message: string;
}

export interface PrinterHealth {
  address: string;
  status: PrinterStatus | null;
  error: PrinterError | null;
  checkedAt: string | null;
}

export interface PrintResult {
  ok: boolean;
  status: PrinterStatus | null;
  error: PrinterError | null;
}

export type NotIssuingReason = 'QMS_ERR_OFFICE_CLOSED' | 'QMS_ERR_SERVICE_CLOSED' | 'QMS_ERR_CAPACITY_REACHED' | 'QMS_ERR_NUMBERS_EXHAUSTED';

export interface KioskService {
  id: string;
  prefix: string;
  nameRo: string;
  nameEn: string;
  /** The name in the office's further languages (hu, de, fr, uk); none written: {}. */
  names: ServiceNames;
  color: string;
  icon: string;
  kioskOrder: number;
  issuing: boolean;
  notIssuingReason: NotIssuingReason | null;
  waiting: number;
  etaMinutes: number;
}

/** GET /api/kiosk/home */
export interface KioskHome {
  device: { id: string; name: string };
  office: {
    name: string;
    timeZone: string;
    openNow: boolean;
    openingHours: Record<Weekday, TimeRange[]>;
    /** Today's special day (a public holiday, a special opening), or null. */
    specialDay: SpecialDay | null;
    /** The special days of the next two weeks. */
    upcomingSpecialDays: SpecialDay[];
  };
  /** The languages the office offers citizens, Romanian first: ['ro', 'en', 'uk']. */
  languages: string[];
  services: KioskService[];
  printer: PrinterHealth | null;
}

export interface IssuedTicket {
  id: string;
  code: string;
  serviceId: string;
  status: TicketStatus;
  priority: PriorityClass | null;
  issuedAt: string;
  ahead: number;
  etaMinutes: number;
}

/** POST /api/kiosk/tickets */
export interface IssueResult {
  ticket: IssuedTicket;
  service: Pick<KioskService, 'id' | 'prefix' | 'nameRo' | 'nameEn' | 'names' | 'color' | 'icon'>;
  followUrl: string;
  print: PrintResult;
}

/** What a check-in adds to the ticket: the booked slot, and whether the citizen came too late for it. */
export interface CheckInAppointment {
  slotAt: string;
  serviceId: string;
  /** Past the slot's tolerance: the ticket is a regular one, called in order of arrival. */
  late: boolean;
}

/** POST /api/kiosk/check-in */
export interface CheckInResult extends IssueResult {
  appointment: CheckInAppointment;
}

/** GET /api/public/tickets/:token: what the citizen's phone may know, nothing personal. */
export interface PublicTicket {
  ticketId: string;
  code: string;
  serviceId: string;
  serviceRo: string;
  serviceEn: string;
  /** The service's name in further languages; none written: {}. */
  serviceNames: ServiceNames;
  status: TicketStatus;
  ahead: number;
  etaMinutes: number;
  counter: { number: number; name: string } | null;
  calledAt: string | null;
  issuedAt: string;
  officeName: string;
  /** The languages the office offers citizens, Romanian first. */
  languages: string[];
  seq: number;
}
