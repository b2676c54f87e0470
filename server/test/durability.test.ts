import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import t from 'tap';
import { build, Client, spawnServer, TestClock } from './helper';

const SERVICES = ['id-applications', 'id-pickup', 'civil-status', 'cashier', 'information'] as const;
const PREFIX: Record<string, string> = { 'id-applications': 'A', 'id-pickup': 'B', 'civil-status': 'C', cashier: 'D', information: 'E' };

interface Acked {
  id: string;
  code: string;
  number: number;
  serviceId: string;
  officeDay: string;
}

interface Row {
  id: string;
  code: string;
  office_day: string;
  origin_service_id: string;
  number: number;
  status: string;
}

const isRunning = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

t.test('every acknowledged ticket survives a SIGKILL in the middle of a burst, and no number is given twice', async (t) => {
  const dataDir = t.testdir();
  const children: ChildProcess[] = [];
  t.teardown(() => {
    for (const c of children) if (isRunning(c)) c.kill('SIGKILL');
  });

  const first = await spawnServer(dataDir);
  children.push(first.child);
  const exited = once(first.child, 'exit');
  const staff = await new Client(first.url).login();

  const TOTAL = 1000;
  const CONCURRENCY = 32;
  const KILL_AFTER = 300;
  const acked: Acked[] = [];
  const refused: string[] = [];
  const failedBeforeKill: string[] = [];
  let failedAfterKill = 0;
  let next = 0;
  let killed = false;

  const worker = async () => {
    while (next < TOTAL) {
      const n = next++;
      try {
        const r = await staff.post('/api/tickets', { serviceId: SERVICES[n % SERVICES.length] });
        if (r.status !== 201) {
          refused.push(`${r.status} ${JSON.stringify(r.body)}`);
          continue;
        }
        acked.push({ id: r.body.id, code: r.body.code, number: r.body.number, serviceId: r.body.serviceId, officeDay: r.body.officeDay });
        if (!killed && acked.length >= KILL_AFTER) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      } catch (error) {
        // Requests in flight at the kill, and any sent after it, fail: that is the point.
        if (killed) {
          failedAfterKill++;
          return;
        }
        failedBeforeKill.push(String(error));
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const [, signal] = await exited;

  t.same(refused, [], 'the server refused no ticket before the kill');
  t.same(failedBeforeKill, [], 'no request failed before the kill');
  t.ok(killed, 'the server was killed during the burst');
  t.equal(signal, 'SIGKILL', 'the server died of SIGKILL, with no chance to clean up');
  t.ok(acked.length >= KILL_AFTER && acked.length < TOTAL, `the kill came mid-burst (${acked.length} of ${TOTAL} acknowledged)`);
  t.ok(failedAfterKill > 0, `requests were in flight or still to come when the server died (${failedAfterKill} failed)`);
  t.equal(new Set(acked.map((a) => a.code)).size, acked.length, 'no code was acknowledged twice before the kill');

  // The appliance comes back on the same data.
  const second = await spawnServer(dataDir);
  children.push(second.child);
  const staff2 = await new Client(second.url).login();

  const lost: string[] = [];
  const changed: string[] = [];
  for (let i = 0; i < acked.length; i += CONCURRENCY) {
    await Promise.all(
      acked.slice(i, i + CONCURRENCY).map(async (a) => {
        const r = await staff2.get(`/api/tickets/${a.id}`);
        if (r.status !== 200) lost.push(`${a.code} (${a.id}): ${r.status}`);
        else if (r.body.code !== a.code || r.body.officeDay !== a.officeDay || r.body.status !== 'waiting') {
          changed.push(`${a.code} came back as ${r.body.code} ${r.body.officeDay} ${r.body.status}`);
        }
      }),
    );
  }
  t.same(lost, [], 'every acknowledged ticket is still there after the crash');
  t.same(changed, [], 'every acknowledged ticket has the same code, day and status');

  const q = await staff2.get('/api/queue');
  const day = acked[0]!.officeDay;
  const sameDay = q.body.officeDay === day;
  if (!sameDay) t.comment(`the office day changed during the test (${day} -> ${q.body.officeDay}); numbering checks skipped`);
  const waiting = q.body.tickets as { id: string; code: string; number: number; originServiceId: string }[];
  const maxBefore: Record<string, number> = {};
  if (sameDay) {
    const ids = new Set(waiting.map((x) => x.id));
    t.same(
      acked.filter((a) => !ids.has(a.id)).map((a) => a.code),
      [],
      'GET /api/queue lists every acknowledged ticket as waiting',
    );
    t.equal(new Set(waiting.map((x) => x.code)).size, waiting.length, 'no two tickets in the queue share a code');
    for (const sv of SERVICES) {
      const numbers = waiting
        .filter((x) => x.originServiceId === sv)
        .map((x) => x.number)
        .sort((a, b) => a - b);
      maxBefore[sv] = numbers.at(-1) ?? 0;
      // Groups are committed in order, so a crash can only lose the newest numbers, never one in the middle.
      t.same(numbers, Array.from({ length: numbers.length }, (_, i) => i + 1), `${sv}: stored numbers run 1..${numbers.length} with no hole`);
      const view = q.body.services.find((x: { id: string }) => x.id === sv);
      t.equal(view.issuedToday, numbers.length, `${sv}: issuedToday counts the stored tickets`);
    }
  }

  // Numbering continues after the restart, with no number given again.
  const after: Acked[] = [];
  for (let round = 0; round < 3; round++) {
    const replies = await Promise.all(SERVICES.map((serviceId) => staff2.post('/api/tickets', { serviceId })));
    for (const r of replies) {
      t.equal(r.status, 201, 'tickets are issued after the restart');
      after.push({ id: r.body.id, code: r.body.code, number: r.body.number, serviceId: r.body.serviceId, officeDay: r.body.officeDay });
    }
  }
  if (sameDay) {
    for (const sv of SERVICES) {
      const mine = after.filter((a) => a.serviceId === sv).map((a) => a.code);
      const m = maxBefore[sv]!;
      const expected = [1, 2, 3].map((k) => `${PREFIX[sv]}${String(m + k).padStart(3, '0')}`);
      t.same(mine, expected, `${sv}: after the restart numbering continues at ${expected[0]}`);
    }
  }

  // Stop the server cleanly and read every ticket straight from the SQLite file.
  const stopped = once(second.child, 'exit');
  second.child.kill('SIGTERM');
  await stopped;
  const sqlite = new Database(join(dataDir, 'qms.sqlite'), { readonly: true, fileMustExist: true });
  const rows = sqlite.prepare('SELECT id, code, office_day, origin_service_id, number, status FROM tickets').all() as Row[];
  sqlite.close();

  const dupes = new Map<string, number>();
  for (const r of rows) dupes.set(`${r.office_day} ${r.code}`, (dupes.get(`${r.office_day} ${r.code}`) ?? 0) + 1);
  t.same(
    [...dupes].filter(([, n]) => n > 1).map(([k]) => k),
    [],
    'no code repeats within an office day across everything stored',
  );
  const stored = new Map(rows.map((r) => [r.id, r]));
  t.same(
    [...acked, ...after].filter((a) => stored.get(a.id)?.code !== a.code).map((a) => a.code),
    [],
    'the database file holds every acknowledged ticket, before and after the crash, with its code',
  );
  t.ok(rows.length >= acked.length + after.length, 'nothing acknowledged is missing from the file');
  t.ok(rows.length <= TOTAL + after.length, 'no ticket was stored that nobody asked for');
  for (const r of rows) {
    if (r.code !== `${PREFIX[r.origin_service_id]}${String(r.number).padStart(3, '0')}`) t.fail(`stored code ${r.code} does not match number ${r.number}`);
  }
});

t.test('a restarted server has the tickets, numbering and counters it had', async (t) => {
  const dataDir = t.testdir();
  const clock = new TestClock(Date.parse('2026-11-24T10:00:00Z')); // 12:00 in Bucharest
  const s1 = await build(t, { clock, dataDir });
  const issue = async (serviceId: string, priority?: string) => {
    const r = await s1.staff.post('/api/tickets', priority ? { serviceId, priority } : { serviceId });
    t.equal(r.status, 201);
    clock.advance(1000);
    return r.body as { id: string; code: string };
  };
  const a1 = await issue('id-applications');
  await issue('id-applications');
  await issue('id-pickup');
  // civil-status, only served by counters 6 and 7: normal C001, priority C002-C004, normal C005.
  const c1 = await issue('civil-status');
  await issue('civil-status', 'elderly');
  await issue('civil-status', 'pregnant');
  const c4 = await issue('civil-status', 'disabled');
  await issue('civil-status');
  const e1 = await issue('information');

  const call = async (s: typeof s1, counter: string) => {
    const r = await s.staff.post(`/api/counters/${counter}/call-next`, {});
    t.equal(r.status, 200, `${counter} calls a ticket`);
    clock.advance(1000);
    return r.body.ticket as { id: string; code: string };
  };
  t.equal((await call(s1, 'counter-1')).code, 'A001');
  const b1 = await call(s1, 'counter-3');
  t.equal(b1.code, 'A002', 'counter 3 serves id-applications first');
  t.equal((await s1.staff.post(`/api/tickets/${b1.id}/start`, {})).status, 200, 'A002 is being served');
  // The office serves 2 priority tickets, then 1 normal: counter 6 has just called two priority ones.
  t.equal((await call(s1, 'counter-6')).code, 'C002');
  t.equal((await call(s1, 'counter-6')).code, 'C003');
  t.equal((await s1.staff.post('/api/counters/counter-7/pause', { reason: 'break' })).status, 200);
  t.equal((await s1.staff.post('/api/counters/counter-8/close', {})).status, 200);
  t.equal((await s1.staff.post('/api/services/cashier/close', {})).status, 200);

  const queueBefore = await s1.staff.get('/api/queue');
  const countersBefore = await s1.staff.get('/api/counters');
  const servicesBefore = await s1.staff.get('/api/services');
  const ticketsBefore = await Promise.all([a1, c1, c4, e1].map((x) => s1.staff.get(`/api/tickets/${x.id}`)));
  await s1.close();

  const s2 = await build(t, { clock, dataDir });
  t.same(await s2.staff.get('/api/queue'), queueBefore, 'GET /api/queue is exactly as before the restart');
  t.same(await s2.staff.get('/api/counters'), countersBefore, 'the counters are as they were: who holds what, paused, closed');
  t.same(await s2.staff.get('/api/services'), servicesBefore, 'the services are as they were, cashier still closed');
  t.same(await Promise.all([a1, c1, c4, e1].map((x) => s2.staff.get(`/api/tickets/${x.id}`))), ticketsBefore, 'single tickets read the same');

  // Numbering continues.
  const next = async (serviceId: string) => (await s2.staff.post('/api/tickets', { serviceId })).body.code;
  t.equal(await next('id-applications'), 'A003');
  t.equal(await next('id-pickup'), 'B002');
  t.equal(await next('civil-status'), 'C006');
  t.equal(await next('information'), 'E002');
  const cashier = await s2.staff.post('/api/tickets', { serviceId: 'cashier' });
  t.equal(cashier.status, 409, 'the closed cashier still issues nothing');
  t.equal(cashier.body.code, 'QMS_ERR_SERVICE_CLOSED');

  // The priority interleaving picks up where it was: after two priority calls, a normal one.
  t.equal((await call(s2, 'counter-6')).code, 'C001', 'counter 6 calls the waiting normal ticket C001, as it would have without the restart');
  t.equal((await call(s2, 'counter-6')).code, 'C004', 'then priority again');
  // Counter 1 finishes A001 and calls the next A.
  t.equal((await call(s2, 'counter-1')).code, 'A003');
  const a1After = await s2.staff.get(`/api/tickets/${a1.id}`);
  t.equal(a1After.body.status, 'done', 'A001, called before the restart, is finished by the next call');
  const paused = await s2.staff.post('/api/counters/counter-7/call-next', {});
  t.equal(paused.status, 200, 'paused counter 7 resumes by calling');
  t.equal(paused.body.counter.state, 'open');
  const closed = await s2.staff.post('/api/counters/counter-8/call-next', {});
  t.equal(closed.status, 409, 'closed counter 8 calls nobody');
  t.equal(closed.body.code, 'QMS_ERR_COUNTER_CLOSED');
});
