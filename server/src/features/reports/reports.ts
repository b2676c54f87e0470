import type { QueueState } from '@qms/shared';
import { localParts, officeDayOf, type Grouping, type ReportRow, type Stats } from '@qms/shared';
import type Database from 'better-sqlite3';

export type { Grouping, ReportRow, Stats };

/** One ticket as the report reads it: the grouping column first, then the steps' times. */
type Row = [
  key: string | number | null,
  serviceId: string,
  status: string,
  issuedAt: number,
  firstCalledAt: number | null,
  calledAt: number | null,
  startedAt: number | null,
  finishedAt: number | null,
  recalls: number,
  transfers: number,
  appointment: string | null,
  noShowAt: number | null,
];

/** The column each grouping reads (hours and weekdays come from the issue time, in the office's zone). */
const keyColumn: Record<Grouping, string> = {
  service: 'service_id',
  counter: 'counter_id',
  clerk: 'served_by',
  hour: 'issued_at',
  weekday: 'issued_at',
  day: 'office_day',
};

/** Nearest-rank percentile of sorted values. */
function rank(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function stats(values: number[]): Stats {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null, max: null };
  // A typed array sorts numerically in native code: a year's waits sort in milliseconds.
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return { count: s.length, mean: Math.round(sum / s.length), median: Math.round(rank(s, 0.5)), p90: Math.round(rank(s, 0.9)), max: Math.round(s[s.length - 1]!) };
}

const seconds = (from: number, to: number) => Math.max(0, (to - from) / 1000);

/** Local hour and weekday of instants, cached per hour (zone offsets are whole quarter hours at worst). */
function localClock(timeZone: string) {
  const cache = new Map<number, { hour: number; weekday: string }>();
  return (at: number) => {
    const bucket = Math.floor(at / 900_000);
    let v = cache.get(bucket);
    if (!v) {
      const p = localParts(bucket * 900_000, timeZone);
      cache.set(bucket, (v = { hour: p.hour, weekday: p.weekday }));
    }
    return v;
  };
}

interface Acc {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  expired: number;
  recalls: number;
  transfers: number;
  waiting: number[];
  walk: number[];
  service: number[];
  within: number;
  called: number;
  appointments: number;
  arrival: number[];
  afterSlot: number[];
}

const newAcc = (): Acc => ({ issued: 0, served: 0, noShow: 0, cancelled: 0, expired: 0, recalls: 0, transfers: 0, waiting: [], walk: [], service: [], within: 0, called: 0, appointments: 0, arrival: [], afterSlot: [] });

/**
 * Tickets of a range of office days, grouped, in the office's time zone. Reads the tickets table only
 * (one row per ticket with every step's time), so a year of an office is one indexed range scan.
 */
