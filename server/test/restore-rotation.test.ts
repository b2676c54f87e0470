import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { keptName, REPLACED_KEPT, swapIn } from '../src/features/backups/restore';
import { build } from './helper';

t.test('the databases replaced by restores are kept, the newest few, not forever', async (t) => {
  const dir = t.testdir();
  const dataDir = join(dir, 'data');
  // A real database, closed, as the server leaves it.
  const s = await build(t, { dataDir });
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.close();
  const backups = join(dataDir, 'backups');
  mkdirSync(backups, { recursive: true });
  // Four earlier restores left their replaced databases, each with a leftover log beside one of them.
  const earlier = [1, 2, 3, 4].map((d) => keptName(Date.UTC(2026, 10, 20 + d, 9)));
  for (const name of earlier) writeFileSync(join(backups, name), 'old database');
  writeFileSync(join(backups, `${earlier[0]}-wal`), 'old log');

  const upload = join(dataDir, 'restore-upload.sqlite');
  copyFileSync(join(dataDir, 'qms.sqlite'), upload);
  const now = Date.UTC(2026, 10, 26, 9);
  swapIn(dataDir, { file: upload, name: 'qms-2026-11-25.sqlite', bytes: 1, officeDay: '2026-11-25', tickets: 1, by: { username: 'admin', device: 'test' } }, keptName(now));

  const left = readdirSync(backups).filter((f) => f.startsWith('before-restore-')).sort();
  t.equal(left.length, REPLACED_KEPT, `the newest ${REPLACED_KEPT}`);
  t.same(left, [...earlier.slice(-(REPLACED_KEPT - 1)), keptName(now)], 'the one just replaced and the most recent before it');
  t.notOk(left.some((f) => f.endsWith('-wal')), "an old copy's log goes with it");
  const db = new Database(join(dataDir, 'qms.sqlite'), { readonly: true });
  t.equal((db.prepare("SELECT count(*) AS n FROM events WHERE type = 'database.restored'").get() as { n: number }).n, 1, 'the restored database has its mark');
  db.close();
});
