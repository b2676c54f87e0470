import type { Counter, OfficeSettings, QueueEvent, QueueState, Service, Ticket } from '@qms/shared';
import { activeStatuses } from '@qms/shared';
import { and, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../../db/open';
import { preparedUpsert } from '../../db/upsert';
import { counters, events, idempotency, office, services, tickets } from '../../db/schema';

type TicketRow = typeof tickets.$inferSelect;

const rowToTicket = (r: TicketRow): Ticket => ({ ...r, priority: r.priority as Ticket['priority'], status: r.status as Ticket['status'], appointment: r.appointment as Ticket['appointment'] });
const rowToCounter = (r: typeof counters.$inferSelect): Counter => ({
  ...r,
  services: r.services as Counter['services'],
  state: r.state as Counter['state'],
  streak: r.streak as Counter['streak'],
  priorityRatio: r.priorityRatio as Counter['priorityRatio'],
});

export interface StoredEvent {
  seq: number;
  event: QueueEvent;
}

export interface StoredResponse {
  fingerprint: string;
  statusCode: number;
  body: unknown;
}

/** Every read and write of the queue's tables. Writes happen inside the engine's transaction. */
export class QueueRepository {
  private readonly upsertTicket;
  private readonly upsertCounter;
  private readonly insertEvent;
  private readonly selectTicket;
  private readonly selectResponse;

  constructor(
    private readonly db: Db,
    sqlite: Database.Database,
  ) {
    this.upsertTicket = preparedUpsert(sqlite, tickets, 'id');
    this.upsertCounter = preparedUpsert(sqlite, counters, 'id');
    this.insertEvent = sqlite.prepare('INSERT INTO events (type, at, office_day, data) VALUES (?, ?, ?, ?)');
    this.selectTicket = this.db.select().from(tickets).where(eq(tickets.id, sql.placeholder('id'))).prepare();
    this.selectResponse = this.db.select().from(idempotency).where(eq(idempotency.key, sql.placeholder('key'))).prepare();
  }

  hasOffice(): boolean {
    return this.db.select({ id: office.id }).from(office).get() !== undefined;
  }

  loadState(): QueueState {
    const o = this.db.select().from(office).get();
    if (!o) throw new Error('No office is set up in the database');
    const svc = this.db.select().from(services).all();
    const cnt = this.db.select().from(counters).all();
    const active = this.db
      .select()
      .from(tickets)
      .where(inArray(tickets.status, [...activeStatuses]))
      .all();
    const state: QueueState = {
      officeDay: o.officeDay,
      settings: o.settings as OfficeSettings,
      services: Object.fromEntries(svc.map((s) => [s.id, s as Service])),
      counters: Object.fromEntries(cnt.map((c) => [c.id, rowToCounter(c)])),
      tickets: {},
      numbering: {},
      waitingCount: {},
    };
    for (const r of active) {
      const t = rowToTicket(r);
      state.tickets[t.id] = t;
      if (t.status === 'waiting') state.waitingCount[t.serviceId] = (state.waitingCount[t.serviceId] ?? 0) + 1;
    }
    const issued = this.db
      .select({ serviceId: tickets.originServiceId, number: tickets.number })
      .from(tickets)
      .where(eq(tickets.officeDay, o.officeDay))
      .orderBy(tickets.issuedAt, sql`rowid`)
      .all();
    for (const { serviceId, number } of issued) {
      const n = (state.numbering[serviceId] ??= { last: 0, issued: 0, taken: new Set() });
      n.last = number;
      n.issued += 1;
      n.taken.add(number);
    }
    return state;
  }

  insertOffice(settings: OfficeSettings, officeDay: string, svc: Service[], cnt: Counter[]): void {
    this.db.transaction((tx) => {
      tx.insert(office).values({ id: 1, settings, officeDay }).run();
      for (const s of svc) tx.insert(services).values(s).run();
      for (const c of cnt) tx.insert(counters).values(c).run();
    });
  }

  /** Appends the event to the log and brings the read tables up to date with it; returns its seq. */
  record(event: QueueEvent, officeDay: string): number {
    const { lastInsertRowid } = this.insertEvent.run(event.type, event.at, officeDay, JSON.stringify(event.data));
    this.project(event);
    return Number(lastInsertRowid);
  }

  private project(event: QueueEvent): void {
    if (event.type === 'day.started') {
      const ids = event.data.expiredTicketIds;
      for (let i = 0; i < ids.length; i += 500) {
        this.db
          .update(tickets)
          .set({ status: 'expired' })
          .where(inArray(tickets.id, ids.slice(i, i + 500)))
          .run();
      }
      this.db.update(office).set({ officeDay: event.data.officeDay }).run();
      this.db.update(counters).set({ currentTicketId: null, streak: { kind: null, count: 0 } }).run();
      return;
    }
    const d = event.data as { ticket?: Ticket; counter?: Counter | null; service?: Service };
    if (event.type === 'office.updated') {
      this.db.update(office).set({ settings: event.data.settings }).run();
      return;
    }
    if (d.ticket) this.upsertTicket(d.ticket);
    if (d.counter) this.upsertCounter(d.counter);
    if (d.service) {
      const { id: _id, ...rest } = d.service;
      this.db.insert(services).values(d.service).onConflictDoUpdate({ target: services.id, set: rest }).run();
    }
  }

  lastSeq(): number {
    return this.db.select({ seq: sql<number>`coalesce(max(${events.seq}), 0)` }).from(events).get()?.seq ?? 0;
  }

  firstSeq(): number {
    return this.db.select({ seq: sql<number>`coalesce(min(${events.seq}), 0)` }).from(events).get()?.seq ?? 0;
  }

  eventsAfter(seq: number, limit: number): StoredEvent[] {
    return this.db
      .select()
      .from(events)
      .where(gt(events.seq, seq))
      .orderBy(events.seq)
      .limit(limit)
      .all()
      .map((r) => ({ seq: r.seq, event: { type: r.type, at: r.at, data: JSON.parse(r.data) } as QueueEvent }));
  }

  /** The latest events of these types in an office day, newest first. */
  latestOfDay(officeDay: string, types: string[], limit: number): StoredEvent[] {
    return this.db
      .select()
      .from(events)
      .where(and(eq(events.officeDay, officeDay), inArray(events.type, types)))
      .orderBy(desc(events.seq))
      .limit(limit)
      .all()
      .map((r) => ({ seq: r.seq, event: { type: r.type, at: r.at, data: JSON.parse(r.data) } as QueueEvent }));
  }

  ticket(id: string): Ticket | undefined {
    const r = this.selectTicket.get({ id });
    return r ? rowToTicket(r) : undefined;
  }

  storedResponse(key: string): StoredResponse | undefined {
    const r = this.selectResponse.get({ key });
    return r ? { fingerprint: r.fingerprint, statusCode: r.statusCode, body: JSON.parse(r.body) } : undefined;
  }

  storeResponse(key: string, response: StoredResponse, at: number): void {
    this.db
      .insert(idempotency)
      .values({ key, fingerprint: response.fingerprint, statusCode: response.statusCode, body: JSON.stringify(response.body), createdAt: at })
      .run();
  }

  forgetResponsesBefore(at: number): void {
    this.db.delete(idempotency).where(lt(idempotency.createdAt, at)).run();
  }
}
