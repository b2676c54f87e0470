import type { Actor, AnyCommand, DecideContext, QueueEvent, QueueState } from '@qms/shared';
import { decide, evolve, nextOfficeDayStart, QmsError, rollover } from '@qms/shared';
import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import type { QueueRepository } from './queue.repository';

export interface Reply {
  statusCode: number;
  body: unknown;
}

export interface Published {
  seq: number;
  event: QueueEvent;
}

export interface ExecuteOptions {
  actor?: Actor;
  /** Scoped key from the Idempotency-Key header, and a fingerprint of the request it came with. */
  idempotency?: { key: string; fingerprint: string };
  /** Builds the HTTP reply from the command's events and the state after them. */
  reply: (events: QueueEvent[], state: QueueState) => Reply;
}

interface Job {
  command: AnyCommand | null;
  options: ExecuteOptions;
  resolve: (r: Reply) => void;
  reject: (e: unknown) => void;
  outcome?: { reply: Reply; published: Published[] } | { error: unknown };
}

const DAY = 24 * 3600_000;

/** SQLite could not write: the disk is full, the folder turned read-only, or the disk fails. */
const isStorageFailure = (error: unknown): boolean => /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/.test(String((error as { code?: unknown } | null)?.code ?? ''));

/**
 * Runs queue commands. Commands that arrive together are decided one after another against the in-memory
 * state and written in one SQLite transaction (group commit): one fsync acknowledges the whole group, so
 * durability costs one disk flush per burst rather than per ticket. Each command sits in its own savepoint,
 * so one that fails leaves the others alone. Only after the commit are the events published on the bus.
 */
