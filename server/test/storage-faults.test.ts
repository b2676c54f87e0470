import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { ext4Disk, ext4Refusal, fill, mountRefusal, tmpfs } from '../../scripts/test-support/disks';
import { ADMIN, build, WsClient, type Built } from './helper';

/**
 * The data folder fails under the server: it is read-only at start, or the disk fills up while the office
 * works. The server says so plainly with a stable code, keeps nothing half-written (no ticket in memory
 * that is not on disk, no number used up), and works again once the disk does. Real file systems are
 * used: a small tmpfs, remounted read-only (root ignores file modes).
 */

const refusal = mountRefusal();
if (refusal) t.plan(0, refusal);

const remount = (dir: string, mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, dir]);

/** Every row of the queue's tables, straight from the file. */
function dump(dataDir: string): string {
  const db = new Database(join(dataDir, 'qms.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return JSON.stringify(
      ['tickets', 'events', 'counters', 'services', 'office', 'idempotency'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()),
    );
  } finally {
    db.close();
  }
}

const serverEntry = fileURLToPath(new URL('../src/server.ts', import.meta.url));

/** Starts the server on this folder and waits for it to stop by itself: its exit code and what it wrote. */
function startExpectingExit(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', QMS_ADMIN: `${ADMIN.username}:${ADMIN.password}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The plain message a read-only data folder deserves: which folder, and that it cannot be written. */
const READ_ONLY_MESSAGE = (dataDir: string) => new RegExp(`${dataDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[\\s\\S]*(read-only|cannot be written)`, 'i');

t.test('a read-only data folder stops the start with a plain message and an error exit code', async (t) => {
  const disk = tmpfs(t, 16);
  const dataDir = join(disk, 'qms');
  const s = await build(t, { dataDir });
  const issued = await s.staff.post('/api/tickets', { serviceId: 'information' });
  t.equal(issued.status, 201, 'the office worked on this folder');
  await s.close();
  const before = dump(dataDir);
  remount(disk, 'ro');

  const withDb = await startExpectingExit(dataDir);
  t.not(withDb.code, 0, `the server stops with an error exit code (${withDb.code})`);
  t.notMatch(withDb.output, /Server listening/, 'it does not start listening');
  t.match(withDb.output, READ_ONLY_MESSAGE(dataDir), 'the message names the folder and says it cannot be written');
  t.equal(dump(dataDir), before, 'the database is as it was');

  const fresh = join(disk, 'new-office');
  const empty = await startExpectingExit(fresh);
  t.not(empty.code, 0, `a new, empty data folder on a read-only disk: error exit code (${empty.code})`);
  t.match(empty.output, READ_ONLY_MESSAGE(fresh), 'the message names the folder and says it cannot be written');
});

/** The server, a signed-in administrator and a display listening, on a data folder of its own tmpfs. */
async function office(t: Test, mib: number): Promise<{ disk: string; s: Built; display: WsClient }> {
  const disk = tmpfs(t, mib);
  const s = await build(t, { dataDir: join(disk, 'qms') });
  const display = new WsClient(s.url);
  t.teardown(() => display.close());
  await display.hello(['queue']);
  return { disk, s, display };
}

t.test('a full disk refuses a ticket with QMS_ERR_STORAGE_FULL, keeps nothing of it, and issues the next number once space is freed', async (t) => {
  const { disk, s, display } = await office(t, 8);
  const dataDir = join(disk, 'qms');
  t.equal((await s.staff.post('/api/tickets', { serviceId: 'information' })).body.code, 'E001');

  const free = fill(disk);
  t.equal(statfsSync(disk).bavail, 0, 'the disk is full');
  // SQLite may still have room in its write-ahead log for a ticket or two: the office goes on until the
  // first write that needs more space.
  const key = { 'idempotency-key': 'kiosk-press-0001' };
  let stored = 1;
  let queueBefore: unknown;
  let before = '';
  let refused: Awaited<ReturnType<typeof s.staff.post>> | undefined;
  while (!refused && stored < 500) {
    queueBefore = (await s.staff.get('/api/queue')).body;
    before = dump(dataDir);
    const r = await s.staff.post('/api/tickets', { serviceId: 'information' }, key);
    if (r.status === 201) {
      stored++;
      key['idempotency-key'] = `kiosk-press-${String(stored).padStart(4, '0')}`;
    } else refused = r;
  }
  t.ok(refused, `a ticket is refused once the disk has no room (${stored - 1} more fitted in the log)`);
  t.equal(refused?.status, 507, 'the ticket is refused with 507 Insufficient Storage');
  t.equal(refused?.body.code, 'QMS_ERR_STORAGE_FULL');
  t.match(refused?.body.message, /disk is full[\s\S]*not saved/, 'the message says the disk is full and nothing was saved');
  const call = await s.staff.post('/api/counters/counter-1/call-next');
  t.equal(call.body.code, 'QMS_ERR_STORAGE_FULL', 'a call is refused the same way');

  t.same((await s.staff.get('/api/queue')).body, queueBefore, 'the queue in memory is as before: no ticket, no call');
  const health = await s.anon.get('/api/health');
  t.equal(health.status, 200, 'the server is still up');
  t.match(health.body, { status: 'degraded', storage: { writable: true, freeBytes: 0, low: true } }, 'and its health says the disk is full');
  t.equal(dump(dataDir), before, 'the database holds nothing of the refused ticket or call');

  free();
  const code = (n: number) => `E${String(n).padStart(3, '0')}`;
  const retried = await s.staff.post('/api/tickets', { serviceId: 'information' }, key);
  t.equal(retried.status, 201, 'with space again, the same press gives a ticket (the refusal was not remembered)');
  t.equal(retried.body.code, code(stored + 1), 'it gets the next number: the refused one did not use it up');
  const issued = display.events('ticket.issued').map((m) => (m as { data: { ticket: { code: string } } }).data.ticket.code);
  t.same(issued, Array.from({ length: stored + 1 }, (_, i) => code(i + 1)), 'the hall display heard of the stored tickets only');
  const after = await s.staff.post('/api/tickets', { serviceId: 'information' });
  t.equal(after.body.code, code(stored + 2));
  // The health keeps its look at the disk for two seconds.
  let health2 = (await s.anon.get('/api/health')).body;
  for (let i = 0; i < 30 && health2.status !== 'ok'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    health2 = (await s.anon.get('/api/health')).body;
  }
  t.match(health2, { status: 'ok', storage: { writable: true, low: true } }, 'healthy again, the disk still small');
});

const ext4 = ext4Refusal();

t.test('a disk that turns read-only while the office works: 503 QMS_ERR_STORAGE_FAILED, nothing half-written, every acknowledged ticket kept', { skip: ext4 ?? false }, async (t) => {
  const disk = ext4Disk(t, 64);
  const dataDir = join(disk.dir, 'qms');
  const s = await build(t, { dataDir });
  const display = new WsClient(s.url);
  t.teardown(() => display.close());
  await display.hello(['queue']);
  const codes: string[] = [];
  for (let i = 0; i < 3; i++) codes.push((await s.staff.post('/api/tickets', { serviceId: 'information' })).body.code);
  t.same(codes, ['E001', 'E002', 'E003']);
  t.match((await s.anon.get('/api/health')).body, { status: 'ok', storage: { writable: true } });
  const queueBefore = (await s.staff.get('/api/queue')).body;

  disk.fail();
  // Older kernels show the mount as "ro"; newer ones keep "rw" and add "emergency_ro".
  t.match(readFileSync('/proc/mounts', 'utf8'), new RegExp(`${disk.dir} ext4 (ro,|\\S*emergency_ro)`), 'the kernel turned the data folder read-only');

  const refused = await s.staff.post('/api/tickets', { serviceId: 'information' }, { 'idempotency-key': 'kiosk-press-after-failure' });
  t.equal(refused.status, 503, 'a ticket is refused with 503');
  t.equal(refused.body.code, 'QMS_ERR_STORAGE_FAILED');
  t.match(refused.body.message, /cannot be written[\s\S]*not saved/, 'the message says the data folder cannot be written and nothing was saved');
  const call = await s.staff.post('/api/counters/counter-1/call-next');
  t.equal(call.body.code, 'QMS_ERR_STORAGE_FAILED', 'a call is refused the same way');
  t.same((await s.staff.get('/api/queue')).body, queueBefore, 'the queue in memory is as before: no ticket, no call');
  const health = await s.anon.get('/api/health');
  t.equal(health.status, 200, 'the server is still up and answers');
  t.match(health.body, { status: 'degraded', storage: { writable: false } }, 'its health says the data folder cannot be written');
  await s.close();

  disk.repair();
  const again = await build(t, { dataDir });
  const tickets = ((await again.staff.get('/api/queue')).body.tickets as { code: string; status: string }[]).map((x) => [x.code, x.status]);
  t.same(tickets, [['E001', 'waiting'], ['E002', 'waiting'], ['E003', 'waiting']], 'after the repair every acknowledged ticket is there, waiting, and nothing else');
  t.equal((await again.staff.post('/api/tickets', { serviceId: 'information' }, { 'idempotency-key': 'kiosk-press-after-failure' })).body.code, 'E004', 'the refused press gets the next number now');
  const heard = display.events('ticket.issued').map((m) => (m as { data: { ticket: { code: string } } }).data.ticket.code);
  t.same(heard, ['E001', 'E002', 'E003'], 'the hall display heard of the stored tickets only');
});
