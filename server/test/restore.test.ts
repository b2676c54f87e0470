import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Client, spawnServer, WsClient } from './helper';

/** The server answering on `url` with a health that satisfies `ready`. */
async function until<T>(get: () => Promise<T>, ready: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await get();
      if (ready(v)) return v;
    } catch {
      // not answering yet: restarting
    }
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A folder of the test's own, beside the server's data folder. */
function scratch(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'qms-restore-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Queue {
  tickets: { code: string; status: string; serviceId: string }[];
}

const health = async (url: string) => (await (await fetch(`${url}/api/health`)).json()) as { status: string; seq: number; officeDay: string; startedAt: string };
const upload = (c: Client, body: Buffer | string, name?: string) =>
  fetch(`${c.url}/api/backups/restore${name ? `?name=${encodeURIComponent(name)}` : ''}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body,
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
const tickets = (q: Queue) => q.tickets.map((x) => [x.code, x.status, x.serviceId]);

t.test('a backup restored from the browser brings back its queue and history on the same address', async (t) => {
  const dataDir = t.testdir();
  const { url, child } = await spawnServer(dataDir);
  t.teardown(() => void child.kill('SIGKILL'));
  const staff = await new Client(url).login();

  for (const serviceId of ['id-applications', 'id-applications', 'id-pickup']) t.equal((await staff.post('/api/tickets', { serviceId })).status, 201);
  await staff.post('/api/counters/counter-1/call-next');
  const taken = await staff.post('/api/backups');
  t.equal(taken.status, 201);
  const download = await fetch(`${url}/api/backups/${taken.body.name}`, { headers: { cookie: staff.cookie } });
  const backup = Buffer.from(await download.arrayBuffer());
  const atBackup = { queue: (await staff.get('/api/queue')).body as Queue, health: await health(url) };
  const day = atBackup.health.officeDay;
  const reportAtBackup = (await staff.get(`/api/reports/waiting?from=${day}&to=${day}`)).body;

  // Work goes on after the backup: more tickets, more calls.
  const later = await staff.post('/api/tickets', { serviceId: 'id-applications' });
  await staff.post('/api/tickets', { serviceId: 'id-pickup' });
  await staff.post('/api/counters/counter-1/call-next');
  const beforeRestore = (await staff.get('/api/queue')).body as Queue;
  t.not(JSON.stringify(tickets(beforeRestore)), JSON.stringify(tickets(atBackup.queue)), 'the queue has moved on');
  const issuedBeforeRestore = (await staff.get(`/api/reports/waiting?from=${day}&to=${day}`)).body.rows.reduce((n: number, r: { issued: number }) => n + r.issued, 0);

  const ws = new WsClient(url);
  const ready = await ws.hello(['queue']);
  const lastSeq = (ready as { seq: number }).seq;
  t.ok(lastSeq > atBackup.health.seq, 'the live log is ahead of the backup');
  const wsClosed = new Promise<number>((resolve) => ws.socket.once('close', resolve));

  const startedBefore = (await health(url)).startedAt;
  const restore = await upload(staff, backup, taken.body.name);
  t.equal(restore.status, 202, 'accepted');
  t.same(restore.body, { restoredFrom: taken.body.name, officeDay: day, tickets: atBackup.queue.tickets.length }, 'what is being restored');
  t.equal(await wsClosed, 1012, 'live clients are told the server restarts');

  // Back on the same address, in the same process, with the backup's data.
  // The restore is marked in the event log with the number after the last one the replaced database had.
  const back = await until(() => health(url), (h) => h.status === 'ok' && h.seq === lastSeq + 1);
  t.equal(back.officeDay, day);
  t.not(back.startedAt, startedBefore, 'a new start of the server');
  t.equal(child.exitCode, null, 'the same server process');
  const admin = await new Client(url).login();
  const queue = (await admin.get('/api/queue')).body as Queue;
  t.same(tickets(queue), tickets(atBackup.queue), "exactly the backup's queue");
  t.same((await admin.get(`/api/reports/waiting?from=${day}&to=${day}`)).body.rows, reportAtBackup.rows, "and the backup's history for the day");
  const next = await admin.post('/api/tickets', { serviceId: 'id-applications' });
  t.equal(next.body.code, later.body.code, "numbering continues from the backup's last number");

  // A client that reconnects with the seq it had seen gets the restored queue as a snapshot, even now that
  // the restored history has numbers past it: those are not the events it missed.
  t.ok((await health(url)).seq > lastSeq, 'the restored log is past the number the client saw');
  const again = new WsClient(url);
  t.teardown(() => again.close());
  const welcome = await again.hello(['queue'], lastSeq);
  t.equal((welcome as { type: string }).type, 'ready');
  t.notOk(again.messages.some((m) => m.type === 'replay'), 'no replay across a restore');
  const snapshot = (await again.waitFor((m) => m.type === 'snapshot')) as unknown as { data: Queue };
  t.same(
    snapshot.data.tickets.map((x) => x.code).sort(),
    [...queue.tickets.map((x) => x.code), next.body.code].sort(),
    'the snapshot is the restored queue',
  );

  // After the restore, catching up works as ever.
  const seen = ((await again.waitFor((m) => m.type === 'ready')) as { seq: number }).seq;
  again.close();
  await admin.post('/api/tickets', { serviceId: 'id-pickup' });
  const later2 = new WsClient(url);
  t.teardown(() => later2.close());
  await later2.hello(['queue'], seen);
  t.ok(later2.messages.some((m) => m.type === 'replay'), 'a client that saw the restored history is replayed what it missed');

  // The replaced database is kept whole in backups/, and the restore is in the restored database's audit log.
  const kept = readdirSync(join(dataDir, 'backups')).filter((f) => /^before-restore-.*\.sqlite$/.test(f));
  t.equal(kept.length, 1, 'the replaced database is kept');
  t.notOk(existsSync(join(dataDir, 'backups', `${kept[0]}-wal`)), 'its write-ahead log folded in');
  const copy = join(scratch(t), 'kept.sqlite');
  copyFileSync(join(dataDir, 'backups', kept[0]!), copy);
  const old = new Database(copy, { readonly: true });
  t.equal((old.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n, issuedBeforeRestore, 'with the tickets issued after the backup');
  old.close();
  t.same(readdirSync(dataDir).filter((f) => f.startsWith('restore-')), [], 'no upload left behind');
  const list = (await admin.get('/api/backups')).body as { name: string }[];
  t.ok(list.some((b) => b.name === kept[0]), 'listed with the backups');
  t.equal((await fetch(`${url}/api/backups/${kept[0]}`, { headers: { cookie: admin.cookie } })).status, 200, 'and downloadable, to undo the restore');
  const audit = (await admin.get('/api/audit')).body as { action: string; username: string; target: string }[];
  t.match(
    audit.find((a) => a.action === 'backup/restore'),
    { username: 'admin', target: taken.body.name },
    'the audit log says who restored which file',
  );
});

t.test('a file that is not a whole backup of this server is refused and changes nothing', async (t) => {
  const dataDir = t.testdir();
  const { url, child } = await spawnServer(dataDir);
  t.teardown(() => void child.kill('SIGKILL'));
  const staff = await new Client(url).login();
  await staff.post('/api/tickets', { serviceId: 'id-applications' });
  const taken = await staff.post('/api/backups');
  const good = readFileSync(join(dataDir, 'backups', taken.body.name));
  await staff.post('/api/tickets', { serviceId: 'id-pickup' });
  const before = { queue: (await staff.get('/api/queue')).body as Queue, health: await health(url) };

  const damaged = Buffer.from(good);
  damaged.fill(0xa5, 4096, 3 * 4096);
  // An index's pages broken: the file opens, and only the integrity check finds it.
  const probe = new Database(join(dataDir, 'backups', taken.body.name), { readonly: true });
  const { rootpage } = probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'tickets_status'").get() as { rootpage: number };
  probe.close();
  const brokenIndex = Buffer.from(good);
  brokenIndex.fill(0xa5, (rootpage - 1) * 4096, (rootpage - 1) * 4096 + 12);
  const variants: [string, Buffer | string][] = [
    ['a text file', 'Aceasta nu este o copie de siguranță.\n'.repeat(200)],
    ['a truncated backup', good.subarray(0, Math.floor(good.length / 2))],
    ['a damaged backup', damaged],
    ['a backup with a broken index', brokenIndex],
  ];
  // A database of some other program, and one from a newer version of this server.
  const other = join(scratch(t), 'other.sqlite');
  const o = new Database(other);
  o.exec('CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES (1)');
  o.close();
  variants.push(['an SQLite file of another program', readFileSync(other)]);
  const newer = join(scratch(t), 'newer.sqlite');
  writeFileSync(newer, good);
  const n = new Database(newer);
  n.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 365 * 86400_000);
  n.pragma('journal_mode = DELETE');
  n.close();
  variants.push(['a backup from a newer server', readFileSync(newer)]);

  for (const [what, body] of variants) {
    const r = await upload(staff, Buffer.from(body));
    t.equal(r.status, 400, `${what}: refused`);
    t.equal(r.body.code, 'QMS_ERR_BAD_BACKUP', `${what}: ${r.body.message}`);
  }
  const after = { queue: (await staff.get('/api/queue')).body as Queue, health: await health(url) };
  t.same(tickets(after.queue), tickets(before.queue), 'the running queue is untouched');
  t.equal(after.health.seq, before.health.seq, 'and its log');
  t.same(readdirSync(dataDir).filter((f) => f.startsWith('restore-')), [], 'every refused upload is deleted');
  t.same(readdirSync(join(dataDir, 'backups')).filter((f) => f.startsWith('before-restore')), [], 'nothing was swapped');

  await staff.post('/api/users', { username: 'mihai', password: 'manager-password-1', role: 'manager' });
  const manager = await new Client(url).login({ username: 'mihai', password: 'manager-password-1' });
  t.equal((await upload(manager, good)).status, 403, 'a manager may not restore');
  t.equal(child.exitCode, null, 'the server runs on');
});
