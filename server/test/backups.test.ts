import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { DatabaseDamagedError, openDb } from '../src/db/open';
import { build, TestClock } from './helper';

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

t.test('a daily online backup, rotated, downloadable, and restorable into a fresh data folder', async (t) => {
  const dir = t.testdir();
  const s = await build(t, { dataDir: join(dir, 'data'), clock: new TestClock(Date.parse('2026-11-26T08:00:00Z')), env: { QMS_BACKUP_KEEP: '2' } });
  await until(() => s.app.backups.list().some((b) => b.name === 'qms-2026-11-26.sqlite'));
  t.pass("today's backup is taken at start");

  for (let i = 0; i < 3; i++) await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  await s.staff.post('/api/counters/counter-8/call-next');
  const taken = await s.staff.post('/api/backups');
  t.match(taken.body, { name: 'qms-2026-11-26.sqlite' });
  const copy = new Database(join(dir, 'data', 'backups', 'qms-2026-11-26.sqlite'), { readonly: true });
  t.equal((copy.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n, 3, 'the copy has the tickets, taken while the server runs');
  copy.close();

  const download = await fetch(`${s.url}/api/backups/qms-2026-11-26.sqlite`, { headers: { cookie: s.staff.cookie } });
  t.equal(download.status, 200);
  const bytes = Buffer.from(await download.arrayBuffer());
  t.equal(bytes.subarray(0, 15).toString('latin1'), 'SQLite format 3', 'a real SQLite file');
  t.equal((await s.staff.get('/api/backups/qms-..%2F..%2Fqms.sqlite')).status, 400, 'no path tricks');
  await s.createUser('ioana', 'clerk-password-1', 'clerk');
  const clerk = await s.signIn('ioana', 'clerk-password-1');
  t.equal((await clerk.get('/api/backups')).status, 403, 'backups are for administrators');

  // Rotation keeps the newest two daily copies; a copy made before a migration stays.
  writeFileSync(join(dir, 'data', 'backups', 'qms-before-migration-2026-01-01T00-00-00-000Z.sqlite'), 'x');
  for (const day of ['2026-11-27', '2026-11-28']) {
    s.clock.set(`${day}T08:00:00Z`);
    await s.app.backups.daily(s.clock.now(), 'Europe/Bucharest');
  }
  t.same(
    s.app.backups.list().map((b) => b.name),
    ['qms-before-migration-2026-01-01T00-00-00-000Z.sqlite', 'qms-2026-11-28.sqlite', 'qms-2026-11-27.sqlite'],
    'two daily copies and the migration copy',
  );

  await s.staff.login();
  // Restore: the downloaded copy as the database of a fresh data folder brings back the queue and history.
  const fresh = join(dir, 'restored');
  mkdirSync(fresh, { recursive: true });
  writeFileSync(join(fresh, 'qms.sqlite'), bytes);
  const before = (await s.anon.get('/api/queue')).body;
  await s.close();
  const restored = await build(t, { dataDir: fresh, clock: new TestClock(Date.parse('2026-11-26T09:00:00Z')) });
  const after = (await restored.anon.get('/api/queue')).body;
  t.same(
    after.tickets.map((x: { code: string; status: string }) => [x.code, x.status]),
    before.tickets.map((x: { code: string; status: string }) => [x.code, x.status]),
    'the same tickets in play',
  );
  const report = (await restored.staff.get('/api/reports/waiting?from=2026-11-26&to=2026-11-26')).body;
  t.equal(report.rows[0]?.issued, 3, 'and the same history');
});

t.test('a damaged database stops the start with a plain message, and is not changed', async (t) => {
  const dir = t.testdir();
  const { sqlite } = openDb(dir);
  sqlite.exec('CREATE TABLE filler (x TEXT); ');
  const insert = sqlite.prepare('INSERT INTO filler VALUES (?)');
  for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  const file = join(dir, 'qms.sqlite');
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 8192);
  closeSync(fd);
  const damaged = Buffer.from(readFileSync(file));
  t.throws(() => openDb(dir), DatabaseDamagedError, 'refused');
  try {
    openDb(dir);
  } catch (e) {
    t.match((e as Error).message, /is damaged[\s\S]*Restore the latest backup/);
  }
  t.ok(readFileSync(file).equals(damaged), 'the file is left as it was');
  t.ok(existsSync(file));
});
