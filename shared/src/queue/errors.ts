/**
 * Every rule the queue enforces fails with one of these codes. The code is the contract (UIs translate by
 * code, tests assert it); the message is for a clerk or an IT person reading it as it is.
 */
export const errorCatalog = {
  QMS_ERR_VALIDATION: { status: 400, message: 'The request is not valid: {detail}' },
  QMS_ERR_NOT_FOUND: { status: 404, message: 'There is nothing at {detail}' },
  QMS_ERR_SERVICE_NOT_FOUND: { status: 404, message: 'There is no service with id {serviceId}' },
  QMS_ERR_COUNTER_NOT_FOUND: { status: 404, message: 'There is no counter with id {counterId}' },
  QMS_ERR_TICKET_NOT_FOUND: { status: 404, message: 'There is no ticket with id {ticketId}' },
  QMS_ERR_OFFICE_CLOSED: { status: 409, message: 'The office is closed now; tickets are issued during opening hours only' },
  QMS_ERR_SERVICE_CLOSED: { status: 409, message: 'Service {service} is closed; no tickets are issued for it now' },
  QMS_ERR_CAPACITY_REACHED: { status: 409, message: 'Service {service} has reached its daily capacity of {capacity} tickets' },
  QMS_ERR_NUMBERS_EXHAUSTED: { status: 409, message: 'Service {service} has given every number of its range today; widen the range' },
  QMS_ERR_NO_TICKET_WAITING: { status: 409, message: 'No ticket is waiting for counter {counter}' },
  QMS_ERR_COUNTER_CLOSED: { status: 409, message: 'Counter {counter} is closed; open it first' },
  QMS_ERR_COUNTER_BUSY: { status: 409, message: 'Counter {counter} is still serving ticket {ticket}; finish it first' },
  QMS_ERR_TICKET_STATE: { status: 409, message: 'Ticket {ticket} is {status}; it cannot be {action}' },
  QMS_ERR_NOT_YOUR_TICKET: { status: 403, message: 'Ticket {ticket} is at counter {owner}, not at counter {counter}' },
  QMS_ERR_GRACE_EXPIRED: { status: 409, message: 'Ticket {ticket} missed its call more than {minutes} minutes ago; issue a new ticket' },
  QMS_ERR_TRANSFER_TARGET: { status: 400, message: 'Transfer target not valid: {detail}' },
  QMS_ERR_UNAUTHENTICATED: { status: 401, message: 'Sign in first' },
  QMS_ERR_FORBIDDEN: { status: 403, message: 'Your account may not do this: {detail}' },
  QMS_ERR_BAD_CREDENTIALS: { status: 401, message: 'Wrong user name or password' },
  QMS_ERR_SETUP_DONE: { status: 409, message: 'The first administrator already exists; sign in instead' },
  QMS_ERR_TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many sign-in attempts; wait a minute and try again' },
  QMS_ERR_NO_COUNTER_CHOSEN: { status: 409, message: 'Choose the counter you work at first' },
  QMS_ERR_NOT_YOUR_COUNTER: { status: 403, message: 'You are signed in at counter {own}; counter {counter} is not yours' },
  QMS_ERR_USER_NOT_FOUND: { status: 404, message: 'There is no staff account with id {userId}' },
  QMS_ERR_USERNAME_TAKEN: { status: 409, message: 'The user name {username} is taken; choose another' },
  QMS_ERR_LAST_ADMIN: { status: 409, message: '{username} is the last active administrator; make another account administrator first' },
  QMS_ERR_DEVICE_UNAUTHENTICATED: { status: 401, message: 'This device is not paired, or its pairing was revoked; pair it again' },
  QMS_ERR_DEVICE_NOT_FOUND: { status: 404, message: 'There is no device with id {deviceId}' },
  QMS_ERR_PAIRING_NOT_FOUND: { status: 404, message: 'No device is waiting to be paired with this code; it may have expired (codes last 10 minutes)' },
  QMS_ERR_KIOSK_RATE_LIMITED: { status: 429, message: 'This kiosk gave {limit} tickets in the last minute; wait {seconds} seconds' },
  QMS_ERR_APPOINTMENT_NOT_FOUND: { status: 404, message: 'No appointment today has the reference {ref}' },
  QMS_ERR_APPOINTMENT_CANCELLED: { status: 409, message: 'The appointment {ref} was cancelled or moved to another day' },
  QMS_ERR_CHECKIN_TOO_EARLY: { status: 409, message: 'Check-in for the appointment at {slot} opens at {opens}' },
  QMS_ERR_APPOINTMENTS_CONFIG: { status: 400, message: 'The appointment settings are not valid: {detail}' },
  QMS_ERR_NO_CURRENT_TICKET: { status: 409, message: 'Counter {counter} has no ticket at it' },
  QMS_ERR_IDEMPOTENCY_CONFLICT: { status: 422, message: 'Idempotency-Key {key} was already used for a different request' },
  QMS_ERR_BAD_TIME_ZONE: { status: 400, message: 'The time zone {timeZone} is not known; use a name such as Europe/Bucharest' },
  QMS_ERR_BAD_HOURS: { status: 400, message: 'The hours of {day} are not valid: {detail}' },
  QMS_ERR_DUPLICATE_DAY: { status: 400, message: 'The date {date} is listed more than once among the special days' },
  QMS_ERR_BAD_LANGUAGES: { status: 400, message: 'The languages are not valid: {detail}' },
  QMS_ERR_BAD_RANGE: { status: 400, message: 'The range is not valid: {detail}' },
  QMS_ERR_PREFIX_TAKEN: { status: 409, message: 'The letter {prefix} is taken: {detail}' },
  QMS_ERR_CAPACITY_BELOW_ISSUED: { status: 409, message: 'Service {service} has already given {issued} tickets today; the daily capacity cannot be lower than that' },
  QMS_ERR_SERVICE_HAS_WAITING: { status: 409, message: 'Service {service} still has {waiting} waiting tickets; choose whether they move to another service or are still called today' },
  QMS_ERR_SERVICE_RETIRED: { status: 409, message: 'Service {service} is retired; restore it first' },
  QMS_ERR_NUMBER_TAKEN: { status: 409, message: 'Counter number {number} is already used by {counter}' },
  QMS_ERR_COUNTER_IN_USE: { status: 409, message: 'Counter {counter} is still in use ({detail}); close it, with no ticket at it, before retiring it' },
  QMS_ERR_COUNTER_RETIRED: { status: 409, message: 'Counter {counter} is retired and no longer works' },
  QMS_ERR_COUNTER_NOT_ALLOWED: { status: 403, message: 'Your account may not work at counter {counter}; an administrator decides which counters you use' },
  QMS_ERR_BAD_BACKUP: { status: 400, message: 'The file cannot be restored: {detail}' },
  QMS_ERR_INTERNAL: { status: 500, message: 'Something went wrong on the server; the action was not saved' },
  QMS_ERR_STORAGE_FULL: { status: 507, message: "The appliance's disk is full; the action was not saved. Free space in the data folder and try again" },
  QMS_ERR_STORAGE_FAILED: { status: 503, message: 'The data folder cannot be written (read-only or failing disk); the action was not saved' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export class QmsError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly params: Record<string, string | number>;

  /** Fields added to the JSON body, for a client to act on (e.g. `retryAfterSeconds`). */
  readonly extra: Record<string, string | number>;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, extra: Record<string, string | number> = {}) {
    const entry = errorCatalog[code];
    super(entry.message.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)));
    this.name = 'QmsError';
    this.code = code;
    this.statusCode = entry.status;
    this.params = params;
    this.extra = extra;
  }

  toJSON(): { statusCode: number; code: ErrorCode; message: string } {
    return { statusCode: this.statusCode, code: this.code, message: this.message, ...this.extra };
  }
}

export const isQmsError = (e: unknown): e is QmsError => e instanceof QmsError;
