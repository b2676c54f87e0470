import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDb {
  sqlite: Database.Database;
  db: Db;
  file: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** server/drizzle, seen from src/db/ when run from source or from dist/ when bundled. */
export const migrationsFolder = [join(here, '../../drizzle'), join(here, '../drizzle')].find((d) => existsSync(join(d, 'meta')))!;

function pendingMigrations(sqlite: Database.Database): boolean {
  const known = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length;
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'").get();
  if (!table) return known > 0;
  const applied = (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
  return applied < known;
}

export class DatabaseDamagedError extends Error {
  constructor(file: string, detail: string) {
    super(
      `The database ${file} is damaged (${detail}). The server does not start on it, so nothing more is lost. ` +
        'Restore the latest backup from the backups folder next to it (see the README, "Backups and restore").',
    );
    this.name = 'DatabaseDamagedError';
  }
}

export class DataFolderError extends Error {
  constructor(dataDir: string, detail: string) {
    super(
      `The data folder ${dataDir} cannot be written (${detail}). The server does not start, so nothing is half-written. ` +
        'Make the folder writable (check that its disk is mounted read-write, has free space and no errors) and start the server again.',
    );
    this.name = 'DataFolderError';
  }
}

/** Why the data folder cannot be written, in a few words. */
function whyNotWritable(dataDir: string, error: NodeJS.ErrnoException): string {
  // Creating a folder on a read-only disk says ENOENT; the nearest folder that exists tells the truth.
  let dir = dataDir;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EROFS') return 'read-only file system';
  }
  if (error.code === 'EROFS') return 'read-only file system';
  if (error.code === 'ENOSPC') return 'the disk is full';
  return error.message;
}

/** The data folder takes a write before anything is opened in it: a read-only disk stops the start here. */
function checkWritable(dataDir: string): void {
  const probe = join(dataDir, `.write-check-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch (e) {
    throw new DataFolderError(dataDir, whyNotWritable(dataDir, e as NodeJS.ErrnoException));
  }
}

/** SQLite's quick check at every start: a damaged file stops the boot with a message saying what to do. */
function checkIntegrity(sqlite: Database.Database, file: string): void {
  let rows: { quick_check: string }[];
  try {
    rows = sqlite.pragma('quick_check') as { quick_check: string }[];
  } catch (e) {
    sqlite.close();
    throw new DatabaseDamagedError(file, (e as Error).message);
  }
  if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
    sqlite.close();
    throw new DatabaseDamagedError(file, rows.slice(0, 3).map((r) => r.quick_check).join('; '));
  }
}

/**
 * Opens the database file with the durability the appliance promises: WAL with synchronous=FULL, so a
 * commit is on disk (the WAL is fsynced) before a ticket is acknowledged, and a power cut loses nothing
 * that was acknowledged. Pending migrations run at boot, after a copy of the file is kept in backups/.
 */
export function openDb(dataDir: string, now: () => number = Date.now): OpenedDb {
  checkWritable(dataDir);
  const file = join(dataDir, 'qms.sqlite');
  const existed = existsSync(file);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new DatabaseDamagedError(file, (e as Error).message);
    throw e;
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 4 MiB of page cache (the driver's default is 16): the hot data is today's tickets, a few hundred rows.
  sqlite.pragma('cache_size = -4096');
  if (existed) checkIntegrity(sqlite, file);
  if (existed && pendingMigrations(sqlite)) {
    const backups = join(dataDir, 'backups');
    mkdirSync(backups, { recursive: true });
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(file, join(backups, `qms-before-migration-${new Date(now()).toISOString().replace(/[:.]/g, '-')}.sqlite`));
  }
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { sqlite, db, file };
}
