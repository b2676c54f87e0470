import type { DecideContext, SetupCommandOf, SetupCommandType } from './commands';
import { QmsError, type ErrorCode } from './errors';
import type { QueueEvent } from './events';
import { isCalendarDate, minutesOf } from './time';
import type { Counter, OfficeSettings, QueueState, Service, ServiceNames, SpecialDay, Ticket, TimeRange } from './types';
import { furtherLanguages, weekdays } from './types';

/** The languages an office may offer citizens; Romanian always, first. */
export const officeLanguages = ['ro', 'en', ...furtherLanguages] as const;

const dayNames = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;

/** A refusal about one field of the request, named the way the page names it ('openingHours.thu'). */
const refuse = (code: ErrorCode, field: string, params: Record<string, string | number> = {}, extra: Record<string, string | number> = {}) =>
  new QmsError(code, params, { field, ...extra });

const byFrom = (a: TimeRange, b: TimeRange): number => minutesOf(a.from) - minutesOf(b.from);

/** One day's ranges, sorted; each must end after it starts and none may overlap another. */
function checkHours(ranges: readonly TimeRange[], field: string, day: string): TimeRange[] {
  for (const r of ranges) {
    if (minutesOf(r.from) >= minutesOf(r.to)) throw refuse('QMS_ERR_BAD_HOURS', field, { day, detail: `${r.from}–${r.to} does not end after it starts` });
  }
  const sorted = ranges.map((r) => ({ from: r.from, to: r.to })).sort(byFrom);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (minutesOf(b.from) < minutesOf(a.to)) throw refuse('QMS_ERR_BAD_HOURS', field, { day, detail: `${a.from}–${a.to} and ${b.from}–${b.to} overlap` });
  }
  return sorted;
}

/** Text printed on tickets: one line per line typed, whatever line ends the browser sent. */
const ticketText = (text: string): string => text.replace(/\r\n?/g, '\n').trim();

function checkLanguages(languages: readonly string[]): void {
  const known: readonly string[] = officeLanguages;
  if (languages[0] !== 'ro') throw refuse('QMS_ERR_BAD_LANGUAGES', 'languages', { detail: 'Romanian (ro) comes first' });
  const seen = new Set<string>();
  for (const l of languages) {
    if (!known.includes(l)) throw refuse('QMS_ERR_BAD_LANGUAGES', 'languages', { detail: `${l} is not offered (${known.join(', ')})` });
    if (seen.has(l)) throw refuse('QMS_ERR_BAD_LANGUAGES', 'languages', { detail: `${l} is listed twice` });
    seen.add(l);
  }
}

/** The names in further languages, trimmed; an empty one is no name. */
function namesOf(names: ServiceNames | undefined): ServiceNames {
  const kept: ServiceNames = {};
  for (const l of furtherLanguages) {
    const name = names?.[l]?.trim();
    if (name) kept[l] = name;
  }
  return kept;
}

/** The zone as Intl names it (it accepts 'europe/bucharest' and answers 'Europe/Bucharest'); null when unknown. */
function canonicalZone(timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function service(state: QueueState, serviceId: string, field?: string): Service {
  const s = state.services[serviceId];
  if (!s) throw new QmsError('QMS_ERR_SERVICE_NOT_FOUND', { serviceId }, field ? { field } : {});
  return s;
}

function counter(state: QueueState, counterId: string): Counter {
  const c = state.counters[counterId];
  if (!c) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId });
  return c;
}

export const isActive = (x: { active?: boolean }): boolean => x.active !== false;

/**
 * A ticket code is its service's letter and number, so a letter stays with one service for the whole office
 * day: another active service may not use it, nor a retired one that already gave tickets with it today.
 */
function checkPrefix(state: QueueState, serviceId: string, prefix: string): void {
  for (const other of Object.values(state.services)) {
    if (other.id === serviceId || other.prefix !== prefix) continue;
    if (isActive(other)) throw refuse('QMS_ERR_PREFIX_TAKEN', 'prefix', { prefix, detail: `service ${other.nameEn} uses it` });
    if ((state.numbering[other.id]?.issued ?? 0) > 0) {
      throw refuse('QMS_ERR_PREFIX_TAKEN', 'prefix', { prefix, detail: `the retired service ${other.nameEn} gave tickets with it today; it is free again tomorrow` });
    }
  }
}

/** A new id from a name: lower-case ASCII words joined by dashes, numbered when taken. */
function uniqueId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'service';
}

/** Waiting tickets in the order they are called in their queue (front-placed first, then by time). */
const inQueueOrder = (a: Ticket, b: Ticket): number =>
  Number(b.front) - Number(a.front) || a.queuedAt - b.queuedAt || a.code.localeCompare(b.code);

