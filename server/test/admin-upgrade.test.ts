import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { migrationsFolder } from '../src/db/open';
import { demoOffice } from '../src/seed/demo-office';
import { build, TestClock } from './helper';

const MONDAY_10 = Date.parse('2026-03-16T08:00:00Z');

/** A database as the release before the setup pages left it: migrated up to 0005, with an office in it. */
function databaseBeforeSetup(dir: string): string {
  const old = join(dir, 'migrations-0005');
  mkdirSync(join(old, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 5);
  writeFileSync(join(old, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) copyFileSync(join(migrationsFolder, `${e.tag}.sql`), join(old, `${e.tag}.sql`));

  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const sqlite = new Database(join(dataDir, 'qms.sqlite'));
  migrate(drizzle(sqlite), { migrationsFolder: old });
  const demo = demoOffice(MONDAY_10);
  sqlite.prepare('INSERT INTO office (id, settings, office_day) VALUES (1, ?, ?)').run(JSON.stringify(demo.settings), '2026-03-16');
  const svc = sqlite.prepare(
    `INSERT INTO services (id, prefix, name_ro, name_en, number_start, number_end, wrap, daily_capacity, target_wait_minutes,
      avg_service_minutes, open, kiosk_order, color, icon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of demo.services) {
    svc.run(s.id, s.prefix, s.nameRo, s.nameEn, s.numberStart, s.numberEnd, Number(s.wrap), s.dailyCapacity, s.targetWaitMinutes, s.avgServiceMinutes, Number(s.open), s.kioskOrder, s.color, s.icon);
  }
  const cnt = sqlite.prepare('INSERT INTO counters (id, number, name, services, state, pause_reason, current_ticket_id, streak, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const c of demo.counters) cnt.run(c.id, c.number, c.name, JSON.stringify(c.services), c.state, null, null, JSON.stringify(c.streak), c.changedAt);
  sqlite.prepare("INSERT INTO users (username, password_hash, role, created_at) VALUES ('vechi', 'scrypt$1$1$1$x$y', 'clerk', 1)").run();
  sqlite.close();
  return dataDir;
}

t.test('a database made before the setup pages upgrades cleanly and keeps its office', async (t) => {
  const dataDir = databaseBeforeSetup(t.testdir());
  const s = await build(t, { dataDir, clock: new TestClock(MONDAY_10) });
  t.ok(readdirSync(join(dataDir, 'backups')).some((f) => f.startsWith('qms-before-migration-')), 'a copy was kept before migrating');

  const services = (await s.staff.get('/api/admin/services')).body as { id: string; active: boolean; appointments: boolean }[];
  t.equal(services.length, 5);
  t.ok(services.every((x) => x.active && !x.appointments), 'every service active, without appointments');
  const counters = (await s.staff.get('/api/admin/counters')).body as { location: string; priorityRatio: unknown; active: boolean }[];
  t.equal(counters.length, 8);
  t.ok(counters.every((c) => c.location === '' && c.priorityRatio === null && c.active), 'every counter active, no location, the office ratio');
  t.match((await s.staff.get('/api/users')).body.find((u: { username: string }) => u.username === 'vechi'), { counters: null });
  t.match((await s.staff.get('/api/office')).body.settings, { specialDays: [], languages: ['ro', 'en'], ticketHeader: '' });

  const kiosk = await s.localKiosk();
  t.match(await kiosk.post('/api/kiosk/tickets', { serviceId: 'cashier' }), { status: 201, body: { ticket: { code: 'D001' } } });
  t.equal((await s.staff.request('PUT', '/api/admin/counters/counter-1', {
    number: 1, name: 'Ghișeul 1', location: 'Parter', services: [{ serviceId: 'cashier', order: 1, weight: 1 }], priorityRatio: { priority: 1, normal: 2 },
  })).status, 200);
  await s.close();
  const again = await build(t, { dataDir, clock: new TestClock(MONDAY_10) });
  t.match((await again.staff.get('/api/admin/counters')).body[0], { location: 'Parter', priorityRatio: { priority: 1, normal: 2 } }, 'the new columns keep what is saved');
});
