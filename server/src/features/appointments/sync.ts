import { isOpenAt, localParts, minutesOf, officeDayOf, type QueueState } from '@qms/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { AppointmentsRepository, SourceConfig, SyncRun } from './appointments.repository';
import { sourceFromConfig } from './sources/index';
import type { AppointmentSource } from './sources/types';

const MINUTE = 60_000;
/** After a failed sync, wait 1, 2, 4 ... minutes before the next try, up to half an hour. */
const MAX_BACKOFF_MINUTES = 30;

/**
 * Pulls the day's appointments from each source: once in the morning, then every few minutes while the
 * office is open, and when a manager asks. A source that cannot be reached leaves the last good list in
 * use; its failure is recorded in plain words and retried later, less and less often.
 */
export class AppointmentSync {
  private readonly failures = new Map<string, number>();
  private readonly nextTry = new Map<string, number>();
  private readonly lastRun = new Map<string, number>();
  private running: Promise<SyncRun[]> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: AppointmentsRepository,
    private readonly state: () => QueueState,
    private readonly clock: () => number,
    private readonly log: FastifyBaseLogger,
    /** Tests hand in their own sources; otherwise built from each source's configuration. */
    private readonly makeSource: (c: SourceConfig) => AppointmentSource = (c) => sourceFromConfig({ kind: c.kind, ...c.options }),
  ) {}

  /** Syncs every enabled source now (one sync at a time: a second call waits for the running one). */
  syncNow(): Promise<SyncRun[]> {
    this.running ??= this.run(this.repo.settings().sources.filter((s) => s.enabled)).finally(() => (this.running = null));
    return this.running;
  }

  /** Checks once a minute whether a sync is due. */
  start(everyMs = MINUTE): void {
    this.timer = setInterval(() => void this.tick().catch((e) => this.log.error({ err: e }, 'appointment sync failed')), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs the sources that are due now; returns their runs. */
  async tick(): Promise<SyncRun[]> {
    const settings = this.repo.settings();
    const now = this.clock();
    const state = this.state();
    const tz = state.settings.timeZone;
    const local = localParts(now, tz);
    const minuteOfDay = local.hour * 60 + local.minute;
    const today = officeDayOf(now, tz);
    const due = settings.sources.filter((s) => {
      if (!s.enabled || (this.nextTry.get(s.id) ?? 0) > now) return false;
      // A failed source is tried again as soon as its back-off has passed.
      if (this.failures.has(s.id)) return true;
      const last = this.lastRun.get(s.id) ?? this.repo.lastGoodRun(s.id)?.finishedAt ?? 0;
      const morning = minuteOfDay >= minutesOf(settings.dailyAt) && officeDayOf(last, tz) !== today;
      const refresh = isOpenAt(state.settings.openingHours, now, tz) && now - last >= settings.refreshMinutes * MINUTE;
      return morning || refresh;
    });
    if (due.length === 0 || this.running) return [];
    this.running = this.run(due).finally(() => (this.running = null));
    return this.running;
  }

  private async run(sources: SourceConfig[]): Promise<SyncRun[]> {
    const runs: SyncRun[] = [];
    for (const config of sources) runs.push(await this.runOne(config));
    // Personal data is kept only as long as the office set.
    const tz = this.state().settings.timeZone;
    const keepFrom = officeDayOf(this.clock() - this.repo.settings().retentionDays * 86400_000, tz);
    const erased = this.repo.eraseNamesBefore(keepFrom);
    if (erased > 0) this.log.info({ erased }, 'erased the names of past appointments');
    return runs;
  }

  private async runOne(config: SourceConfig): Promise<SyncRun> {
    const startedAt = this.clock();
    const tz = this.state().settings.timeZone;
    const day = officeDayOf(startedAt, tz);
    try {
      const source = this.makeSource(config);
      const { appointments, problems } = await source.fetchDay(day, tz);
      const outcome = this.repo.applyDay(config.id, day, appointments, config.serviceMap, this.clock(), (ms) => officeDayOf(ms, tz));
      this.failures.delete(config.id);
      this.nextTry.delete(config.id);
      this.lastRun.set(config.id, this.clock());
      const run = this.repo.recordRun({ source: config.id, startedAt, finishedAt: this.clock(), ok: true, ...outcome, problems: [...problems, ...outcome.problems], error: null });
      this.log.info({ source: config.id, imported: run.imported, updated: run.updated, cancelled: run.cancelled, problems: run.problems.length }, 'appointments synced');
      return run;
    } catch (e) {
      const failures = (this.failures.get(config.id) ?? 0) + 1;
      this.failures.set(config.id, failures);
      const wait = Math.min(MAX_BACKOFF_MINUTES, 2 ** (failures - 1));
      this.nextTry.set(config.id, this.clock() + wait * MINUTE);
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn({ source: config.id, failures, retryInMinutes: wait, error: message }, 'appointment sync failed; the last good list stays in use');
      return this.repo.recordRun({ source: config.id, startedAt, finishedAt: this.clock(), ok: false, imported: 0, updated: 0, cancelled: 0, problems: [], error: message });
    }
  }

  /** When a failing source is tried next, for the status page. */
  nextAttempt(sourceId: string): number | null {
    return this.nextTry.get(sourceId) ?? null;
  }
}
