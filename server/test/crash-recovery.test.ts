import { topicsOf, type QueueEvent } from '@qms/shared';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import WebSocket from 'ws';
import { LiveFeed, type Incoming, type SocketLike } from '../../shared/web/live';
import { ADMIN, Client, deviceClient, spawnServer, START_ENV, START_FLAGS, WsClient } from './helper';

/**
 * The appliance dies (kill -9) in the middle of a working morning and is started again on the same port:
 * a kiosk issuing, four clerks calling, two hall displays and two citizens' phones listening. Everything
 * acknowledged is there, no number repeats, and every listening screen is back in sync by itself.
 */

const builtEntry = fileURLToPath(new URL('../dist/server.mjs', import.meta.url));
const built = existsSync(builtEntry);

/** The server as it restarts after the crash: the same program on the same port, without building again. */
async function restart(dataDir: string, port: number): Promise<{ url: string; child: ChildProcess }> {
  if (!built) return spawnServer(dataDir, { port });
  const child = spawn(process.execPath, [...START_FLAGS, builtEntry], {
    env: { ...process.env, ...START_ENV, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', QMS_ADMIN: `${ADMIN.username}:${ADMIN.password}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${out}`)));
  });
  child.stdout.resume();
  return { url, child };
}

/** The `ws` package's WebSocket, as the browser's one the feed expects. */
const nodeSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;

/** A screen's live feed that keeps what it heard. */
class Screen extends LiveFeed {
  /** Seqs of the events handed on, in order. */
  readonly heard: number[] = [];
  /** The seq of the first snapshot: everything after it must be heard. */
  base: number | null = null;
  readyCount = 0;

  constructor(
    readonly name: string,
    url: string,
    readonly topics: string[],
    opts: { lastSeq?: number | null; hello?: boolean; onRefresh?: () => void } = {},
  ) {
    super({ url: url.replace(/^http/, 'ws') + '/ws', topics, ...opts, createSocket: nodeSocket, onEvent: (e) => this.heard.push(e.seq) });
    this.base = opts.lastSeq ?? null;
  }

  protected override receive(m: Incoming): void {
    if (m.type === 'snapshot' && this.base === null && typeof m.seq === 'number') this.base = m.seq;
    if (m.type === 'ready') this.readyCount++;
    super.receive(m);
  }
}

interface Acked {
  id: string;
  code: string;
  officeDay: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isRunning = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

t.test('after kill -9 under load every acknowledged ticket and call is there, no number repeats, every screen resyncs by itself', async (t) => {
  const dataDir = t.testdir();
  const children: ChildProcess[] = [];
  const screens: Screen[] = [];
  t.teardown(() => {
    for (const s of screens) s.stop();
    for (const c of children) if (isRunning(c)) c.kill('SIGKILL');
  });

  const first = await spawnServer(dataDir, { built });
  children.push(first.child);
  const port = Number(new URL(first.url).port);
  t.comment(`server: ${built ? 'bundled (npm start)' : 'from source (tsx)'} on port ${port}`);
  const url = first.url;
  const admin = await new Client(url).login();

  const local = await new Client(url).post('/api/devices/local');
  const kiosk = deviceClient(url, local.body.token);
  t.equal((await admin.patch(`/api/devices/${local.body.device.id}`, { settings: { ticketsPerMinute: 120 } })).status, 200, 'the kiosk may give 120 tickets a minute');
  const clerks: { client: Client; counterId: string }[] = [];
  for (let n = 1; n <= 4; n++) {
    t.equal((await admin.post('/api/users', { username: `clerk${n}`, password: 'clerk-password-1', role: 'clerk' })).status, 201);
    const client = new Client(url);
    const r = await client.post('/api/auth/login', { username: `clerk${n}`, password: 'clerk-password-1', counterId: `counter-${n}` });
    t.equal(r.status, 200, `clerk ${n} works at counter ${n}`);
    clerks.push({ client, counterId: `counter-${n}` });
  }

  // The two first tickets are followed on phones, from the link on the ticket.
  let currentUrl = url;
  const ticketsAcked: Acked[] = [];
  const phones: { screen: Screen; token: string; id: string; status: string | null }[] = [];
  for (const serviceId of ['id-applications', 'information']) {
    const r = await kiosk.post('/api/kiosk/tickets', { serviceId });
    t.equal(r.status, 201, 'the kiosk issues a ticket');
    ticketsAcked.push({ id: r.body.ticket.id, code: r.body.ticket.code, officeDay: r.body.ticket.officeDay });
    const token = new URL(r.body.followUrl).pathname.split('/').pop()!;
    const page = (await new Client(url).get(`/api/public/tickets/${token}`)).body;
    const phone = { screen: null as unknown as Screen, token, id: page.ticketId as string, status: page.status as string | null };
    phone.screen = new Screen(`phone ${page.code}`, url, [`ticket:${page.ticketId}`, `service:${page.serviceId}`], {
      lastSeq: page.seq,
      // Like the ticket page: on catching up, it fetches the ticket again.
      onRefresh: () => {
        phone.status = null;
        void new Client(currentUrl)
          .get(`/api/public/tickets/${token}`)
          .then((p) => (phone.status = p.status === 200 ? p.body.status : null))
          .catch(() => undefined);
      },
    });
    phones.push(phone);
  }
  const displays = [1, 2].map((n) => new Screen(`display ${n}`, url, ['queue', 'signage']));
  const counters = clerks.map((c) => new Screen(`counter panel ${c.counterId}`, url, ['queue'], { hello: true }));
  screens.push(...displays, ...counters, ...phones.map((p) => p.screen));
  for (const s of screens) s.start();
  while (screens.some((s) => s.status !== 'live')) await sleep(20);

  // The load: the kiosk issues about ten tickets a second, each clerk calls the next ticket again and again.
  const callsAcked: { ticketId: string; code: string; counterId: string }[] = [];
  let running = true;
  const kioskLoop = async () => {
    const services = ['id-applications', 'id-pickup', 'information'];
    for (let i = 0; running; i++) {
      try {
        const r = await kiosk.post('/api/kiosk/tickets', { serviceId: services[i % services.length] });
        if (r.status === 201) ticketsAcked.push({ id: r.body.ticket.id, code: r.body.ticket.code, officeDay: r.body.ticket.officeDay });
      } catch {
        /* the server is gone */
      }
      await sleep(100);
    }
  };
  const counterLoop = async ({ client, counterId }: (typeof clerks)[number]) => {
    while (running) {
      try {
        const r = await client.post(`/api/counters/${counterId}/call-next`);
        if (r.status === 200) callsAcked.push({ ticketId: r.body.ticket.id, code: r.body.ticket.code, counterId });
      } catch {
        /* the server is gone */
      }
      await sleep(40 + Math.random() * 80);
    }
  };
  const load = () => {
    running = true;
    return Promise.all([kioskLoop(), ...clerks.map(counterLoop)]);
  };

  let loading = load();
  const killAfter = Math.round(1500 + Math.random() * 3000);
  await sleep(killAfter);
  const exited = once(first.child, 'exit');
  first.child.kill('SIGKILL');
  const killedAt = performance.now();
  const [, signal] = await exited;
  running = false;
  await loading;
  t.equal(signal, 'SIGKILL', `the server was killed with SIGKILL after ${killAfter} ms of load`);
  t.ok(ticketsAcked.length > 10 && callsAcked.length > 4, `load before the kill: ${ticketsAcked.length} tickets and ${callsAcked.length} calls acknowledged`);

  // The appliance comes back on the same port; nobody touches the screens.
  const second = await restart(dataDir, port);
  children.push(second.child);
  currentUrl = second.url;
  const listeningAt = performance.now();
  t.equal(second.url, url, 'the server is back at the same address');
  const probe = new WsClient(url);
  const ready = (await probe.hello(['*'], null)) as { seq: number };
  const serverSeq = ready.seq;
  probe.close();

  const statusOf = async (id: string) => (await admin.get(`/api/tickets/${id}`)).body.status as string;
  const phoneTruth = await Promise.all(phones.map((p) => statusOf(p.id)));
  const inSync = (s: Screen) => s.status === 'live' && s.lastSeq === serverSeq;
  const synced = new Map<string, number>();
  const deadline = listeningAt + 10_000;
  while (performance.now() < deadline && synced.size < screens.length) {
    for (const s of screens) {
      const phone = phones.findIndex((p) => p.screen === s);
      const ok = inSync(s) && (phone < 0 || phones[phone]!.status === phoneTruth[phone]);
      if (ok && !synced.has(s.name)) synced.set(s.name, performance.now());
    }
    await sleep(10);
  }
  const slowest = Math.max(...[...synced.values()].map((at) => at - listeningAt));
  t.comment(
    `time to sync after the restart: ${screens.map((s) => `${s.name} ${synced.has(s.name) ? Math.round(synced.get(s.name)! - listeningAt) : 'never'} ms`).join(', ')}`,
  );
  t.comment(`the server was down ${Math.round(listeningAt - killedAt)} ms; the slowest screen synced ${Math.round(slowest)} ms after it was back, ${Math.round(slowest + listeningAt - killedAt)} ms after the kill`);
  t.same(
    screens.filter((s) => !synced.has(s.name)).map((s) => `${s.name}: ${s.status}, seq ${s.lastSeq} of ${serverSeq}`),
    [],
    'every display, counter panel and phone is back in sync by itself',
  );
  t.ok(slowest <= 5000, `all within 5 s of the server being back (${Math.round(slowest)} ms)`);

  // Everything acknowledged is there.
  const lost: string[] = [];
  for (const a of ticketsAcked) {
    const r = await admin.get(`/api/tickets/${a.id}`);
    if (r.status !== 200 || r.body.code !== a.code) lost.push(`${a.code}: ${r.status} ${r.body?.code}`);
  }
  t.same(lost, [], `every acknowledged ticket is there (${ticketsAcked.length})`);
  const callsLost: string[] = [];
  for (const c of callsAcked) {
    const r = await admin.get(`/api/tickets/${c.ticketId}`);
    if (r.body.calledAt === null || !['called', 'serving', 'done'].includes(r.body.status)) callsLost.push(`${c.code} at ${c.counterId}: ${r.body.status}`);
  }
  t.same(callsLost, [], `every acknowledged call is there (${callsAcked.length})`);
  const counterState = (await admin.get('/api/counters')).body as { id: string; currentTicketId: string | null }[];
  for (const { counterId } of clerks) {
    const last = callsAcked.filter((c) => c.counterId === counterId).at(-1);
    const now = counterState.find((c) => c.id === counterId)?.currentTicketId ?? null;
    // A call made just before the kill may be stored without its answer having arrived: then it is newer.
    const newer = now !== null && !callsAcked.some((c) => c.ticketId === now);
    t.ok(last === undefined || now === last.ticketId || newer, `${counterId} holds its last acknowledged call (${last?.code ?? 'none'}) or a newer one`);
  }

  // The office goes on: screens hear it live.
  loading = load();
  await sleep(1500);
  running = false;
  await loading;
  await sleep(300);
  const log = new WsClient(url);
  const logReady = (await log.hello(['*'], 0)) as { seq: number };
  await sleep(200);
  const events = log.messages.filter((m): m is typeof m & { seq: number } => 'seq' in m && typeof m.seq === 'number' && m.type.includes('.'));
  log.close();
  t.equal(events.at(-1)?.seq, logReady.seq, `the event log replays up to seq ${logReady.seq}`);
  for (const s of screens) {
    const expected = events.filter((e) => e.seq > (s.base ?? 0) && topicsOf(e as unknown as QueueEvent).some((x) => s.topics.includes(x))).map((e) => e.seq);
    const heard = new Set(s.heard);
    const missing = expected.filter((seq) => !heard.has(seq));
    t.same(missing, [], `${s.name} heard every event for it after its first view (${expected.length}), none missing`);
    t.ok(s.heard.every((seq, i) => i === 0 || seq > s.heard[i - 1]!), `${s.name} heard each event once, in order`);
    t.equal(s.readyCount, 2, `${s.name} connected twice: before the crash and once after it`);
  }

  // No number was given twice: every ticket in the file, after a clean stop.
  for (const s of screens) s.stop();
  const stopped = once(second.child, 'exit');
  second.child.kill('SIGTERM');
  await stopped;
  const sqlite = new Database(join(dataDir, 'qms.sqlite'), { readonly: true, fileMustExist: true });
  const rows = sqlite.prepare('SELECT id, code, office_day AS officeDay FROM tickets').all() as Acked[];
  sqlite.close();
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(`${r.officeDay} ${r.code}`, (seen.get(`${r.officeDay} ${r.code}`) ?? 0) + 1);
  t.same(
    [...seen].filter(([, n]) => n > 1).map(([k]) => k),
    [],
    `no code repeats among the ${rows.length} tickets stored`,
  );
  const stored = new Set(rows.map((r) => r.id));
  t.same(
    ticketsAcked.filter((a) => !stored.has(a.id)).map((a) => a.code),
    [],
    'the file holds every acknowledged ticket, before and after the crash',
  );
});