export class Reports {
  private readonly counterEvents: Database.Statement;
  private readonly selects = new Map<string, Database.Statement>();
  private readonly counterTickets: Database.Statement;
  private readonly staffActions: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.counterEvents = sqlite
      .prepare(
        `SELECT type, at, data, office_day FROM events WHERE office_day >= ? AND office_day <= ?
         AND type IN ('counter.opened', 'counter.paused', 'counter.resumed', 'counter.closed') ORDER BY seq`,
      )
      .raw();
    // Clerks' own commands, from the audit log: who worked when (the queue's events do not say who).
    this.staffActions = sqlite
      .prepare(
        `SELECT username, action, at FROM audit WHERE at >= ? AND at < ? AND username IS NOT NULL
         AND (action LIKE 'counter/%' OR action IN ('ticket/start', 'ticket/finish', 'ticket/no-show', 'ticket/recall', 'ticket/transfer'))
         ORDER BY id`,
      )
      .raw();
    this.counterTickets = sqlite
      .prepare(
        `SELECT counter_id, office_day, called_at, COALESCE(finished_at, no_show_at), served_by, status FROM tickets
         WHERE office_day >= ? AND office_day <= ? AND counter_id IS NOT NULL AND called_at IS NOT NULL`,
      )
      .raw();
  }

  /** Only the columns a report needs: at a year of tickets, every column read costs. */
  private tickets(key: string, from: string, to: string): Iterable<Row> {
    let st = this.selects.get(key);
    if (!st) {
      st = this.sqlite
        .prepare(
          `SELECT ${key}, service_id, status, issued_at, first_called_at, called_at, started_at, finished_at, recalls, transfers, appointment, no_show_at
           FROM tickets WHERE office_day >= ? AND office_day <= ?`,
        )
        .raw();
      this.selects.set(key, st);
    }
    return st.iterate(from, to) as Iterable<Row>;
  }

  waiting(state: QueueState, from: string, to: string, groupBy: Grouping): ReportRow[] {
    const tz = state.settings.timeZone;
    const clock = localClock(tz);
    const groups = new Map<string, Acc>();
    let lastKey: string | undefined;
    let last: Acc | undefined;
    for (const r of this.tickets(keyColumn[groupBy], from, to)) {
      const [raw, serviceId, status, issuedAt, firstCalledAt, calledAt, startedAt, finishedAt, recalls, transfers, appointment, noShowAt] = r;
      const key = groupBy === 'hour' ? String(clock(issuedAt).hour).padStart(2, '0') : groupBy === 'weekday' ? clock(issuedAt).weekday : ((raw as string | null) ?? '');
      let a = key === lastKey ? last : groups.get(key);
      if (!a) groups.set(key, (a = newAcc()));
      lastKey = key;
      last = a;
      a.issued++;
      a.recalls += recalls;
      a.transfers += transfers;
      if (status === 'done') a.served++;
      // A no-show left at the end of its day expires, and stays a no-show for the figures.
      else if (status === 'no_show' || noShowAt !== null) a.noShow++;
      else if (status === 'cancelled') a.cancelled++;
      else if (status === 'expired') a.expired++;
      if (firstCalledAt !== null) {
        a.called++;
        const wait = seconds(issuedAt, firstCalledAt);
        a.waiting.push(wait);
        if (wait <= (state.services[serviceId]?.targetWaitMinutes ?? Infinity) * 60) a.within++;
      }
      if (calledAt !== null && startedAt !== null) a.walk.push(seconds(calledAt, startedAt));
      if (status === 'done' && startedAt !== null && finishedAt !== null) a.service.push(seconds(startedAt, finishedAt));
      if (appointment) {
        const ap = JSON.parse(appointment) as { slotAt: number; checkedInAt: number | null };
        a.appointments++;
        if (ap.checkedInAt !== null) a.arrival.push((ap.checkedInAt - ap.slotAt) / 60_000);
        if (firstCalledAt !== null) a.afterSlot.push(seconds(Math.max(ap.slotAt, ap.checkedInAt ?? ap.slotAt), firstCalledAt));
      }
    }
    const rows = [...groups.entries()].map(([key, a]): ReportRow => {
      return {
        key,
        label: this.label(state, groupBy, key),
        issued: a.issued,
        served: a.served,
        noShow: a.noShow,
        cancelled: a.cancelled,
        expired: a.expired,
        recalls: a.recalls,
        transfers: a.transfers,
        waitingSeconds: stats(a.waiting),
        walkSeconds: stats(a.walk),
        serviceSeconds: stats(a.service),
        withinTarget: a.called === 0 ? null : Math.round((a.within / a.called) * 1000) / 1000,
        // Arrival against the slot, in minutes (negative: early).
        appointments: { count: a.appointments, arrivalMinutes: stats(a.arrival), waitAfterSlotSeconds: stats(a.afterSlot) },
      };
    });
    return rows.sort((x, y) => order(state, groupBy, x.key) - order(state, groupBy, y.key) || x.key.localeCompare(y.key));
  }

  /**
   * Arrivals and waits by weekday and hour of issue: `arrivals[d][h]` is the mean number of tickets issued
   * in that hour on one such weekday (days with tickets), `meanWaitSeconds[d][h]` their mean wait to first call.
   */
  heatmap(state: QueueState, from: string, to: string) {
    const clock = localClock(state.settings.timeZone);
    const count = weekdayOrder.map(() => new Array<number>(24).fill(0));
    const waitSum = weekdayOrder.map(() => new Array<number>(24).fill(0));
    const waitN = weekdayOrder.map(() => new Array<number>(24).fill(0));
    const days = weekdayOrder.map(() => new Set<string>());
    for (const r of this.tickets('office_day', from, to)) {
      const { hour, weekday } = clock(r[3]);
      const d = weekdayOrder.indexOf(weekday);
      count[d]![hour]!++;
      days[d]!.add(r[0] as string);
      if (r[4] !== null) {
        waitSum[d]![hour]! += seconds(r[3], r[4]);
        waitN[d]![hour]!++;
      }
    }
    return {
      weekdays: weekdayOrder,
      hours: Array.from({ length: 24 }, (_, h) => h),
      arrivals: count.map((row, d) => row.map((n) => (days[d]!.size === 0 ? 0 : Math.round((n / days[d]!.size) * 10) / 10))),
      meanWaitSeconds: waitSum.map((row, d) => row.map((sum, h) => (waitN[d]![h]! === 0 ? null : Math.round(sum / waitN[d]![h]!)))),
    };
  }

  /** Paused time per counter and reason, from the counters' own events (a pause still open at the end of its day ends with the day's last counter event). */
  pauses(state: QueueState, from: string, to: string) {
    const open = new Map<string, { at: number; reason: string; day: string }>();
    const totals = new Map<string, { counterId: string; reason: string; seconds: number; count: number }>();
    const lastOfDay = new Map<string, number>();
    const add = (counterId: string, reason: string, secs: number) => {
      const k = `${counterId}|${reason}`;
      const t = totals.get(k) ?? { counterId, reason, seconds: 0, count: 0 };
      t.seconds += secs;
      t.count++;
      totals.set(k, t);
    };
    for (const [type, at, data, day] of this.counterEvents.iterate(from, to) as Iterable<[string, number, string, string]>) {
      lastOfDay.set(day, at);
      const counter = (JSON.parse(data) as { counter: { id: string; pauseReason: string | null } }).counter;
      const current = open.get(counter.id);
      if (current && (current.day !== day || type !== 'counter.paused')) {
        add(counter.id, current.reason, seconds(current.at, current.day === day ? at : (lastOfDay.get(current.day) ?? current.at)));
        open.delete(counter.id);
      }
      if (type === 'counter.paused') open.set(counter.id, { at, reason: counter.pauseReason ?? 'other', day });
    }
    for (const [counterId, p] of open) add(counterId, p.reason, seconds(p.at, lastOfDay.get(p.day) ?? p.at));
    return [...totals.values()]
      .map((t) => ({ ...t, seconds: Math.round(t.seconds), counterNumber: state.counters[t.counterId]?.number ?? null }))
      .sort((a, b) => (a.counterNumber ?? 999) - (b.counterNumber ?? 999) || a.reason.localeCompare(b.reason));
  }

  /**
   * Each counter's working time over a range: open (from its first to its last activity of each day, less
   * the time it was closed), paused, busy with citizens (call to finish, or to the no-show) and idle (open,
   * not paused, nobody at it). Per clerk, the busy time and the tickets they called.
   */
  counterTime(state: QueueState, from: string, to: string) {
    type Day = { first: number; last: number; paused: number; closed: number; busy: number; served: number; pausedAt: number | null; closedAt: number | null };
    const days = new Map<string, Day>();
    const clerks = new Map<string, { busy: number; called: number }>();
    const tz = state.settings.timeZone;
    const dayOf = (counterId: string, day: string, at: number): Day => {
      const k = `${counterId}|${day}`;
      let d = days.get(k);
      if (!d) days.set(k, (d = { first: at, last: at, paused: 0, closed: 0, busy: 0, served: 0, pausedAt: null, closedAt: null }));
      d.first = Math.min(d.first, at);
      d.last = Math.max(d.last, at);
      return d;
    };
    for (const [type, at, data, day] of this.counterEvents.iterate(from, to) as Iterable<[string, number, string, string]>) {
      const id = (JSON.parse(data) as { counter: { id: string } }).counter.id;
      const d = dayOf(id, day, at);
      if (d.pausedAt !== null && type !== 'counter.paused') {
        d.paused += at - d.pausedAt;
        d.pausedAt = null;
      }
      if (d.closedAt !== null && type === 'counter.opened') {
        d.closed += at - d.closedAt;
        d.closedAt = null;
      }
      if (type === 'counter.paused') d.pausedAt ??= at;
      if (type === 'counter.closed') d.closedAt = at;
    }
    for (const [counterId, day, calledAt, end, servedBy, status] of this.counterTickets.iterate(from, to) as Iterable<[string, string, number, number | null, string | null, string]>) {
      const d = dayOf(counterId, day, calledAt);
      if (end !== null) {
        dayOf(counterId, day, end);
        d.busy += end - calledAt;
        if (status === 'done') d.served++;
      }
      if (servedBy) {
        const c = clerks.get(servedBy) ?? { busy: 0, called: 0 };
        c.called++;
        if (end !== null) c.busy += end - calledAt;
        clerks.set(servedBy, c);
      }
    }
    const perCounter = new Map<string, { days: number; open: number; paused: number; busy: number; served: number }>();
    for (const [k, d] of days) {
      const counterId = k.slice(0, k.indexOf('|'));
      // A pause or a closing still running at the day's last activity ends there.
      if (d.pausedAt !== null) d.paused += d.last - d.pausedAt;
      if (d.closedAt !== null) d.closed += d.last - d.closedAt;
      const t = perCounter.get(counterId) ?? { days: 0, open: 0, paused: 0, busy: 0, served: 0 };
      t.days++;
      t.open += Math.max(0, d.last - d.first - d.closed);
      t.paused += d.paused;
      t.busy += d.busy;
      t.served += d.served;
      perCounter.set(counterId, t);
    }
    const s = (ms: number) => Math.round(ms / 1000);
    return {
      counters: [...perCounter.entries()]
        .map(([counterId, t]) => ({
          counterId,
          counterNumber: state.counters[counterId]?.number ?? null,
          days: t.days,
          served: t.served,
          openSeconds: s(t.open),
          pausedSeconds: s(t.paused),
          busySeconds: s(t.busy),
          idleSeconds: s(Math.max(0, t.open - t.paused - t.busy)),
        }))
        .sort((a, b) => (a.counterNumber ?? 999) - (b.counterNumber ?? 999)),
      clerks: this.clerkTime(tz, from, to, clerks),
    };
  }

  /** Per clerk and office day: the span of their own commands, their pauses, and the busy time of the tickets they called. */
  private clerkTime(tz: string, from: string, to: string, busy: Map<string, { busy: number; called: number }>) {
    const start = Date.parse(`${from}T00:00:00Z`) - 14 * 3600_000;
    const end = Date.parse(`${to}T00:00:00Z`) + 38 * 3600_000;
    type Day = { first: number; last: number; paused: number; pausedAt: number | null };
    const days = new Map<string, Day>();
    for (const [username, action, at] of this.staffActions.iterate(start, end) as Iterable<[string, string, number]>) {
      const day = officeDayOf(at, tz);
      if (day < from || day > to) continue;
      const k = `${username}|${day}`;
      let d = days.get(k);
      if (!d) days.set(k, (d = { first: at, last: at, paused: 0, pausedAt: null }));
      d.last = at;
      if (d.pausedAt !== null && action !== 'counter/pause') {
        d.paused += at - d.pausedAt;
        d.pausedAt = null;
      }
      if (action === 'counter/pause') d.pausedAt ??= at;
    }
    const per = new Map<string, { days: number; open: number; paused: number }>();
    for (const [k, d] of days) {
      const username = k.slice(0, k.indexOf('|'));
      const t = per.get(username) ?? { days: 0, open: 0, paused: 0 };
      t.days++;
      t.open += d.last - d.first;
      t.paused += d.paused;
      per.set(username, t);
    }
    const names = new Set([...per.keys(), ...busy.keys()]);
    const s = (ms: number) => Math.round(ms / 1000);
    return [...names].sort().map((username) => {
      const t = per.get(username) ?? { days: 0, open: 0, paused: 0 };
      const b = busy.get(username) ?? { busy: 0, called: 0 };
      return { username, days: t.days, called: b.called, openSeconds: s(t.open), pausedSeconds: s(t.paused), busySeconds: s(b.busy), idleSeconds: s(Math.max(0, t.open - t.paused - b.busy)) };
    });
  }

  private label(state: QueueState, groupBy: Grouping, key: string): string {
    if (groupBy === 'service') return state.services[key]?.nameRo ?? key;
    if (groupBy === 'counter') return key === '' ? 'fără ghișeu' : (state.counters[key]?.name ?? key);
    if (groupBy === 'clerk') return key === '' ? 'nechemat' : key;
    if (groupBy === 'hour') return `${key}:00`;
    if (groupBy === 'weekday') return weekdayNames[key] ?? key;
    return key;
  }
}

const weekdayNames: Record<string, string> = { mon: 'luni', tue: 'marți', wed: 'miercuri', thu: 'joi', fri: 'vineri', sat: 'sâmbătă', sun: 'duminică' };
const weekdayOrder = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function order(state: QueueState, groupBy: Grouping, key: string): number {
  if (groupBy === 'service') return state.services[key]?.kioskOrder ?? 999;
  if (groupBy === 'counter') return state.counters[key]?.number ?? 999;
  if (groupBy === 'weekday') return weekdayOrder.indexOf(key);
  return 0;
}
