import { Type, type Static } from 'typebox';
import { priorityClasses } from '../queue/types';
import { reportGroupings } from './reports';

/**
 * Request schemas of the HTTP API, one source for the server's validation, the OpenAPI page and the UIs'
 * types. Objects reject unknown properties, so a typo is a 400 rather than a silently ignored field.
 */
const strict = { additionalProperties: false } as const;

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const IdParams = Type.Object({ id: Id }, strict);

export const IssueTicketBody = Type.Object(
  {
    serviceId: Id,
    priority: Type.Optional(Type.Union([Type.Enum([...priorityClasses]), Type.Null()])),
    lang: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', description: 'Language of the citizen (ro, en, ...)' })),
  },
  strict,
);
export type IssueTicketBody = Static<typeof IssueTicketBody>;

/** For commands whose body may be left out entirely. */
const optionalBody = <T extends ReturnType<typeof Type.Object>>(body: T) => Type.Union([body, Type.Null()]);

export const FinishBody = optionalBody(Type.Object({ outcome: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) }, strict));
export const ReactivateBody = optionalBody(Type.Object({ position: Type.Optional(Type.Enum(['front', 'back'])) }, strict));
export const TransferBody = Type.Object(
  {
    serviceId: Type.Optional(Type.Union([Id, Type.Null()])),
    counterId: Type.Optional(Type.Union([Id, Type.Null()])),
    position: Type.Optional(Type.Enum(['front', 'back'], { default: 'back' })),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  strict,
);
export type TransferBody = Static<typeof TransferBody>;

export const pauseReasons = ['break', 'paperwork', 'technical', 'meeting', 'other'] as const;
export const PauseBody = Type.Object({ reason: Type.Enum([...pauseReasons]) }, strict);
export const EmptyBody = optionalBody(Type.Object({}, strict));

export const staffRoles = ['admin', 'manager', 'clerk'] as const;
export type StaffRole = (typeof staffRoles)[number];

const Username = Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' });
const Password = Type.String({ minLength: 8, maxLength: 200 });

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 40 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    counterId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The counter this session works at' })),
  },
  strict,
);
export type LoginBody = Static<typeof LoginBody>;

/** The counter the signed-in session works at; null leaves it. */
export const ChooseCounterBody = Type.Object({ counterId: Type.Union([Id, Type.Null()]) }, strict);
export type ChooseCounterBody = Static<typeof ChooseCounterBody>;

export const SetupBody = Type.Object({ username: Username, password: Password }, strict);

export const UserIdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) }, strict);

/** The counters a staff member may work at; null for any. */
const UserCounters = Type.Union([Type.Array(Id, { maxItems: 100, uniqueItems: true }), Type.Null()], { description: 'Counter ids the person may work at; null: any' });

export const CreateUserBody = Type.Object(
  { username: Username, password: Password, role: Type.Enum([...staffRoles]), counters: Type.Optional(UserCounters) },
  strict,
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    role: Type.Optional(Type.Enum([...staffRoles])),
    password: Type.Optional(Password),
    disabled: Type.Optional(Type.Boolean()),
    counters: Type.Optional(UserCounters),
  },
  { ...strict, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

/** Query strings arrive as text (types are not coerced), hence the patterns. */
export const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: '1 to 500, default 100' })),
    before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'only entries with a smaller id (the next page)' })),
  },
  strict,
);
export type AuditQuery = Static<typeof AuditQuery>;

export const deviceKinds = ['kiosk', 'display', 'bridge'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export const StartPairingBody = Type.Object({ kind: Type.Enum([...deviceKinds]) }, strict);
export const PairingParams = Type.Object({ pairingId: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) }, strict);

/**
 * Where a kiosk prints: `tcp://host:9100`, a device file (`/dev/usb/lp0`, `file:`), a system print queue
 * (`lp:<queue>`), `virtual:` (kept in memory for the staff page), or null for the default.
 */
const PrinterAddress = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]);
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
export const TimeRangeSchema = Type.Object({ from: ClockTime, to: ClockTime }, strict);
export const AnnounceSettingsPatch = Type.Object(
  {
    languages: Type.Optional(Type.Array(Type.Enum(['ro', 'en']), { minItems: 1, maxItems: 2, uniqueItems: true })),
    volume: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    repeat: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
    chime: Type.Optional(Type.Boolean()),
    quietHours: Type.Optional(Type.Array(TimeRangeSchema, { maxItems: 10 })),
  },
  strict,
);
export const DeviceSettingsPatch = Type.Object(
  {
    printer: Type.Optional(PrinterAddress),
    ticketsPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'Most tickets this kiosk gives in any minute' })),
    counters: Type.Optional(Type.Union([Type.Array(Id, { maxItems: 100, uniqueItems: true }), Type.Null()], { description: 'Display: the counters it shows; null for all' })),
    layout: Type.Optional(Type.Enum(['auto', 'landscape', 'portrait'])),
    announce: Type.Optional(AnnounceSettingsPatch),
  },
  strict,
);
export type DeviceSettingsPatch = Static<typeof DeviceSettingsPatch>;

