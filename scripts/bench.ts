/**
 * Performance check of the appliance on this machine: `npm run bench` (tsx scripts/bench.ts).
 *
 *  1. Disk limit: single-row SQLite commits/s with the server's durability (WAL, synchronous=FULL).
 *  2. Durable ticket issuance over HTTP (autocannon, 16 and 64 connections), and its ratio to (1).
 *  3. Call-to-push latency: POST call-next -> 'ticket.called' on 100 WebSocket clients.
 *  4. Server RSS after 100,000 tickets handled as in a working office (and, beside it, with every ticket
 *     of the HTTP runs waiting at once).
 *
 * Prints a report and writes it as JSON to artifacts/bench.json. Everything runs against 127.0.0.1, in a
 * temp data dir under os.tmpdir() that is removed at the end (BENCH_KEEP=1 keeps it).
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { stopServer } from './lib/appliance';
import { ADMIN, spawnServer } from '../server/test/helper';

// ---------------------------------------------------------------- settings

const SERVICES = ['id-applications', 'id-pickup', 'civil-status', 'cashier', 'information'] as const;
const COUNTERS = 8;
const DISK_SECONDS = 5;
const WARMUP_SECONDS = 2;
const HTTP_SECONDS = 10;
const HTTP_CONNECTIONS = [16, 64] as const;
const WS_CLIENTS = 100;
const WS_PRE_ISSUED = 1000;
const WS_WARMUP_CALLS = 10;
const WS_CALLS = 300;
const TOTAL_TICKETS = 100_000;
const DEADLINE_MS = 290_000;

const TARGET = { ratio: 0.6, httpP99Ms: 25, pushP99Ms: 15, rssMiB: 150 };

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

// ---------------------------------------------------------------- small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

interface Dist {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

function dist(samples: readonly number[]): Dist {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: r2(percentile(s, 50)), p90: r2(percentile(s, 90)), p99: r2(percentile(s, 99)), max: r2(s[s.length - 1] ?? NaN), mean: r2(mean) };
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const fmtInt = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => `${x.toFixed(2)} ms`;

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

// ---------------------------------------------------------------- machine

const CLK_TCK = Number(sh('getconf', ['CLK_TCK'])) || 100;

/** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5) (utime, stime) are the 12th and 13th after the command name.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function machine(dir: string) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const df = sh('df', ['-P', '-T', dir]).split('\n')[1]?.split(/\s+/) ?? [];
  const source = df[0] ?? 'unknown';
  const dev = /^\/dev\/([a-z]+)/.exec(source)?.[1];
  const lsblk = dev ? sh('lsblk', ['-dno', 'NAME,SIZE,ROTA,MODEL', `/dev/${dev}`]) : '';
  const rotational = dev ? sh('cat', [`/sys/block/${dev}/queue/rotational`]) : '';
  return {
    date: new Date().toISOString(),
    cpuModel,
    cores: os.availableParallelism(),
    memoryGiB: r2(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    virtualization: sh('systemd-detect-virt', []) || 'unknown',
    gitCommit: `${sh('git', ['rev-parse', '--short', 'HEAD']) || 'unknown'}${sh('git', ['status', '--porcelain', '--', 'server/src', 'shared/src']) ? ' (server/shared sources modified)' : ''}`,
    tmpDir: dir,
    disk: {
      filesystem: source,
      fsType: df[1] ?? 'unknown',
      mountedOn: df[6] ?? 'unknown',
      device: lsblk || source,
      rotational: rotational === '' ? 'unknown' : rotational === '1' ? 'yes (as reported by the kernel)' : 'no',
    },
  };
}

// ---------------------------------------------------------------- 1. disk limit

function diskLimit(dir: string) {
  const db = new Database(join(dir, 'disk-probe.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, data TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO probe (at, data) VALUES (?, ?)');
  const payload = JSON.stringify({ ticket: { id: '00000000-0000-4000-8000-000000000000', code: 'A000001', note: 'x'.repeat(400) } });
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + DISK_SECONDS * 1000;
  let t = start;
  while (t < end) {
    // Autocommit: every INSERT is its own transaction, so every one ends with a WAL fsync.
    insert.run(Date.now(), payload);
    const after = performance.now();
    latencies.push(after - t);
    t = after;
  }
  const seconds = (t - start) / 1000;
  db.close();
  return { commits: latencies.length, seconds: r2(seconds), commitsPerSec: Math.round(latencies.length / seconds), commitLatencyMs: dist(latencies) };
}

// ---------------------------------------------------------------- server process

interface Server {
  url: string;
  child: ChildProcess;
  logBytes: () => number;
  stderrTail: () => string;
}

async function startServer(dataDir: string): Promise<Server> {
  // As `npm start` runs it: the bundled JavaScript build.
  const { url, child } = await spawnServer(dataDir, { built: true });
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  let bytes = 0;
  let tail = '';
  child.stdout!.on('data', (c: Buffer) => (bytes += c.length));
  child.stderr!.on('data', (c: Buffer) => (tail = (tail + c.toString()).slice(-4000)));
  return { url, child, logBytes: () => bytes, stderrTail: () => tail };
}

/** The demo office numbers 1-999 per service per day; the database exists only after a first boot: boot, stop, widen the ranges, boot again. */
async function startWithRange(dataDir: string, numberEnd: number): Promise<Server> {
  await stopServer((await startServer(dataDir)).child);
  const db = new Database(join(dataDir, 'qms.sqlite'));
  db.prepare('UPDATE services SET number_end = ?').run(numberEnd);
  db.close();
  return startServer(dataDir);
}

