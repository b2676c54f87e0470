import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ServiceNames } from '@qms/shared/queue/types';

/** One row: the office this appliance serves. Settings are JSON so new ones need no migration. */
export const office = sqliteTable('office', {
  id: integer('id').primaryKey(),
  settings: text('settings', { mode: 'json' }).notNull(),
  officeDay: text('office_day').notNull(),
});

export const services = sqliteTable('services', {
  id: text('id').primaryKey(),
  prefix: text('prefix').notNull(),
  nameRo: text('name_ro').notNull(),
  nameEn: text('name_en').notNull(),
  /** Names in the office's further languages (hu, de, fr, uk), JSON. */
  names: text('names', { mode: 'json' }).$type<ServiceNames>().notNull().default({}),
  numberStart: integer('number_start').notNull(),
  numberEnd: integer('number_end').notNull(),
  wrap: integer('wrap', { mode: 'boolean' }).notNull(),
  dailyCapacity: integer('daily_capacity'),
  targetWaitMinutes: integer('target_wait_minutes').notNull(),
  avgServiceMinutes: integer('avg_service_minutes').notNull(),
  open: integer('open', { mode: 'boolean' }).notNull(),
  kioskOrder: integer('kiosk_order').notNull(),
  color: text('color').notNull(),
  icon: text('icon').notNull(),
  /** Citizens with an online appointment for it check in at the kiosk. */
  appointments: integer('appointments', { mode: 'boolean' }).notNull().default(false),
  /** A retired service (false) is kept for the reports; it issues nothing. */
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
});

export const counters = sqliteTable(
  'counters',
  {
    id: text('id').primaryKey(),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    services: text('services', { mode: 'json' }).notNull(),
    state: text('state').notNull(),
    pauseReason: text('pause_reason'),
    currentTicketId: text('current_ticket_id'),
    streak: text('streak', { mode: 'json' }).notNull(),
    changedAt: integer('changed_at').notNull(),
    /** Where it is, for citizens. */
    location: text('location').notNull().default(''),
    /** Its own priority/normal ratio; null for the office's. */
    priorityRatio: text('priority_ratio', { mode: 'json' }),
    /** A retired counter (false) is kept for the reports; its number can serve a new counter. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [uniqueIndex('counters_active_number').on(t.number).where(sql`${t.active} = 1`)],
);

export const tickets = sqliteTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    number: integer('number').notNull(),
    originServiceId: text('origin_service_id').notNull(),
    serviceId: text('service_id').notNull(),
    officeDay: text('office_day').notNull(),
    priority: text('priority'),
    status: text('status').notNull(),
    lang: text('lang').notNull(),
    issuedAt: integer('issued_at').notNull(),
    queuedAt: integer('queued_at').notNull(),
    front: integer('front', { mode: 'boolean' }).notNull(),
    targetCounterId: text('target_counter_id'),
    counterId: text('counter_id'),
    calledAt: integer('called_at'),
    firstCalledAt: integer('first_called_at'),
    servedBy: text('served_by'),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    noShowAt: integer('no_show_at'),
    recalls: integer('recalls').notNull(),
    transfers: integer('transfers').notNull(),
    outcome: text('outcome'),
    note: text('note'),
    appointment: text('appointment', { mode: 'json' }),
  },
  (t) => [
    // The last line of defence for "a number is never given twice in a day".
    uniqueIndex('tickets_day_number').on(t.officeDay, t.originServiceId, t.number),
    index('tickets_status').on(t.status),
  ],
);

/** Append-only: the source of truth for reports and for replaying to a reconnecting client. */
export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    type: text('type').notNull(),
    at: integer('at').notNull(),
    officeDay: text('office_day').notNull(),
    data: text('data').notNull(),
  },
  (t) => [index('events_day').on(t.officeDay)],
);

export const idempotency = sqliteTable('idempotency', {
  key: text('key').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  statusCode: integer('status_code').notNull(),
  body: text('body').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  createdAt: integer('created_at').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  /** Counter ids the person may work at (JSON); null for any. */
  counters: text('counters', { mode: 'json' }),
});

export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  /** The counter this session works at; a clerk's commands are bound to it. */
  counterId: text('counter_id'),
});

/**
 * Who did what, from which device: staff commands, account changes, sign-ins. Append-only; targets are
 * counter ids, ticket codes and user names, never a citizen's data.
 */
export const audit = sqliteTable('audit', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  userId: integer('user_id'),
  username: text('username'),
  action: text('action').notNull(),
  target: text('target'),
  device: text('device').notNull(),
  detail: text('detail', { mode: 'json' }),
});

/**
 * Kiosks, hall displays and bridges, paired once by staff. A device proves itself with a bearer token that
 * does not expire by itself; only its hash is kept, and revoking the device stops the token at once.
 */
export const devices = sqliteTable('devices', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** Per-device settings as JSON (a kiosk's printer, its ticket rate), so new ones need no migration. */
  settings: text('settings', { mode: 'json' }).notNull(),
  /** The kiosk of the server's own machine: it pairs itself from there. */
  local: integer('local', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  lastSeenAt: integer('last_seen_at'),
  revokedAt: integer('revoked_at'),
});

/** Keys the appliance makes for itself on first start (e.g. the one signing the links on tickets). */
export const secrets = sqliteTable('secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});

/** The office's notice board on the hall displays: images, videos and text slides, played in order on a schedule. */
export const media = sqliteTable('media', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  /** The stored file in DATA_DIR/media (null for a text slide); a new file gets a new name, so caches never go stale. */
  file: text('file'),
  mime: text('mime'),
  bytes: integer('bytes'),
  text: text('text'),
  durationSeconds: integer('duration_seconds').notNull(),
  position: integer('position').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  schedule: text('schedule', { mode: 'json' }).notNull(),
  shownCount: integer('shown_count').notNull().default(0),
  createdAt: integer('created_at').notNull(),
});

/** Settings that are not the queue's, as JSON by name (the displays' ticker texts, ...). */
export const appSettings = sqliteTable('app_settings', {
  name: text('name').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
});

/**
 * Appointments synced from the booking system (or uploaded), one row per booking: by (source, external id),
 * so a later sync updates, never duplicates. Only what the counter needs is kept, and the name is erased a
 * set number of days after the appointment.
 */
export const appointments = sqliteTable(
  'appointments',
  {
    id: text('id').primaryKey(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    ref: text('ref').notNull(),
    officeDay: text('office_day').notNull(),
    slotAt: integer('slot_at').notNull(),
    endAt: integer('end_at'),
    serviceId: text('service_id').notNull(),
    /** The citizen's name as booked; null once erased. */
    name: text('name'),
    status: text('status').notNull(),
    sequence: integer('sequence').notNull(),
    checkedInAt: integer('checked_in_at'),
    ticketId: text('ticket_id'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('appointments_source_external').on(t.source, t.externalId), index('appointments_day_ref').on(t.officeDay, t.ref)],
);

/** Each sync of a source: when, what came in, and every problem in plain words. */
export const syncRuns = sqliteTable('sync_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  source: text('source').notNull(),
  startedAt: integer('started_at').notNull(),
  finishedAt: integer('finished_at').notNull(),
  ok: integer('ok', { mode: 'boolean' }).notNull(),
  imported: integer('imported').notNull(),
  updated: integer('updated').notNull(),
  cancelled: integer('cancelled').notNull(),
  problems: text('problems', { mode: 'json' }).notNull(),
  error: text('error'),
});