const DeviceName = Type.String({ minLength: 1, maxLength: 60 });
export const PairDeviceBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }), name: DeviceName, settings: Type.Optional(DeviceSettingsPatch) },
  strict,
);
export type PairDeviceBody = Static<typeof PairDeviceBody>;
export const UpdateDeviceBody = Type.Object({ name: Type.Optional(DeviceName), settings: Type.Optional(DeviceSettingsPatch) }, { ...strict, minProperties: 1 });
export type UpdateDeviceBody = Static<typeof UpdateDeviceBody>;

/** A ticket from a kiosk: like IssueTicketBody, without the staff-only 'other' priority class. */
export const KioskIssueBody = Type.Object(
  {
    serviceId: Id,
    priority: Type.Optional(Type.Union([Type.Enum(['elderly', 'disabled', 'pregnant']), Type.Null()])),
    lang: Type.Optional(Type.String({ pattern: '^[a-z]{2}$' })),
  },
  strict,
);
export type KioskIssueBody = Static<typeof KioskIssueBody>;

export const CheckInBody = Type.Object(
  { ref: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9 _./-]+$' }), lang: Type.Optional(Type.String({ pattern: '^[a-z]{2}$' })) },
  strict,
);

/** The link printed on a ticket: an id and a signature, base64url. */
export const TicketTokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) }, strict);

export const DeviceHealthBody = Type.Object(
  {
    components: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 80 }),
          kind: Type.String({ minLength: 1, maxLength: 40 }),
          connected: Type.Boolean(),
          lastSeenAt: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
          error: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
        },
        strict,
      ),
      { maxItems: 100 },
    ),
  },
  strict,
);

export const ScanBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, strict);

export const ErrorBody = Type.Object({ statusCode: Type.Integer(), code: Type.String(), message: Type.String() });

export const AnnouncementPreviewQuery = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z]{0,3}[0-9]{1,3}$', description: 'A ticket code such as A023' }),
    counter: Type.String({ pattern: '^[1-9][0-9]?$', description: 'Counter number, 1 to 99' }),
    lang: Type.Optional(Type.Enum(['ro', 'en'], { default: 'ro' })),
  },
  strict,
);
export type AnnouncementPreviewQuery = Static<typeof AnnouncementPreviewQuery>;

const Weekday = Type.Enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const DateOnly = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });
export const MediaScheduleSchema = Type.Object(
  {
    days: Type.Optional(Type.Array(Weekday, { maxItems: 7, uniqueItems: true, description: 'empty: every day' })),
    from: Type.Optional(Type.Union([ClockTime, Type.Null()])),
    to: Type.Optional(Type.Union([ClockTime, Type.Null()])),
    startDate: Type.Optional(Type.Union([DateOnly, Type.Null()])),
    endDate: Type.Optional(Type.Union([DateOnly, Type.Null()])),
  },
  strict,
);
const Seconds = Type.Integer({ minimum: 3, maximum: 3600 });
const Title = Type.String({ minLength: 1, maxLength: 120 });
export const MediaUploadQuery = Type.Object({ kind: Type.Enum(['image', 'video']), title: Title, durationSeconds: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) }, strict);
export const TextSlideBody = Type.Object({ title: Title, text: Type.String({ minLength: 1, maxLength: 1000 }), durationSeconds: Type.Optional(Seconds) }, strict);
export const UpdateMediaBody = Type.Object(
  {
    title: Type.Optional(Title),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    durationSeconds: Type.Optional(Seconds),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    active: Type.Optional(Type.Boolean()),
    schedule: Type.Optional(MediaScheduleSchema),
  },
  { ...strict, minProperties: 1 },
);
export type UpdateMediaBody = Static<typeof UpdateMediaBody>;
export const TickerBody = Type.Object({ texts: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 20 }) }, strict);

export const ReportRangeQuery = Type.Object({ from: DateOnly, to: DateOnly }, strict);
export const WaitingReportQuery = Type.Object(
  {
    from: DateOnly,
    to: DateOnly,
    groupBy: Type.Optional(Type.Enum([...reportGroupings], { default: 'service' })),
    format: Type.Optional(Type.Enum(['json', 'csv'], { description: 'csv: UTF-8 with BOM, for Excel' })),
    sep: Type.Optional(Type.Enum(['semicolon', 'comma'], { description: 'CSV separator; semicolon (default) is what Excel expects with Romanian regional settings' })),
  },
  strict,
);
export type WaitingReportQuery = Static<typeof WaitingReportQuery>;

export const AppointmentSettingsBody = Type.Object(
  {
    sources: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
          name: Type.String({ minLength: 1, maxLength: 80 }),
          kind: Type.Enum(['easyappointments', 'json', 'ics']),
          options: Type.Record(Type.String(), Type.Unknown(), { description: 'url, auth, mapping: see the README' }),
          serviceMap: Type.Record(Type.String({ maxLength: 100 }), Id),
          enabled: Type.Boolean(),
        },
        strict,
      ),
      { maxItems: 10 },
    ),
    dailyAt: ClockTime,
    refreshMinutes: Type.Integer({ minimum: 2, maximum: 120 }),
    retentionDays: Type.Integer({ minimum: 1, maximum: 365 }),
    checkInEarlyMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    checkInLateMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
  },
  strict,
);
export type AppointmentSettingsBody = Static<typeof AppointmentSettingsBody>;
export const AppointmentsQuery = Type.Object({ day: Type.Optional(DateOnly), q: Type.Optional(Type.String({ maxLength: 80 })) }, strict);
