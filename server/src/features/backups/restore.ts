import { QmsError } from '@qms/shared';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { FastifyInstance } from 'fastify';
import { createWriteStream, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { migrationsFolder } from '../../db/open';

/** The largest backup file accepted. */
export const MAX_BACKUP_BYTES = 2 * 1024 ** 3;

/** A checked backup waiting to become the database when the server restarts. */
export interface RestoreJob {
  /** The uploaded file, in DATA_DIR. */
  file: string;
  /** The file's name as the administrator chose it, when the page says. */
  name: string | null;
  bytes: number;
  officeDay: string;
  tickets: number;
  /** Who asked for it, and from where, for the audit log of the restored database. */
  by: { username: string | null; device: string };
}

export interface BackupFacts {
  officeDay: string;
  tickets: number;
}

const bad = (detail: string) => new QmsError('QMS_ERR_BAD_BACKUP', { detail });

/** Removes an SQLite file with the -wal and -shm files beside it. */
export function removeDatabase(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

/**
 * Writes an upload to `file` as it arrives (never whole in memory), flushed to disk; more than `limit`
 * bytes stop it. A failed or refused upload leaves no file behind.
 */
export async function receiveUpload(body: Readable, file: string, limit = MAX_BACKUP_BYTES): Promise<number> {
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limit ? bad(`the file is larger than ${limit / 1024 ** 3} GiB`) : null, chunk);
    },
  });
  try {
    // Flushed to the disk before it is closed: the file is about to become the database.
    await pipeline(body, count, createWriteStream(file, { flags: 'wx', flush: true }));
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
  return bytes;
}

/** What a worker reads from the file (plain JavaScript: it runs outside the TypeScript loader). */
const CHECK_IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
function read(db) {
  let integrity;
  try {
    integrity = db.pragma('integrity_check').map((r) => r.integrity_check);
  } catch (e) {
    integrity = [e.message];
  }
  if (integrity.length !== 1 || integrity[0] !== 'ok') return { integrity };
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
  const has = (t) => tables.includes(t);
  return {
    integrity,
    tables,
    office: has('office') ? db.prepare('SELECT office_day AS officeDay FROM office LIMIT 1').get() ?? null : null,
    tickets: has('tickets') ? db.prepare('SELECT count(*) AS n FROM tickets').get().n : null,
    newestMigration: has('__drizzle_migrations') ? db.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get().at : null,
  };
}
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  parentPort.postMessage(read(db));
} catch (e) {
  parentPort.postMessage({ error: e.message });
} finally {
  if (db) db.close();
}
`;

interface Read {
  error?: string;
  integrity?: string[];
  tables?: string[];
  office?: { officeDay: string } | null;
  tickets?: number | null;
  newestMigration?: number | null;
}

/** Runs the reading in a worker thread: a full integrity check of a large file takes a while and the queue goes on meanwhile. */
function readInWorker(file: string): Promise<Read> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECK_IN_WORKER, { eval: true, workerData: { file, driver } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the check stopped (${code})`)));
  });
}

/**
 * Checks that a file can become this server's database: an SQLite file, whole (integrity_check), with the
 * office and its queue, from this version of the server or an older one (newer migrations are refused:
 * this server would not know its tables). Opened read-only; refused with QMS_ERR_BAD_BACKUP.
 */
export async function checkBackup(file: string): Promise<BackupFacts> {
  const head = await open(file, 'r').then(async (h) => {
    try {
      return (await h.read(Buffer.alloc(16), 0, 16, 0)).buffer;
    } finally {
      await h.close();
    }
  });
  if (head.toString('latin1') !== 'SQLite format 3\u0000') throw bad('it is not an SQLite database file');
  let read: Read;
  try {
    read = await readInWorker(file);
  } finally {
    // A read-only open leaves an empty write-ahead log and index beside the file.
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
  }
  if (read.error) throw bad(`the file cannot be read (${read.error})`);
  const integrity = read.integrity ?? [];
  if (integrity.length !== 1 || integrity[0] !== 'ok') throw bad(`the file is damaged (${integrity.slice(0, 3).join('; ')})`);
  const missing = ['office', 'tickets', 'events'].filter((t) => !read.tables?.includes(t));
  if (missing.length > 0) throw bad(`it is not a database of this server (no ${missing.join(', ')} table)`);
  if (!read.office) throw bad('it has no office set up');
  const ours = Math.max(0, ...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis));
  if ((read.newestMigration ?? 0) > ours) throw bad('it was made by a newer version of the server; update this server first');
  return { officeDay: read.office.officeDay, tickets: read.tickets ?? 0 };
}