function rssOf(pid: number): { rssMiB: number; hwmMiB: number; anonMiB: number; fileMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (key: string) => r2(Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024);
  return { rssMiB: mib('VmRSS'), hwmMiB: mib('VmHWM'), anonMiB: mib('RssAnon'), fileMiB: mib('RssFile') };
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 200 || !cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer().catch(() => undefined);
  return cookie;
}

// ---------------------------------------------------------------- issuing with fetch

async function issueWithFetch(url: string, cookie: string, n: number, concurrency: number): Promise<{ ok: number; failed: number; statuses: Record<string, number> }> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  const statuses: Record<string, number> = {};
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const res = await fetch(`${url}/api/tickets`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: SERVICES[i % SERVICES.length] }),
      });
      await res.arrayBuffer();
      if (res.status === 201) ok++;
      else {
        failed++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok, failed, statuses };
}

// ---------------------------------------------------------------- 2. HTTP issuance with autocannon

interface CannonRun {
  connections: number;
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  ticketsPerSec: number;
  /** Share of one core used during the run: the server process, and this process (autocannon). */
  cpu: { serverCores: number; benchCores: number };
  latencyMs: Dist;
  autocannonLatencyMs: { p50: number; p99: number; max: number };
}

function issueRequests(cookie: string): autocannon.Request[] {
  // autocannon walks this list on every connection, so consecutive tickets go to different services.
  return SERVICES.map((serviceId) => ({
    method: 'POST',
    path: '/api/tickets',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId }),
  }));
}

async function cannon(
  url: string,
  cookie: string,
  serverPid: number,
  connections: number,
  limit: { duration: number } | { amount: number; budgetMs: number },
): Promise<CannonRun> {
  const latencies: number[] = [];
  const serverCpu0 = cpuSecondsOf(serverPid);
  const benchCpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const instance = autocannon({
    url,
    connections,
    requests: issueRequests(cookie),
    timeout: 10,
    ...('duration' in limit ? { duration: limit.duration } : { amount: limit.amount }),
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status >= 200 && status < 300) latencies.push(responseTime);
  });
  const guard = 'budgetMs' in limit ? setTimeout(() => instance.stop(), limit.budgetMs) : undefined;
  const res = await instance;
  clearTimeout(guard);
  const wall = (performance.now() - wall0) / 1000;
  const benchCpu = process.cpuUsage(benchCpu0);
  const cpu = { serverCores: r2((cpuSecondsOf(serverPid) - serverCpu0) / wall), benchCores: r2((benchCpu.user + benchCpu.system) / 1e6 / wall) };
  const statusCodes = Object.fromEntries(Object.entries(res.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    connections,
    seconds: res.duration,
    ok: res['2xx'],
    non2xx: res.non2xx,
    errors: res.errors,
    timeouts: res.timeouts,
    statusCodes,
    ticketsPerSec: Math.round(res['2xx'] / res.duration),
    cpu,
    latencyMs: dist(latencies),
    autocannonLatencyMs: { p50: res.latency.p50, p99: res.latency.p99, max: res.latency.max },
  };
}

