import { officeDayOf, QmsError } from '@qms/shared';
import type Database from 'better-sqlite3';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RestoreJob } from './restore';

const DAILY = /^qms-(\d{4}-\d{2}-\d{2})\.sqlite$/;
/** The names of the copies in backups/: daily, before a migration, and the database a restore replaced. */
export const BACKUP_NAME = /^(qms|before-restore|failed-restore)-[A-Za-z0-9-]+\.sqlite$/;

export interface BackupFile {
  name: string;
  bytes: number;
  createdAt: number;
}

/**
 * One copy of the database a day, taken with SQLite's online backup while the server runs (it never stops
 * the queue), into DATA_DIR/backups/qms-<office day>.sqlite; the newest `keep` daily copies are kept. The
 * copies made before a migration are left alone.
 */
export class Backups {
  readonly dir: string;
  readonly dataDir: string;
  private running: Promise<BackupFile> | null = null;
  private restoreWaiter: ((job: RestoreJob) => void) | null = null;
  /** A restore is being received, checked or carried out: one at a time. */
  restoring = false;

  constructor(
    private readonly sqlite: Database.Database,
    dataDir: string,
    private readonly keep: number,
  ) {
    this.dataDir = dataDir;
    this.dir = join(dataDir, 'backups');
    mkdirSync(this.dir, { recursive: true });
  }

  list(): BackupFile[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.sqlite'))
      .map((name) => {
        const st = statSync(join(this.dir, name));
        return { name, bytes: st.size, createdAt: st.mtimeMs };
      })
      .sort((a, b) => b.name.localeCompare(a.name));
  }

  path(name: string): string {
    if (!BACKUP_NAME.test(name) || !this.list().some((b) => b.name === name)) {
      throw new QmsError('QMS_ERR_NOT_FOUND', { detail: `backup ${name}` });
    }
    return join(this.dir, name);
  }

  /**
   * The process that runs the server (src/server.ts) waits here for a checked backup to restore: it then
   * closes the app, swaps the file in and starts again. A server without such a process cannot restore.
   */
  nextRestore(): Promise<RestoreJob> {
    return new Promise((resolve) => (this.restoreWaiter = resolve));
  }

  get canRestore(): boolean {
    return this.restoreWaiter !== null;
  }

  /** Hands a checked backup to the waiting process. */
  requestRestore(job: RestoreJob): void {
    const waiter = this.restoreWaiter;
    this.restoreWaiter = null;
    waiter?.(job);
  }

  /** Today's copy unless there is one already. */
  async daily(now: number, timeZone: string): Promise<BackupFile | null> {
    const name = `qms-${officeDayOf(now, timeZone)}.sqlite`;
    if (this.list().some((b) => b.name === name)) return null;
    return this.take(name);
  }

  /** A copy now (today's, replaced if it exists), then the old daily copies beyond `keep` are removed. */
  take(name: string): Promise<BackupFile> {
    this.running ??= (async () => {
      const tmp = join(this.dir, `.${name}.part`);
      rmSync(tmp, { force: true });
      // Written whole under a temporary name: a copy interrupted half-way never looks like a backup.
      await this.sqlite.backup(tmp);
      renameSync(tmp, join(this.dir, name));
      const daily = this.list().filter((b) => DAILY.test(b.name));
      for (const old of daily.slice(this.keep)) rmSync(join(this.dir, old.name), { force: true });
      return this.list().find((b) => b.name === name)!;
    })().finally(() => (this.running = null));
    return this.running;
  }
}