export class QueueEngine {
  readonly bus = new EventEmitter<{ event: [Published] }>();
  private state: QueueState;
  private pending: Job[] = [];
  private inFlight = new Map<string, { fingerprint: string; promise: Promise<Reply> }>();
  private scheduled = false;
  private dayTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private stale = false;
  private seq = 0;
  /** The time of the last recorded event: the queue's clock never goes back past it. */
  private lastStamp: number;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly repo: QueueRepository,
    private readonly clock: () => number,
    private readonly newId: () => string,
  ) {
    this.state = repo.loadState();
    this.seq = repo.lastSeq();
    // The newest event by number is the latest in time too (stamps never go back), read off the key's end.
    this.lastStamp = (sqlite.prepare('SELECT at FROM events ORDER BY seq DESC LIMIT 1').get() as { at: number } | undefined)?.at ?? 0;
    this.bus.setMaxListeners(0);
  }

  /** The live state. Read it; never change it. */
  get current(): QueueState {
    return this.state;
  }

  /** The seq of the last committed event. */
  lastSeq(): number {
    return this.seq;
  }

  execute(command: AnyCommand, options: ExecuteOptions): Promise<Reply> {
    if (this.closed) return Promise.reject(new QmsError('QMS_ERR_INTERNAL'));
    const idem = options.idempotency;
    if (idem) {
      const running = this.inFlight.get(idem.key);
      if (running) {
        return running.fingerprint === idem.fingerprint
          ? running.promise
          : Promise.reject(new QmsError('QMS_ERR_IDEMPOTENCY_CONFLICT', { key: idem.key }));
      }
      const stored = this.repo.storedResponse(idem.key);
      if (stored) {
        if (stored.fingerprint !== idem.fingerprint) return Promise.reject(new QmsError('QMS_ERR_IDEMPOTENCY_CONFLICT', { key: idem.key }));
        return Promise.resolve({ statusCode: stored.statusCode, body: stored.body });
      }
    }
    const promise = new Promise<Reply>((resolve, reject) => {
      this.pending.push({ command, options, resolve, reject });
    });
    if (idem) {
      this.inFlight.set(idem.key, { fingerprint: idem.fingerprint, promise });
      const forget = () => this.inFlight.delete(idem.key);
      promise.then(forget, forget);
    }
    this.schedule();
    return promise;
  }

  /** Starts a new office day now if the clock has passed midnight (every flush does); run at boot and by a timer at midnight. */
  rolloverIfDue(): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.pending.push({ command: null, options: { reply: () => ({ statusCode: 200, body: null }) }, resolve, reject });
      this.schedule();
    });
  }

  /** Arms a timer for the next local midnight so counters and displays see the new day without a command. */
  startDayTimer(): void {
    const now = this.clock();
    const delay = Math.min(nextOfficeDayStart(now, this.state.settings.timeZone) - now + 1000, DAY);
    this.dayTimer = setTimeout(() => {
      this.rolloverIfDue()
        .catch(() => undefined)
        .finally(() => {
          if (!this.closed) this.startDayTimer();
        });
    }, delay);
    this.dayTimer.unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.dayTimer);
    if (this.pending.length > 0) this.flush();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * The time a group of commands is stamped with: the clock, but never earlier than the last recorded
   * event. A system clock stepped back (an NTP correction, a wrong manual setting) then cannot put a later
   * ticket ahead of an earlier one, start the previous office day again, or make a wait come out negative;
   * the queue's time stands still until the clock has caught up.
   */
  private stamp(): number {
    return Math.max(this.clock(), this.lastStamp);
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.pending;
    this.pending = [];
    if (jobs.length === 0) return;
    // Memory that may have run ahead of the database is read again before anything is decided on it.
    const unreadable = this.stale ? this.reload() : null;
    if (unreadable) {
      for (const job of jobs) job.reject(unreadable);
      return;
    }
    const now = this.stamp();
    const ctx = { now, newId: this.newId, findArchived: (id: string) => this.repo.ticket(id) };
    let dayStart: Published[] = [];
    try {
      this.sqlite.transaction(() => {
        // A new office day is recorded first and on its own, so it happens even when the command that
        // noticed midnight fails.
        dayStart = this.sqlite.transaction(() => this.startDayIfDue(now))();
        for (const job of jobs) {
          try {
            job.outcome = this.sqlite.transaction(() => this.run(job, { ...ctx, actor: job.options.actor }))();
          } catch (error) {
            // A full or failing disk fails the whole group: none of it may be kept.
            if (isStorageFailure(error)) throw error;
            job.outcome = { error };
          }
        }
      })();
    } catch (error) {
      // Nothing of this group is stored (disk full, read-only, I/O error), so the memory must not keep it
      // either: it is read again from the database, now or before the next command.
      this.stale = true;
      this.reload();
      for (const job of jobs) job.reject(error);
      return;
    }
    if (this.stale) this.reload();
    // Only recorded events raise the floor: it is what a restart reads back from the log.
    if (dayStart.length > 0 || jobs.some((job) => 'published' in job.outcome! && job.outcome.published.length > 0)) this.lastStamp = now;
    this.publish(dayStart);
    for (const job of jobs) {
      const outcome = job.outcome!;
      if ('error' in outcome) {
        job.reject(outcome.error);
        continue;
      }
      this.publish(outcome.published);
      job.resolve(outcome.reply);
    }
  }

  /** Reads the state again from the database; returns the error when it cannot (and tries again next time). */
  private reload(): unknown {
    try {
      this.state = this.repo.loadState();
      this.stale = false;
      return null;
    } catch (error) {
      return error;
    }
  }

  private publish(published: Published[]): void {
    for (const p of published) {
      this.seq = p.seq;
      this.bus.emit('event', p);
    }
  }

  /** Records and applies the start of a new office day when the clock has passed midnight. */
  private startDayIfDue(now: number): Published[] {
    const events = rollover(this.state, now);
    if (events.length === 0) return [];
    const published = events.map((event) => ({ seq: this.repo.record(event, (event as { data: { officeDay: string } }).data.officeDay), event }));
    this.repo.forgetResponsesBefore(now - DAY);
    for (const event of events) evolve(this.state, event);
    return published;
  }

  private run(job: Job, ctx: DecideContext): { reply: Reply; published: Published[] } {
    // The day is already current here (startDayIfDue), so decide adds no day.started of its own.
    const events = job.command ? decide(this.state, job.command, ctx) : [];
    // Everything is written first; memory follows only when every write of this command succeeded.
    const published = events.map((event) => ({ seq: this.repo.record(event, this.state.officeDay), event }));
    // evolve works in place: the live state follows only once the writes above went through. Should
    // anything below still throw, this savepoint rolls back and the state is reloaded after the commit.
    for (const event of events) evolve(this.state, event);
    try {
      const reply = job.options.reply(events, this.state);
      if (job.options.idempotency) {
        this.repo.storeResponse(job.options.idempotency.key, { fingerprint: job.options.idempotency.fingerprint, ...reply }, ctx.now);
      }
      return { reply, published };
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }
}