// ---------------------------------------------------------------- 3. call-to-push latency

const TICKET_ID = /"ticket":\{"id":"([^"]+)"/;

class PushClients {
  readonly sockets: WebSocket[] = [];
  /** ticket id -> arrival times (performance.now()) of its 'ticket.called', one per client. */
  private readonly arrivals = new Map<string, number[]>();
  private waiter: { id: string; resolve: () => void } | undefined;
  unmatched = 0;

  async connect(url: string, n: number, batch = 10): Promise<void> {
    for (let i = 0; i < n; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => this.open(url)));
    }
  }

  private async open(url: string): Promise<void> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { perMessageDeflate: false });
    this.sockets.push(socket);
    await once(socket, 'open');
    let ready = false;
    const isReady = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ready from /ws')), 20_000);
      socket.on('message', (raw: WebSocket.RawData) => {
        // Stamp first: arrival time is when this client's message event fires.
        const at = performance.now();
        const text = raw.toString();
        if (!ready) {
          if (text.startsWith('{"type":"ready"')) {
            ready = true;
            clearTimeout(timer);
            resolve();
          }
          return;
        }
        if (!text.includes('"type":"ticket.called"')) return;
        const id = TICKET_ID.exec(text)?.[1] ?? (JSON.parse(text) as { data: { ticket: { id: string } } }).data.ticket.id;
        this.arrived(id, at);
      });
    });
    socket.send(JSON.stringify({ type: 'hello', topics: ['queue'] }));
    await isReady;
  }

  private arrived(id: string, at: number): void {
    let list = this.arrivals.get(id);
    if (!list) this.arrivals.set(id, (list = []));
    list.push(at);
    if (this.waiter?.id === id && list.length >= this.sockets.length) this.waiter.resolve();
  }

  /** Arrival times of the ticket's 'ticket.called' on every client, or as many as came within the time. */
  async collect(id: string, timeoutMs: number): Promise<number[]> {
    const list = this.arrivals.get(id);
    if (!list || list.length < this.sockets.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiter = {
          id,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
      this.waiter = undefined;
    }
    const got = this.arrivals.get(id) ?? [];
    this.arrivals.delete(id);
    this.unmatched += this.arrivals.size;
    this.arrivals.clear();
    return got;
  }

  close(): void {
    for (const s of this.sockets) s.terminate();
  }
}

async function callNext(url: string, cookie: string, counter: number): Promise<{ status: number; ticketId: string | undefined }> {
  const res = await fetch(`${url}/api/counters/counter-${counter}/call-next`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await res.json()) as { ticket?: { id?: string } };
  return { status: res.status, ticketId: body.ticket?.id };
}

