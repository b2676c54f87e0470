import { Type, type Static } from 'typebox';
import type { FurtherLanguage, OfficeSettings, QueueState, Service, ServiceNames, SpecialDay, TimeRange, Weekday } from '../queue/types';
import { serviceIcons } from '../queue/icons';
import { Id, TimeRangeSchema } from './http';

/**
 * The administrator's setup of the office: request schemas and the shapes the setup pages read.
 * Bodies reject unknown properties; rules that need the live state (a letter taken, a capacity below what
 * was given today) are the core's, with the field they are about.
 */
const strict = { additionalProperties: false } as const;

/** Printed at the foot of every ticket until the office writes its own. */
export const DEFAULT_TICKET_FOOTER = 'Vă mulțumim! Păstrați bonul până la ghișeu.';

export { serviceIcons, type ServiceIcon } from '../queue/icons';

const DateOnly = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });
const DayHours = Type.Array(TimeRangeSchema, { maxItems: 8 });
const Minutes = Type.Integer({ minimum: 0, maximum: 240 });
const Ratio = Type.Object({ priority: Type.Integer({ minimum: 1, maximum: 10 }), normal: Type.Integer({ minimum: 1, maximum: 10 }) }, strict);

export const OfficeSettingsBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. Europe/Bucharest' }),
    openingHours: Type.Object(
      { mon: DayHours, tue: DayHours, wed: DayHours, thu: DayHours, fri: DayHours, sat: DayHours, sun: DayHours },
      strict,
    ),
    specialDays: Type.Array(
      Type.Object({ date: DateOnly, hours: DayHours, note: Type.Optional(Type.String({ maxLength: 120 })) }, strict),
      { maxItems: 400, description: 'Days with their own hours (none: closed), e.g. public holidays' },
    ),
    languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { minItems: 1, maxItems: 10, description: "Romanian first: 'ro', then any of en hu de fr uk" }),
    priorityRatio: Ratio,
    noShowGraceMinutes: Minutes,
    appointmentEarlyMinutes: Minutes,
    appointmentLateMinutes: Minutes,
    ticketHeader: Type.String({ maxLength: 200 }),
    ticketFooter: Type.String({ maxLength: 200 }),
  },
  strict,
);
export type OfficeSettingsBody = Static<typeof OfficeSettingsBody>;

/** The office's settings with every default filled in: what GET /api/office answers and PUT takes. */
export interface OfficeSettingsDto {
  name: string;
  timeZone: string;
  openingHours: Record<Weekday, TimeRange[]>;
  specialDays: SpecialDay[];
  languages: string[];
  priorityRatio: { priority: number; normal: number };
  noShowGraceMinutes: number;
  appointmentEarlyMinutes: number;
  appointmentLateMinutes: number;
  ticketHeader: string;
  ticketFooter: string;
}

export function officeSettingsDto(s: OfficeSettings): OfficeSettingsDto {
  return {
    name: s.name,
    timeZone: s.timeZone,
    openingHours: s.openingHours,
    specialDays: s.specialDays ?? [],
    languages: s.languages ?? ['ro', 'en'],
    priorityRatio: s.priorityRatio,
    noShowGraceMinutes: s.noShowGraceMinutes,
    appointmentEarlyMinutes: s.appointmentEarlyMinutes,
    appointmentLateMinutes: s.appointmentLateMinutes,
    ticketHeader: s.ticketHeader ?? '',
    ticketFooter: s.ticketFooter ?? DEFAULT_TICKET_FOOTER,
  };
}

const FurtherName = Type.Optional(Type.String({ maxLength: 80 }));

export const ServiceBody = Type.Object(
  {
    prefix: Type.String({ pattern: '^[A-Z]$', description: 'One capital letter: the start of its ticket codes' }),
    nameRo: Type.String({ minLength: 1, maxLength: 80 }),
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    names: Type.Optional(
      Type.Object(
        { hu: FurtherName, de: FurtherName, fr: FurtherName, uk: FurtherName } satisfies Record<FurtherLanguage, unknown>,
        { ...strict, description: 'The name in further languages (hu, de, fr, uk); an empty one is no name' },
      ),
    ),
    icon: Type.Enum([...serviceIcons]),
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
    kioskOrder: Type.Integer({ minimum: 0, maximum: 999 }),
    numberStart: Type.Integer({ minimum: 1, maximum: 9999 }),
    numberEnd: Type.Integer({ minimum: 1, maximum: 9999 }),
    wrap: Type.Boolean(),
    dailyCapacity: Type.Union([Type.Integer({ minimum: 1, maximum: 100000 }), Type.Null()], { description: 'null: no limit' }),
    targetWaitMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
    avgServiceMinutes: Type.Integer({ minimum: 1, maximum: 240 }),
    appointments: Type.Boolean(),
  },
  strict,
);
export type ServiceBody = Static<typeof ServiceBody>;

export const RetireServiceBody = Type.Union([
  Type.Object(
    {
      waiting: Type.Optional(Type.Enum(['transfer', 'finish'], { description: 'transfer: to toServiceId, in their order; finish: still called today' })),
      toServiceId: Type.Optional(Id),
    },
    strict,
  ),
  Type.Null(),
]);
export type RetireServiceBody = Static<typeof RetireServiceBody>;

/** A service as the setup page lists it, with today's figures. */
export interface ServiceAdminDto {
  id: string;
  prefix: string;
  nameRo: string;
  nameEn: string;
  names: ServiceNames;
  icon: string;
  color: string;
  kioskOrder: number;
  numberStart: number;
  numberEnd: number;
  wrap: boolean;
  dailyCapacity: number | null;
  targetWaitMinutes: number;
  avgServiceMinutes: number;
  appointments: boolean;
  active: boolean;
  open: boolean;
  issuedToday: number;
  waiting: number;
}

export function serviceAdminDto(state: QueueState, s: Service): ServiceAdminDto {
  return {
    id: s.id,
    prefix: s.prefix,
    nameRo: s.nameRo,
    nameEn: s.nameEn,
    names: s.names ?? {},
    icon: s.icon,
    color: s.color,
    kioskOrder: s.kioskOrder,
    numberStart: s.numberStart,
    numberEnd: s.numberEnd,
    wrap: s.wrap,
    dailyCapacity: s.dailyCapacity,
    targetWaitMinutes: s.targetWaitMinutes,
    avgServiceMinutes: s.avgServiceMinutes,
    appointments: s.appointments ?? false,
    active: s.active !== false,
    open: s.open,
    issuedToday: state.numbering[s.id]?.issued ?? 0,
    waiting: state.waitingCount[s.id] ?? 0,
  };
}

export const CounterBody = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 999 }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    location: Type.String({ maxLength: 80, description: 'Where it is, for citizens ("Parter, stânga")' }),
    services: Type.Array(
      Type.Object(
        {
          serviceId: Id,
          order: Type.Integer({ minimum: 1, maximum: 9, description: 'Lower orders are served strictly first' }),
          weight: Type.Integer({ minimum: 1, maximum: 10, description: 'Within one order, waiting time is multiplied by it' }),
        },
        strict,
      ),
      { minItems: 1, maxItems: 20 },
    ),
    priorityRatio: Type.Union([Ratio, Type.Null()], { description: "null: the office's ratio" }),
  },
  strict,
);
export type CounterBody = Static<typeof CounterBody>;

export interface CounterAdminDto {
  id: string;
  number: number;
  name: string;
  location: string;
  services: { serviceId: string; order: number; weight: number }[];
  priorityRatio: { priority: number; normal: number } | null;
  active: boolean;
  state: 'open' | 'paused' | 'closed';
}