type Handler<K extends SetupCommandType> = (state: QueueState, cmd: SetupCommandOf<K>, ctx: DecideContext) => QueueEvent[];

export const setupHandlers: { [K in SetupCommandType]: Handler<K> } = {
  'office/update'(_state, cmd, ctx) {
    const s = cmd.settings;
    const timeZone = canonicalZone(s.timeZone);
    if (!timeZone) throw refuse('QMS_ERR_BAD_TIME_ZONE', 'timeZone', { timeZone: s.timeZone });
    const openingHours = Object.fromEntries(
      weekdays.map((d) => [d, checkHours(s.openingHours[d] ?? [], `openingHours.${d}`, dayNames[d])]),
    ) as OfficeSettings['openingHours'];
    const seen = new Set<string>();
    const specialDays = (s.specialDays ?? []).map((d, i): SpecialDay => {
      if (!isCalendarDate(d.date)) throw refuse('QMS_ERR_VALIDATION', `specialDays.${i}.date`, { detail: `${d.date} is not a calendar date` });
      if (seen.has(d.date)) throw refuse('QMS_ERR_DUPLICATE_DAY', `specialDays.${i}.date`, { date: d.date });
      seen.add(d.date);
      const hours = checkHours(d.hours, `specialDays.${i}.hours`, d.date);
      const note = d.note?.trim();
      return note ? { date: d.date, hours, note } : { date: d.date, hours };
    });
    specialDays.sort((a, b) => a.date.localeCompare(b.date));
    const languages = s.languages ?? ['ro', 'en'];
    checkLanguages(languages);
    const settings: OfficeSettings = {
      name: s.name,
      timeZone,
      openingHours,
      priorityRatio: { priority: s.priorityRatio.priority, normal: s.priorityRatio.normal },
      noShowGraceMinutes: s.noShowGraceMinutes,
      appointmentEarlyMinutes: s.appointmentEarlyMinutes,
      appointmentLateMinutes: s.appointmentLateMinutes,
      ticketHeader: ticketText(s.ticketHeader ?? ''),
      ...(s.ticketFooter === undefined ? {} : { ticketFooter: ticketText(s.ticketFooter) }),
      specialDays,
      languages: [...languages],
    };
    return [{ type: 'office.updated', at: ctx.now, data: { settings } }];
  },

  'service/save'(state, cmd, ctx) {
    const body = cmd.service;
    const existing = cmd.serviceId ? service(state, cmd.serviceId) : null;
    if (body.numberEnd < body.numberStart) {
      throw refuse('QMS_ERR_BAD_RANGE', 'numberEnd', { detail: `the last number (${body.numberEnd}) is below the first (${body.numberStart})` });
    }
    const id = existing?.id ?? uniqueId(slugOf(body.nameEn), (x) => x in state.services);
    const active = existing ? isActive(existing) : true;
    if (active) checkPrefix(state, id, body.prefix);
    const issued = state.numbering[id]?.issued ?? 0;
    if (body.dailyCapacity !== null && body.dailyCapacity < issued) {
      throw refuse('QMS_ERR_CAPACITY_BELOW_ISSUED', 'dailyCapacity', { service: body.nameEn, issued }, { issued });
    }
    const saved: Service = {
      id,
      prefix: body.prefix,
      nameRo: body.nameRo,
      nameEn: body.nameEn,
      names: namesOf(body.names),
      numberStart: body.numberStart,
      numberEnd: body.numberEnd,
      wrap: body.wrap,
      dailyCapacity: body.dailyCapacity,
      targetWaitMinutes: body.targetWaitMinutes,
      avgServiceMinutes: body.avgServiceMinutes,
      open: existing?.open ?? true,
      kioskOrder: body.kioskOrder,
      color: body.color,
      icon: body.icon,
      appointments: body.appointments,
      active,
    };
    return [{ type: 'service.saved', at: ctx.now, data: { service: saved } }];
  },

  'service/retire'(state, cmd, ctx) {
    const s = service(state, cmd.serviceId);
    if (!isActive(s)) return [];
    const waiting = Object.values(state.tickets)
      .filter((t) => t.status === 'waiting' && t.serviceId === s.id)
      .sort(inQueueOrder);
    const choice = waiting.length > 0 ? (cmd.waiting ?? null) : null;
    if (waiting.length > 0 && choice === null) {
      throw new QmsError('QMS_ERR_SERVICE_HAS_WAITING', { service: s.nameEn, waiting: waiting.length }, { waiting: waiting.length });
    }
    let to: Service | null = null;
    if (choice === 'transfer') {
      if (!cmd.toServiceId) throw refuse('QMS_ERR_TRANSFER_TARGET', 'toServiceId', { detail: 'name the service that takes the waiting tickets' });
      to = service(state, cmd.toServiceId, 'toServiceId');
      if (to.id === s.id || !isActive(to)) {
        throw refuse('QMS_ERR_TRANSFER_TARGET', 'toServiceId', { detail: to.id === s.id ? 'the service being retired cannot take its own tickets' : `service ${to.nameEn} is retired` });
      }
    }
    const events: QueueEvent[] = [
      {
        type: 'service.retired',
        at: ctx.now,
        data: { service: { ...s, active: false }, waiting: choice, toServiceId: to?.id ?? null, transferred: to ? waiting.length : 0 },
      },
    ];
    // Like a transfer by staff, except that each keeps its place by the time it has waited, so they stay in
    // their order and the target's own tickets are not pushed back by a whole queue.
    if (to) {
      for (const t of waiting) {
        events.push({
          type: 'ticket.transferred',
          at: ctx.now,
          data: { ticket: { ...t, serviceId: to.id, transfers: t.transfers + 1 }, counter: null, fromServiceId: s.id, fromCounterId: null },
        });
      }
    }
    return events;
  },

  'service/restore'(state, cmd, ctx) {
    const s = service(state, cmd.serviceId);
    if (isActive(s)) return [];
    checkPrefix(state, s.id, s.prefix);
    return [{ type: 'service.saved', at: ctx.now, data: { service: { ...s, active: true } } }];
  },

  'counter/save'(state, cmd, ctx) {
    const body = cmd.counter;
    const existing = cmd.counterId ? counter(state, cmd.counterId) : null;
    const active = existing ? isActive(existing) : true;
    if (active) {
      const other = Object.values(state.counters).find((c) => c.id !== existing?.id && isActive(c) && c.number === body.number);
      if (other) throw refuse('QMS_ERR_NUMBER_TAKEN', 'number', { number: body.number, counter: other.name });
    }
    const listed = new Set<string>();
    body.services.forEach((cs, i) => {
      const field = `services.${i}.serviceId`;
      const s = service(state, cs.serviceId, field);
      // A counter keeps a service it had when that one was retired: its last tickets are still called.
      if (!isActive(s) && !existing?.services.some((x) => x.serviceId === s.id)) throw refuse('QMS_ERR_SERVICE_RETIRED', field, { service: s.nameEn });
      if (listed.has(s.id)) throw refuse('QMS_ERR_VALIDATION', field, { detail: `service ${s.nameEn} is listed more than once` });
      listed.add(s.id);
    });
    const setup = {
      number: body.number,
      name: body.name,
      location: body.location,
      services: body.services.map(({ serviceId, order, weight }) => ({ serviceId, order, weight })),
      priorityRatio: body.priorityRatio ? { priority: body.priorityRatio.priority, normal: body.priorityRatio.normal } : null,
    };
    const saved: Counter = existing
      ? { ...existing, ...setup }
      : {
          id: uniqueId(`c${body.number}`, (x) => x in state.counters),
          ...setup,
          state: 'closed',
          pauseReason: null,
          currentTicketId: null,
          active: true,
          streak: { kind: null, count: 0 },
          changedAt: ctx.now,
        };
    return [{ type: 'counter.saved', at: ctx.now, data: { counter: saved } }];
  },

  'counter/retire'(state, cmd, ctx) {
    const c = counter(state, cmd.counterId);
    if (!isActive(c)) return [];
    const current = c.currentTicketId ? state.tickets[c.currentTicketId] : undefined;
    if (current) throw new QmsError('QMS_ERR_COUNTER_IN_USE', { counter: c.number, detail: `ticket ${current.code} is at it` });
    if (c.state !== 'closed') throw new QmsError('QMS_ERR_COUNTER_IN_USE', { counter: c.number, detail: `it is ${c.state}` });
    const events: QueueEvent[] = [{ type: 'counter.retired', at: ctx.now, data: { counter: { ...c, active: false, changedAt: ctx.now } } }];
    const sentHere = Object.values(state.tickets)
      .filter((t) => t.status === 'waiting' && t.targetCounterId === c.id)
      .sort(inQueueOrder);
    for (const t of sentHere) {
      events.push({
        type: 'ticket.transferred',
        at: ctx.now,
        data: { ticket: { ...t, targetCounterId: null }, counter: null, fromServiceId: t.serviceId, fromCounterId: null },
      });
    }
    return events;
  },
};