async function callToPush(url: string, cookie: string) {
  log(`issuing ${WS_PRE_ISSUED} tickets for the calls`);
  const issued = await issueWithFetch(url, cookie, WS_PRE_ISSUED, 16);
  log(`connecting ${WS_CLIENTS} WebSocket clients`);
  const clients = new PushClients();
  const connectStart = performance.now();
  await clients.connect(url, WS_CLIENTS);
  const connectMs = performance.now() - connectStart;
  const samples: number[] = [];
  const httpMs: number[] = [];
  const lastClientMs: number[] = [];
  const spreadMs: number[] = [];
  let missing = 0;
  let failedCalls = 0;
  log(`${WS_CALLS} sequential call-next (after ${WS_WARMUP_CALLS} warm-up calls)`);
  for (let i = 0; i < WS_WARMUP_CALLS + WS_CALLS; i++) {
    const counter = (i % COUNTERS) + 1;
    const t0 = performance.now();
    const { status, ticketId } = await callNext(url, cookie, counter);
    const tHttp = performance.now();
    if (status !== 200 || !ticketId) {
      failedCalls++;
      continue;
    }
    const arrivals = await clients.collect(ticketId, 3000);
    if (i < WS_WARMUP_CALLS) continue;
    httpMs.push(tHttp - t0);
    missing += WS_CLIENTS - arrivals.length;
    const lat = arrivals.map((a) => a - t0);
    samples.push(...lat);
    if (lat.length > 0) {
      lastClientMs.push(Math.max(...lat));
      spreadMs.push(Math.max(...lat) - Math.min(...lat));
    }
  }
  clients.close();
  return {
    clients: WS_CLIENTS,
    preIssued: issued.ok,
    calls: WS_CALLS,
    failedCalls,
    missingPushes: missing,
    connectAllMs: Math.round(connectMs),
    latencyMs: dist(samples),
    lastClientPerCallMs: dist(lastClientMs),
    fanOutSpreadPerCallMs: dist(spreadMs),
    callNextHttpMs: dist(httpMs),
  };
}

// ---------------------------------------------------------------- 4. memory over a working day