/** DATA_DIR/backups/before-restore-<stamp>.sqlite: the database a restore replaced. */
export const keptName = (now: number): string => `before-restore-${new Date(now).toISOString().replace(/[:.]/g, '-')}.sqlite`;

/**
 * With the server closed (its database closed): the current database goes to backups/ under `kept`,
 * whole (a write-ahead log left by anyone is folded into it first), and the restored file takes its place.
 */
export function swapIn(dataDir: string, job: RestoreJob, kept: string): string {
  const live = join(dataDir, 'qms.sqlite');
  const keptPath = join(dataDir, 'backups', kept);
  const current = new Database(live);
  if (existsSync(`${live}-wal`)) current.pragma('wal_checkpoint(TRUNCATE)');
  const lastSeq = (current.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
  current.close();
  renameSync(live, keptPath);
  keepNewestReplaced(join(dataDir, 'backups'));
  // A log still holding pages (a reader elsewhere kept it from being folded in) stays with its database.
  if (existsSync(`${live}-wal`) && statSync(`${live}-wal`).size > 0) renameSync(`${live}-wal`, `${keptPath}-wal`);
  rmSync(`${live}-wal`, { force: true });
  rmSync(`${live}-shm`, { force: true });
  renameSync(job.file, live);
  markRestored(live, lastSeq, job);
  return keptPath;
}

/**
 * The restored history goes on past every event the replaced database had: an event marks the restore with
 * the next number, and live clients may only catch up from there. A display or panel that was offline during
 * the restore and comes back with a number from the replaced history gets the restored queue whole, never
 * the events of another history under numbers it thinks it has seen.
 */
function markRestored(file: string, replacedLastSeq: number, job: RestoreJob): void {
  const db = new Database(file);
  try {
    db.transaction(() => {
      const restoredLastSeq = (db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
      const seq = Math.max(replacedLastSeq, restoredLastSeq) + 1;
      const office = db.prepare('SELECT office_day AS day FROM office').get() as { day: string } | undefined;
      db.prepare('INSERT INTO events (seq, type, at, office_day, data) VALUES (?, ?, ?, ?, ?)').run(
        seq,
        RESTORED_EVENT,
        Date.now(),
        office?.day ?? job.officeDay,
        JSON.stringify({ backup: job.name, restoredLastSeq, replacedLastSeq }),
      );
      const hasSettings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'app_settings'").get();
      if (hasSettings) db.prepare("INSERT INTO app_settings (name, value) VALUES ('replayFloor', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value").run(JSON.stringify(seq));
    })();
  } finally {
    db.close();
  }
}

/** The first event live clients may catch up from: the last restore's mark (0 when there was none). */
export function replayFloor(sqlite: Database.Database): number {
  const row = sqlite.prepare("SELECT value FROM app_settings WHERE name = 'replayFloor'").get() as { value: string } | undefined;
  return row ? Number(JSON.parse(row.value)) || 0 : 0;
}

/** The event type that marks a restore in the event log. */
export const RESTORED_EVENT = 'database.restored';

/** How many databases replaced by a restore are kept in backups/, newest first. */
export const REPLACED_KEPT = 3;

/** Older replaced databases beyond REPLACED_KEPT go: each is a whole database, and they would pile up. */
function keepNewestReplaced(dir: string): void {
  const replaced = readdirSync(dir)
    .filter((f) => /^before-restore-.*\.sqlite$/.test(f))
    .sort()
    .reverse();
  for (const old of replaced.slice(REPLACED_KEPT)) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, old + suffix), { force: true });
  }
}

/** Puts the replaced database back when the restored one cannot be started on; the restored file is kept aside. */
export function swapBack(dataDir: string, keptPath: string, now: number): void {
  const live = join(dataDir, 'qms.sqlite');
  renameSync(live, join(dataDir, 'backups', `failed-restore-${new Date(now).toISOString().replace(/[:.]/g, '-')}.sqlite`));
  rmSync(`${live}-wal`, { force: true });
  rmSync(`${live}-shm`, { force: true });
  renameSync(keptPath, live);
}

/** The audit entry of a restore, written into the restored database once the server runs on it. */
export function auditRestored(app: FastifyInstance, job: RestoreJob, kept: string): void {
  app.audit.record(
    {
      userId: null,
      username: job.by.username,
      action: 'backup/restore',
      target: job.name,
      device: job.by.device,
      detail: { officeDay: job.officeDay, tickets: job.tickets, bytes: job.bytes, replacedKeptAs: kept },
    },
    app.clock(),
  );
}