async function workingDay(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  // 100,000 tickets in one office day need five-digit numbers.
  const { url, child } = await startWithRange(dataDir, 99_999);
  try {
    await sleep(1000);
    const atBoot = rssOf(child.pid!);
    const cookie = await login(url);
    const checkpoints: ReturnType<typeof rssOf>[] = [];
    const ROUND = 400;
    let issued = 0;
    let called = 0;
    const t0 = performance.now();
    while (issued < TOTAL_TICKETS) {
      const batch = Math.min(ROUND, TOTAL_TICKETS - issued);
      const r = await issueWithFetch(url, cookie, batch, 16);
      if (r.failed > 0) throw new Error(`issuing failed: ${JSON.stringify(r.statuses)}`);
      const before = Math.floor(issued / 25_000);
      issued += r.ok;
      if (Math.floor(issued / 25_000) > before && issued < TOTAL_TICKETS) checkpoints.push(rssOf(child.pid!));
      // The counters call what was issued; each call finishes the counter's previous ticket.
      let left = batch;
      await Promise.all(
        Array.from({ length: COUNTERS }, async (_, i) => {
          while (left > 0) {
            const res = await callNext(url, cookie, i + 1);
            if (res.status !== 200) break;
            left--;
            called++;
          }
        }),
      );
    }
    const seconds = (performance.now() - t0) / 1000;
    const busy = rssOf(child.pid!);
    // The office then goes quiet for a moment: the figure is the server's footprint, not a garbage peak.
    await sleep(3000);
    const end = rssOf(child.pid!);
    return { issued, called, seconds: r2(seconds), issuePerSec: Math.round(issued / seconds), atBoot, checkpoints, lastBusy: busy, ...end };
  } finally {
    await stopServer(child);
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const startedAt = performance.now();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'qms-bench-'));
  const info = machine(dataDir);
  let server: Server | undefined;
  const deadline = setTimeout(() => {
    log(`deadline of ${DEADLINE_MS / 1000} s passed: stopping`);
    server?.child.kill('SIGKILL');
    process.exit(2);
  }, DEADLINE_MS);
  deadline.unref();

  try {
    if (process.env.BENCH_ONLY === 'memory') {
      // For tuning: only the working-day memory figure.
      const day = await workingDay(join(dataDir, 'day'));
      console.log(JSON.stringify({ rssMiB: day.rssMiB, busy: day.lastBusy.rssMiB, hwmMiB: day.hwmMiB, atBoot: day.atBoot.rssMiB, checkpoints: day.checkpoints.map((c) => c.rssMiB), perSec: day.issuePerSec }));
      return;
    }
    log(`data dir ${dataDir}`);
    log(`1. disk limit: single-row commits for ${DISK_SECONDS} s`);
    const disk = diskLimit(dataDir);
    log(`   ${fmtInt(disk.commitsPerSec)} commits/s`);

    log('starting the server once to create the database');
    server = await startWithRange(dataDir, 999_999);
    const { url, child } = server;
    log(`server pid ${child.pid} at ${url}`);
    await sleep(1000);
    const bootRss = rssOf(child.pid!);
    const cookie = await login(url);
    let issued = 0;

    log('3. call-to-push latency');
    const push = await callToPush(url, cookie);
    issued += push.preIssued;
    log(`   p50 ${ms(push.latencyMs.p50)}, p99 ${ms(push.latencyMs.p99)}`);

    log(`2. HTTP issuance: warm-up ${WARMUP_SECONDS} s`);
    const warm = await cannon(url, cookie, child.pid!, 16, { duration: WARMUP_SECONDS });
    issued += warm.ok;
    const http: CannonRun[] = [];
    for (const connections of HTTP_CONNECTIONS) {
      log(`   ${connections} connections for ${HTTP_SECONDS} s`);
      const logBefore = server.logBytes();
      const run = await cannon(url, cookie, child.pid!, connections, { duration: HTTP_SECONDS });
      issued += run.ok;
      http.push(run);
      log(`   ${fmtInt(run.ticketsPerSec)} tickets/s, p99 ${ms(run.latencyMs.p99)}, non-2xx ${run.non2xx}, log ${fmtInt((server.logBytes() - logBefore) / Math.max(1, run.ok))} B/request`);
    }

    // Worst case: every ticket of the run so far is still waiting in the live queue.
    const stress = { ticketsWaiting: issued - WS_CALLS - WS_WARMUP_CALLS, ...rssOf(child.pid!) };
    log(`   stress: ${fmtInt(stress.ticketsWaiting)} tickets waiting at once, server RSS ${stress.rssMiB} MiB`);

    // Diagnostics with the whole run's tickets in the live queue (every one still waiting but ~300).
    log('diagnostics with the full queue');
    const issueLate: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const r = await issueWithFetch(url, cookie, 1, 1);
      if (r.ok === 1) issued++;
      issueLate.push(performance.now() - t0);
    }
    const callLate: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await callNext(url, cookie, (i % COUNTERS) + 1);
      callLate.push(performance.now() - t0);
    }
    const snapStart = performance.now();
    const snapRes = await fetch(`${url}/api/queue`, { headers: { cookie } });
    const snapBytes = (await snapRes.arrayBuffer()).byteLength;
    const snapMs = performance.now() - snapStart;
    const memoryAfterSnapshot = rssOf(child.pid!);

    await stopServer(child);
    server = undefined;

    log(`4. memory: a fresh server works through ${fmtInt(TOTAL_TICKETS)} tickets (issued, called and finished by 8 counters)`);
    const day = await workingDay(join(dataDir, 'day'));
    server = undefined;
    log(`   RSS ${day.rssMiB} MiB after ${fmtInt(day.issued)} tickets (peak ${day.hwmMiB} MiB)`);

    const ratio = (run: CannonRun) => r2(run.ticketsPerSec / disk.commitsPerSec);
    const httpReport = http.map((run) => ({
      ...run,
      ratioToDisk: ratio(run),
      meetsTarget: ratio(run) >= TARGET.ratio && run.latencyMs.p99 <= TARGET.httpP99Ms,
      non2xxIsZero: run.non2xx === 0 && run.errors === 0 && run.timeouts === 0,
    }));
    const report = {
      machine: info,
      targets: TARGET,
      disk,
      http: {
        warmup: { seconds: warm.seconds, ok: warm.ok, non2xx: warm.non2xx },
        runs: httpReport,
      },
      callToPush: { ...push, meetsTarget: push.latencyMs.p99 <= TARGET.pushP99Ms },
      memory: { ...day, meetsTarget: day.rssMiB <= TARGET.rssMiB },
      stress: { ...stress, atBoot: bootRss },
      diagnosticsAtFullQueue: {
        activeTickets: issued - WS_CALLS - WS_WARMUP_CALLS - 20,
        issueOneMs: dist(issueLate),
        callNextMs: dist(callLate),
        snapshot: { status: snapRes.status, bytes: snapBytes, ms: Math.round(snapMs), rssAfterMiB: memoryAfterSnapshot.rssMiB },
      },
      notes: [
        'Load generator, WebSocket clients and server share the same machine (same cores): client-side work is inside every figure.',
        'Call-to-push: the 100 clients live in one Node process, so the k-th client of a call is stamped after the first k-1 handled theirs.',
        'Call-to-push was measured before the HTTP load, with ~1,000 tickets in the queue; see diagnosticsAtFullQueue for call-next at ~100k.',
        'The server runs as npm start runs it: the bundled JavaScript build (server/dist/server.mjs), LOG_LEVEL=info.',
        'Memory: a fresh server and database; tickets are issued (16 at a time) while 8 counters call them (call-next finishes the previous one), as in a working office; finished tickets leave the live queue, so memory must not grow with the number of tickets handled.',
        'Stress: after the HTTP runs nearly every ticket issued is still waiting in the live queue at once; its RSS is reported beside the target, not against it.',
        'RSS depends on when V8 last collected garbage; expect tens of MiB between runs. RSS is VmRSS from /proc/<pid>/status; MiB = 1024*1024 bytes.',
      ],
      totalSeconds: Math.round((performance.now() - startedAt) / 1000),
    };

    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'bench.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(render(report));
    console.log(`\nJSON: ${join(artifacts, 'bench.json')}`);
  } finally {
    if (server) await stopServer(server.child).catch(() => undefined);
    if (process.env.BENCH_KEEP === '1') log(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report text

type Report = {
  machine: ReturnType<typeof machine>;
  disk: ReturnType<typeof diskLimit>;
  http: { runs: (CannonRun & { ratioToDisk: number; meetsTarget: boolean; non2xxIsZero: boolean })[] };
  callToPush: Awaited<ReturnType<typeof callToPush>> & { meetsTarget: boolean };
  memory: Awaited<ReturnType<typeof workingDay>> & { meetsTarget: boolean };
  stress: ReturnType<typeof rssOf> & { ticketsWaiting: number; atBoot: ReturnType<typeof rssOf> };
  diagnosticsAtFullQueue: { activeTickets: number; issueOneMs: Dist; callNextMs: Dist; snapshot: { bytes: number; ms: number; rssAfterMiB: number } };
  notes: string[];
  totalSeconds: number;
};

function render(r: Report): string {
  const ok = (b: boolean) => (b ? 'PASS' : 'MISS');
  const m = r.machine;
  const lines = [
    '',
    '=== QMS appliance benchmark ===',
    `Date      ${m.date}`,
    `CPU       ${m.cpuModel} (${m.cores} cores), ${m.memoryGiB} GiB RAM, ${m.virtualization}`,
    `Node      ${m.node} on ${m.platform}`,
    `Disk      ${m.disk.filesystem} (${m.disk.fsType}) mounted on ${m.disk.mountedOn}; ${m.disk.device}; rotational: ${m.disk.rotational}`,
    `Temp dir  ${m.tmpDir}`,
    `Code      ${m.gitCommit}`,
    '',
    '1. Disk limit (SQLite WAL, synchronous=FULL, one INSERT per transaction)',
    `   ${fmtInt(r.disk.commitsPerSec)} commits/s over ${r.disk.seconds} s; commit p50 ${ms(r.disk.commitLatencyMs.p50)}, p99 ${ms(r.disk.commitLatencyMs.p99)}`,
    '',
    `2. Durable ticket issuance, POST /api/tickets (target: ratio >= ${TARGET.ratio} at p99 <= ${TARGET.httpP99Ms} ms)`,
    '   conns   tickets/s   p50        p99        max        non-2xx/err/timeouts   ratio   target   CPU server/bench',
    ...r.http.runs.map(
      (h) =>
        `   ${String(h.connections).padEnd(7)} ${fmtInt(h.ticketsPerSec).padStart(9)}   ${ms(h.latencyMs.p50).padEnd(10)} ${ms(h.latencyMs.p99).padEnd(10)} ${ms(h.latencyMs.max).padEnd(10)} ${`${h.non2xx}/${h.errors}/${h.timeouts}`.padEnd(22)} ${h.ratioToDisk.toFixed(2).padEnd(7)} ${ok(h.meetsTarget).padEnd(8)} ${h.cpu.serverCores.toFixed(2)}/${h.cpu.benchCores.toFixed(2)} cores`,
    ),
    '',
    `3. Call-to-push, call-next -> 'ticket.called' on ${r.callToPush.clients} WebSocket clients (target: p99 <= ${TARGET.pushP99Ms} ms)`,
    `   ${r.callToPush.calls} calls x ${r.callToPush.clients} clients = ${r.callToPush.latencyMs.n} samples (missing ${r.callToPush.missingPushes}, failed calls ${r.callToPush.failedCalls})`,
    `   p50 ${ms(r.callToPush.latencyMs.p50)}, p90 ${ms(r.callToPush.latencyMs.p90)}, p99 ${ms(r.callToPush.latencyMs.p99)}, max ${ms(r.callToPush.latencyMs.max)}   ${ok(r.callToPush.meetsTarget)}`,
    `   call-next HTTP reply p50 ${ms(r.callToPush.callNextHttpMs.p50)}, p99 ${ms(r.callToPush.callNextHttpMs.p99)}; last client per call p50 ${ms(r.callToPush.lastClientPerCallMs.p50)}; first-to-last spread p50 ${ms(r.callToPush.fanOutSpreadPerCallMs.p50)}`,
    '   Clients and server run on the same machine (shared cores); the 100 clients share one Node process.',
    '',
    `4. Server memory after ${fmtInt(r.memory.issued)} tickets handled by 8 counters (target: RSS <= ${TARGET.rssMiB} MiB)`,
    `   VmRSS ${r.memory.rssMiB} MiB after 3 s quiet (anon ${r.memory.anonMiB}, file ${r.memory.fileMiB}; ${r.memory.lastBusy.rssMiB} MiB right after the last ticket; peak VmHWM ${r.memory.hwmMiB} MiB)   ${ok(r.memory.meetsTarget)}`,
    `   at boot ${r.memory.atBoot.rssMiB} MiB; after 25,000 / 50,000 / 75,000 tickets: ${r.memory.checkpoints.map((c) => c.rssMiB).join(' / ')} MiB; ${fmtInt(r.memory.issuePerSec)} tickets/s issued while called`,
    `   stress, ${fmtInt(r.stress.ticketsWaiting)} tickets all waiting at once: VmRSS ${r.stress.rssMiB} MiB (boot ${r.stress.atBoot.rssMiB} MiB)`,
    '',
    `Diagnostics with ~${fmtInt(r.diagnosticsAtFullQueue.activeTickets)} active tickets in the queue`,
    `   one POST /api/tickets: p50 ${ms(r.diagnosticsAtFullQueue.issueOneMs.p50)}, max ${ms(r.diagnosticsAtFullQueue.issueOneMs.max)}`,
    `   one call-next:         p50 ${ms(r.diagnosticsAtFullQueue.callNextMs.p50)}, max ${ms(r.diagnosticsAtFullQueue.callNextMs.max)}`,
    `   GET /api/queue (= WebSocket snapshot): ${(r.diagnosticsAtFullQueue.snapshot.bytes / 1e6).toFixed(1)} MB in ${r.diagnosticsAtFullQueue.snapshot.ms} ms; RSS afterwards ${r.diagnosticsAtFullQueue.snapshot.rssAfterMiB} MiB`,
    '',
    'Notes:',
    ...r.notes.map((n) => `   - ${n}`),
    `Run took ${r.totalSeconds} s.`,
  ];
  return lines.join('\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
