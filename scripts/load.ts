/**
 * Load and soak run: `npm run load -- [--minutes 10] [--scale 10] [--seed 1]` (tsx scripts/load.ts).
 *
 * Ten times the reference office's peak hour, on this machine, for ten minutes (by default). The reference
 * office has 8 counters, 4 kiosks, 10 hall displays and about 20 citizens following their ticket on a
 * phone at its peak. `--scale N` multiplies every one of those devices by N; each of them then behaves as
 * its page does (see PROFILE and the classes below), at the pace the issue asks for: a call every few
 * seconds at every counter, far faster than any clerk works:
 *
 *   - 8N counters: a clerk's session (sign-in, then the counter) and the counter panel's live feed
 *     (hello on 'queue', snapshot). Each counter in turn: call-next; 0.5-1.5 s later start (3% of the
 *     citizens do not come: no-show instead, and the next call follows at once; 5% are called again
 *     first: recall); finish when 3-6 s have passed since the call; then call-next again. Every command
 *     carries an Idempotency-Key, as the panel sends it.
 *   - 4N kiosks: the kiosk page's feed ('queue' and its own topic) and its home screen fetched at most
 *     every 2 s when something changes (and every 30 s anyway); a citizen takes a ticket every 1.5-2.4 s
 *     at every kiosk (8% with priority), for a service chosen in proportion to the room left in its queue,
 *     and nobody takes one while every queue holds its cap (6N waiting per service): the queues stay full
 *     without growing. Tickets print on the built-in virtual printer; each kiosk may give 60 a minute.
 *   - 10N hall displays: the display page's feed ('queue' and 'signage', resuming from the board's seq)
 *     and its board fetched at most once a second when something changes (and every 30 s anyway).
 *   - 20N phones: the ticket page of a ticket just taken at a kiosk (the link of its QR code): the ticket
 *     fetched, its feed ('ticket:<id>', 'service:<id>'), the ticket fetched again at most every 0.5 s
 *     when something happens on those topics. When the ticket is finished (or the citizen missed the
 *     call), the phone is put away and the next ticket taken is followed instead.
 *   - every feed pings every 4 s, as the pages do.
 *
 * At scale 10 that is 80 counters calling about 18 times a second (about 64,000 calls an hour; the
 * reference office's peak hour is about 150 tickets), 40 kiosks, 100 displays and 200 phones.
 *
 * The built server (`npm start`'s build) runs in a fresh temp data folder; the office is seeded into its
 * database after a first start: the demo office's services, with numbers up to 99,999 a day, 8N counters
 * (the demo's eight service plans repeated) and the kiosks and displays already paired (a device's
 * token is written with its hash, as pairing stores it: pairing through the API starts at most 10
 * pairings a minute from one address, so 140 devices would take a quarter of an hour). Clerks' accounts
 * are made and signed in through the API.
 *
 * Recorded: the latency of every request (HdrHistogram, by command or page request), of every push
 * (the event's `at`, stamped by the server when it decided, to the moment the client read it: same
 * machine, same clock, 1 ms resolution), errors by code, expected refusals (a counter finding nothing
 * waiting) apart, command and push percentiles minute by minute, the server's RSS every 10 s with the
 * load average, and the load generator's own event-loop delay. At the end every feed on 'queue'
 * must have heard every event in order without a gap, every display every call, and every phone the
 * call of its ticket. Prints the report as JSON and writes artifacts/load.json; exits 1 on any error.
 * LOAD_KEEP=1 keeps the data folder.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { Throttle } from '../shared/web/throttle';
import { ADMIN } from '../server/test/helper';
import { cpuSeconds, load, machine, rssMiB, seedOffice, startServer, stopServer, type Office, type RunningServer, type SeededDevice } from './lib/appliance';
import { mulberry32 } from './lib/random';
import { Latencies, r2, series, Tally } from './lib/stats';

// ---------------------------------------------------------------- profile

const { values: argv } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, scale: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' } },
});
const MINUTES = Number(argv.minutes);
const SCALE = Math.round(Number(argv.scale));
if (!(MINUTES > 0) || !(SCALE >= 1)) throw new Error('--minutes must be > 0 and --scale a whole number >= 1');

const PROFILE = {
  scale: SCALE,
  minutes: MINUTES,
  counters: 8 * SCALE,
  kiosks: 4 * SCALE,
  displays: 10 * SCALE,
  phones: 20 * SCALE,
  /** Seconds from a call to the finish of that citizen (then the next call). */
  cycleSeconds: [3, 6] as const,
  /** Seconds from a call until the citizen is at the counter (start, or no-show). */
  arriveSeconds: [0.5, 1.5] as const,
  noShowShare: 0.03,
  recallShare: 0.05,
  /** Seconds between two citizens at one kiosk. */
  kioskEverySeconds: [1.5, 2.4] as const,
  priorityShare: 0.08,
  waitingCapPerService: 6 * SCALE,
  kioskTicketsPerMinute: 60,
  numberEnd: 99_999,
  displayRefreshMs: 1000,
  kioskRefreshMs: 2000,
  phoneRefreshMs: 500,
  pollMs: 30_000,
  pingMs: 4000,
};

const SAMPLE_MS = 10_000;
const EXPECTED_REFUSALS: Record<string, string[]> = { 'counter call-next': ['QMS_ERR_NO_TICKET_WAITING'] };
const FINISHED = ['done', 'cancelled', 'expired', 'no_show'];

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const rnd = mulberry32(Number(argv.seed));
const between = ([a, b]: readonly [number, number]) => a + (b - a) * rnd();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const key = (who: string) => `${who}-${randomBytes(12).toString('hex')}`;

function log(msg: string): void {
  process.stderr.write(`[load ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

// ---------------------------------------------------------------- what is recorded

/** Request latencies: of the setup first, then of the run. */
let requests = new Latencies();
const pushes = new Latencies();
/** The current minute's commands and pushes, for the figures minute by minute. */
let minute = { commands: new Latencies(), pushes: new Latencies() };
const isCommand = (name: string) => name.startsWith('counter ') || name === 'kiosk issue';
const errors = new Tally();
const refusals = new Tally();
let running = false;
let closing = false;
let url = '';

/** The first few of each kind of error, with the time it happened. */
const errorSamples: Record<string, string[]> = {};

function error(what: string, detail = ''): void {
  errors.add(what);
  const list = (errorSamples[what] ??= []);
  if (list.length < 3) list.push(`${new Date().toISOString().slice(11, 23)}${detail ? ` ${detail}` : ''}`);
}

interface Answer {
  status: number;
  body: any;
  /** The session cookie the answer set, if any. */
  cookie: string | null;
}

/**
 * One request as a page or a panel makes it; its latency recorded under `name`. Returns the answer when
 * it is one of `ok` statuses, null otherwise (an error, or a refusal the profile expects, counted apart).
 */
async function request(
  name: string,
  method: string,
  path: string,
  opts: { cookie?: string; token?: string; body?: unknown; key?: string; ok?: number[] } = {},
): Promise<Answer | null> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.key) headers['idempotency-key'] = opts.key;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const t0 = performance.now();
  let status: number;
  let text: string;
  let cookie: string | null;
  try {
    const res = await fetch(url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: AbortSignal.timeout(15_000) });
    text = await res.text();
    status = res.status;
    cookie = res.headers.get('set-cookie');
  } catch (e) {
    if (!closing) error(`${name}: network`, (e as Error).message);
    return null;
  }
  const ms = performance.now() - t0;
  requests.record(name, ms);
  if (isCommand(name)) minute.commands.record(name, ms);
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    error(`${name}: not JSON`, text.slice(0, 200));
    return null;
  }
  if ((opts.ok ?? [200]).includes(status)) return { status, body, cookie: cookie?.split(';')[0] ?? null };
  const code = String(body?.code ?? status);
  if (EXPECTED_REFUSALS[name]?.includes(code)) refusals.add(`${name}: ${code}`);
  else error(`${name}: ${status} ${code}`, body?.message ?? '');
  return null;
}

// ---------------------------------------------------------------- live feeds

type FeedKind = 'display' | 'counter panel' | 'kiosk' | 'phone';
const EVENT = /^\{"seq":(\d+),"type":"([^"]+)","at":"([^"]+)"/;
const TICKET_ID = /"ticket":\{"id":"([^"]+)"/;
const feeds = new Set<Feed>();

/**
 * A page's WebSocket on /ws. Feeds on 'queue' hear every event, so their seqs must follow one another
 * without a gap; every live event's push latency is recorded under the page's kind.
 */
class Feed {
  readonly socket: WebSocket;
  /** The last seq heard (snapshot, replay start, or event). */
  last: number | null;
  ready = false;
  gaps = 0;
  outOfOrder = 0;
  live = 0;
  calls = 0;
  private done = false;

  constructor(
    readonly kind: FeedKind,
    path: string,
    readonly opts: { everyEvent: boolean; hello?: unknown; lastSeq?: number | null; onLive?: (type: string, text: string) => void; onReplayed?: (type: string, text: string) => void },
  ) {
    this.last = opts.lastSeq ?? null;
    this.socket = new WebSocket(url.replace(/^http/, 'ws') + path, { perMessageDeflate: false });
    feeds.add(this);
    this.socket.on('open', () => {
      if (opts.hello) this.socket.send(JSON.stringify(opts.hello));
    });
    this.socket.on('message', (raw: WebSocket.RawData) => this.message(Date.now(), raw.toString()));
    this.socket.on('error', (e) => {
      if (!this.done && !closing) error(`${kind} WebSocket error`, e.message);
    });
    this.socket.on('close', (code) => {
      feeds.delete(this);
      if (!this.done && !closing) error(`${kind} WebSocket closed ${code}`);
    });
  }

  private message(now: number, text: string): void {
    const m = EVENT.exec(text);
    if (m) {
      const seq = Number(m[1]);
      const type = m[2]!;
      if (this.opts.everyEvent && this.last !== null && seq !== this.last + 1) {
        if (seq <= this.last) this.outOfOrder++;
        else this.gaps += seq - this.last - 1;
      }
      this.last = Math.max(this.last ?? 0, seq);
      if (!this.ready) return this.opts.onReplayed?.(type, text);
      const ms = now - Date.parse(m[3]!);
      pushes.record(this.kind, ms);
      minute.pushes.record(this.kind, ms);
      this.live++;
      if (type === 'ticket.called') this.calls++;
      this.opts.onLive?.(type, text);
      return;
    }
    const msg = JSON.parse(text) as { type: string; seq?: number; fromSeq?: number; code?: string; message?: string };
    if (msg.type === 'snapshot' && typeof msg.seq === 'number') this.last = msg.seq;
    else if (msg.type === 'replay' && typeof msg.fromSeq === 'number') this.last = msg.fromSeq - 1;
    else if (msg.type === 'ready') {
      this.ready = true;
      this.last ??= msg.seq ?? null;
    } else if (msg.type === 'error') error(`${this.kind} WebSocket: ${msg.code}`, msg.message);
    else if (msg.type.includes('.')) error(`${this.kind} WebSocket: an event not in the expected form`, text.slice(0, 120));
  }

  /** Resolves once the server has caught the feed up. */
  async whenReady(ms = 20_000): Promise<void> {
    for (const t0 = Date.now(); !this.ready; await sleep(20)) if (Date.now() - t0 > ms) throw new Error(`${this.kind} feed not ready after ${ms} ms`);
  }

  ping(): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send('{"type":"ping"}');
  }

  close(): void {
    this.done = true;
    feeds.delete(this);
    this.socket.close(1000);
  }
}

// ---------------------------------------------------------------- the office's devices and people

const waiting: Record<string, number> = {};
let callsMade = 0;
let ticketsIssued = 0;

class Display {
  feed: Feed | null = null;
  private readonly refresh = new Throttle(async () => void (await this.home()), PROFILE.displayRefreshMs);

  constructor(readonly device: SeededDevice) {}

  async home(): Promise<Answer | null> {
    return request('display home', 'GET', '/api/display/home', { token: this.device.token });
  }

  async start(): Promise<void> {
    const home = await this.home();
    if (!home) throw new Error(`${this.device.name}: no board`);
    this.feed = new Feed('display', `/ws?topics=queue,signage&lastSeq=${home.body.seq}`, { everyEvent: true, lastSeq: home.body.seq, onLive: () => this.refresh.call() });
    await this.feed.whenReady();
  }

  poll(): void {
    this.refresh.call();
  }

  stop(): void {
    this.refresh.cancel();
  }
}

class Counter {
  cookie = '';
  feed: Feed | null = null;
  loop: Promise<void> = Promise.resolve();

  constructor(
    readonly counter: Office['counters'][number],
    readonly username: string,
    readonly password: string,
  ) {}

  async start(): Promise<void> {
    const login = await request('clerk sign-in', 'POST', '/api/auth/login', { body: { username: this.username, password: this.password } });
    if (!login?.cookie) throw new Error(`${this.username} could not sign in`);
    this.cookie = login.cookie;
    if (!(await request('clerk picks counter', 'POST', '/api/auth/counter', { cookie: this.cookie, body: { counterId: this.counter.id } }))) {
      throw new Error(`${this.username} could not take ${this.counter.id}`);
    }
    this.feed = new Feed('counter panel', '/ws', { everyEvent: true, hello: { type: 'hello', topics: ['queue'], lastSeq: null } });
    await this.feed.whenReady();
  }

  private command(name: string, path: string): Promise<Answer | null> {
    return request(`counter ${name}`, 'POST', path, { cookie: this.cookie, key: key('c'), body: {} });
  }

  private async work(): Promise<void> {
    await sleep(rnd() * PROFILE.cycleSeconds[0] * 1000);
    while (running) {
      const calledAt = Date.now();
      const cycleMs = between(PROFILE.cycleSeconds) * 1000;
      const call = await this.command('call-next', `/api/counters/${this.counter.id}/call-next`);
      if (!call) {
        await sleep(1000);
        continue;
      }
      callsMade++;
      const ticket = call.body.ticket as { id: string; serviceId: string };
      waiting[ticket.serviceId] = (waiting[ticket.serviceId] ?? 0) - 1;
      await sleep(between(PROFILE.arriveSeconds) * 1000);
      if (!running) break;
      const fate = rnd();
      if (fate < PROFILE.noShowShare) {
        await this.command('no-show', `/api/tickets/${ticket.id}/no-show`);
        continue;
      }
      if (fate < PROFILE.noShowShare + PROFILE.recallShare) {
        await this.command('recall', `/api/tickets/${ticket.id}/recall`);
        await sleep(500);
      }
      await this.command('start', `/api/tickets/${ticket.id}/start`);
      await sleep(Math.max(0, calledAt + cycleMs - Date.now()));
      await this.command('finish', `/api/tickets/${ticket.id}/finish`);
    }
  }

  run(): void {
    this.loop = this.work();
  }
}

class Phone {
  feed: Feed | null = null;
  ticketId = '';
  serviceId = '';
  /** The ticket was called while the phone followed it (its status said so, or the event came). */
  wasCalled = false;
  heardCall = false;
  private readonly refresh = new Throttle(async () => void (await this.fetch()), PROFILE.phoneRefreshMs);

  constructor(
    readonly token: string,
    readonly onPutAway: (p: Phone) => void,
  ) {}

  private async fetch(): Promise<Answer | null> {
    const r = await request('phone ticket', 'GET', `/api/public/tickets/${this.token}`);
    if (!r) return null;
    const status = r.body.status as string;
    if (status !== 'waiting') {
      this.wasCalled = true;
      // Called before the page opened (the kiosk's answer came late): the page itself shows it.
      if (!this.feed) this.heardCall = true;
    }
    if (FINISHED.includes(status)) this.putAway();
    return r;
  }

  async start(): Promise<void> {
    const r = await this.fetch();
    if (!r) return;
    if (FINISHED.includes(r.body.status)) return;
    this.ticketId = r.body.ticketId;
    this.serviceId = r.body.serviceId;
    const mine = (type: string, text: string) => {
      if (type === 'ticket.called' && TICKET_ID.exec(text)?.[1] === this.ticketId) this.heardCall = true;
    };
    this.feed = new Feed('phone', `/ws?topics=${encodeURIComponent(`ticket:${this.ticketId}`)},${encodeURIComponent(`service:${this.serviceId}`)}&lastSeq=${r.body.seq}`, {
      everyEvent: false,
      lastSeq: r.body.seq,
      onReplayed: mine,
      onLive: (type, text) => {
        mine(type, text);
        this.refresh.call();
      },
    });
  }

  putAway(): void {
    this.refresh.cancel();
    this.feed?.close();
    this.feed = null;
    this.onPutAway(this);
  }
}

class Phones {
  readonly active = new Set<Phone>();
  followed = 0;
  missedCalls = 0;
  missedSamples: string[] = [];

  constructor(readonly max: number) {}

  /** A citizen with a ticket just taken scans its QR code, while fewer than `max` phones follow one. */
  maybeFollow(followUrl: string): void {
    if (!running || this.active.size >= this.max) return;
    const token = followUrl.slice(followUrl.lastIndexOf('/t/') + 3);
    const phone = new Phone(token, (p) => this.putAway(p));
    this.active.add(phone);
    this.followed++;
    void phone.start();
  }

  private putAway(p: Phone): void {
    if (!this.active.delete(p)) return;
    if (p.wasCalled && !p.heardCall) {
      this.missedCalls++;
      if (this.missedSamples.length < 10) this.missedSamples.push(p.ticketId);
    }
  }

  stopAll(): void {
    for (const p of [...this.active]) {
      p.feed?.close();
      this.active.delete(p);
    }
  }
}

class Kiosk {
  feed: Feed | null = null;
  loop: Promise<void> = Promise.resolve();
  private readonly refresh = new Throttle(async () => void (await this.home()), PROFILE.kioskRefreshMs);

  constructor(
    readonly device: SeededDevice,
    readonly services: string[],
    readonly phones: Phones,
  ) {}

  private home(): Promise<Answer | null> {
    return request('kiosk home', 'GET', '/api/kiosk/home', { token: this.device.token });
  }

  async start(): Promise<void> {
    if (!(await this.home())) throw new Error(`${this.device.name}: no home screen`);
    this.feed = new Feed('kiosk', `/ws?topics=queue,device:${this.device.id}`, { everyEvent: true, onLive: () => this.refresh.call() });
    await this.feed.whenReady();
  }

  poll(): void {
    this.refresh.call();
  }

  /** A service in proportion to the room left in its queue; null when every queue is full. */
  private choose(): string | null {
    const room = this.services.map((s) => Math.max(0, PROFILE.waitingCapPerService - (waiting[s] ?? 0)));
    let pick = rnd() * room.reduce((a, b) => a + b, 0);
    if (pick <= 0) return null;
    for (let i = 0; i < room.length; i++) if ((pick -= room[i]!) < 0) return this.services[i]!;
    return null;
  }

  private async work(): Promise<void> {
    await sleep(rnd() * PROFILE.kioskEverySeconds[0] * 1000);
    while (running) {
      const next = Date.now() + between(PROFILE.kioskEverySeconds) * 1000;
      const serviceId = this.choose();
      if (serviceId) {
        // Counted as waiting from the touch on, so that kiosks touched together do not overfill a queue.
        waiting[serviceId] = (waiting[serviceId] ?? 0) + 1;
        const priority = rnd() < PROFILE.priorityShare ? 'elderly' : null;
        const r = await request('kiosk issue', 'POST', '/api/kiosk/tickets', { token: this.device.token, key: key('k'), body: { serviceId, priority, lang: 'ro' }, ok: [201] });
        if (r) {
          ticketsIssued++;
          if (!r.body.print?.ok) error('kiosk issue: not printed', JSON.stringify(r.body.print?.error));
          this.phones.maybeFollow(r.body.followUrl as string);
        } else waiting[serviceId]!--;
      }
      await sleep(Math.max(0, next - Date.now()));
    }
  }

  run(): void {
    this.loop = this.work();
  }

  stop(): void {
    this.refresh.cancel();
  }
}

// ---------------------------------------------------------------- run

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

interface Sample {
  minute: number;
  rssMiB: number;
  load1: number;
  /** Cores used since the sample before (null for the first). */
  serverCores: number | null;
  loaderCores: number | null;
}

async function main(): Promise<void> {
  const before = load();
  const info = machine();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'qms-load-'));
  log(`profile: ${JSON.stringify(PROFILE)}`);
  log(`load before: ${before.uptime}`);
  let server: RunningServer | undefined;
  let exitCode = 0;
  try {
    // A first start creates the database and the demo office; the larger office is written into it.
    await stopServer((await startServer(dataDir)).child);
    const office = seedOffice(dataDir, {
      counters: PROFILE.counters,
      kiosks: PROFILE.kiosks,
      displays: PROFILE.displays,
      numberEnd: PROFILE.numberEnd,
      kioskTicketsPerMinute: PROFILE.kioskTicketsPerMinute,
    });
    server = await startServer(dataDir);
    url = server.url;
    const pid = server.pid;
    log(`server pid ${pid} at ${url}, data ${dataDir}`);

    // Setup, not measured: clerks' accounts, sign-ins, every page connected.
    const admin = await request('admin sign-in', 'POST', '/api/auth/login', { body: ADMIN });
    const adminCookie = admin?.cookie;
    if (!adminCookie) throw new Error('the administrator could not sign in');
    const password = 'clerk-password-1';
    const counters = office.counters.map((c) => new Counter(c, `clerk${c.number}`, password));
    await inBatches(counters, 4, async (c) => {
      if (!(await request('create clerk', 'POST', '/api/users', { cookie: adminCookie, body: { username: c.username, password, role: 'clerk' }, ok: [201] }))) {
        throw new Error(`could not create ${c.username}`);
      }
    });
    log(`${counters.length} clerks created; signing in`);
    await inBatches(counters, 4, (c) => c.start());
    const phones = new Phones(PROFILE.phones);
    const kiosks = office.kiosks.map((d) => new Kiosk(d, office.services, phones));
    const displays = office.displays.map((d) => new Display(d));
    await inBatches(kiosks, 10, (k) => k.start());
    await inBatches(displays, 10, (d) => d.start());
    log(`connected: ${counters.length} counter panels, ${kiosks.length} kiosks, ${displays.length} displays`);
    const setupRequests = requests.summary();
    requests = new Latencies();

    // The run.
    const pinger = setInterval(() => {
      for (const f of feeds) f.ping();
    }, PROFILE.pingMs);
    const poller = setInterval(() => {
      for (const d of displays) d.poll();
      for (const k of kiosks) k.poll();
    }, PROFILE.pollMs);
    const samples: Sample[] = [];
    const t0 = performance.now();
    let lastCpu = { at: t0, server: cpuSeconds(pid), loader: process.cpuUsage() };
    const sample = () => {
      const now = performance.now();
      const server = cpuSeconds(pid);
      const loader = process.cpuUsage();
      const wall = (now - lastCpu.at) / 1000;
      samples.push({
        minute: r2((now - t0) / 60_000),
        rssMiB: r2(rssMiB(pid)),
        load1: r2(os.loadavg()[0]!),
        serverCores: wall > 1 ? r2((server - lastCpu.server) / wall) : null,
        loaderCores: wall > 1 ? r2((loader.user - lastCpu.loader.user + loader.system - lastCpu.loader.system) / 1e6 / wall) : null,
      });
      lastCpu = { at: now, server, loader };
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
    const minutes: { minute: number; load1: number; commandsMs: { p50: number; p99: number; max: number }; pushesMs: { p50: number; p99: number; max: number } }[] = [];
    const closeMinute = () => {
      const c = minute.commands.total();
      const p = minute.pushes.total();
      minute = { commands: new Latencies(), pushes: new Latencies() };
      minutes.push({
        minute: minutes.length + 1,
        load1: r2(os.loadavg()[0]!),
        commandsMs: { p50: c.p50, p99: c.p99, max: c.max },
        pushesMs: { p50: p.p50, p99: p.p99, max: p.max },
      });
    };
    const reporter = setInterval(() => {
      closeMinute();
      const s = samples[samples.length - 1]!;
      const m = minutes[minutes.length - 1]!;
      log(
        `minute ${m.minute}: ${callsMade} calls, ${ticketsIssued} tickets, ${phones.followed} phones, errors ${errors.total}, refusals ${refusals.total}; ` +
          `commands p99 ${m.commandsMs.p99} ms, pushes p99 ${m.pushesMs.p99} ms; RSS ${s.rssMiB} MiB, server ${s.serverCores} cores, loader ${s.loaderCores} cores, load ${m.load1}`,
      );
    }, 60_000);

    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    running = true;
    const serverCpu0 = cpuSeconds(pid);
    const loaderCpu0 = process.cpuUsage();
    for (const k of kiosks) k.run();
    for (const c of counters) c.run();
    await sleep(MINUTES * 60_000);
    running = false;
    sample();
    const runSeconds = (performance.now() - t0) / 1000;
    const loaderCpu = process.cpuUsage(loaderCpu0);
    const cpu = {
      serverCores: r2((cpuSeconds(pid) - serverCpu0) / runSeconds),
      loaderCores: r2((loaderCpu.user + loaderCpu.system) / 1e6 / runSeconds),
    };
    loopDelay.disable();
    clearInterval(sampler);
    clearInterval(reporter);
    if (minute.commands.names().length > 0) closeMinute();
    log('stopping the office; waiting for the last commands and pushes');
    await Promise.all([...kiosks.map((k) => k.loop), ...counters.map((c) => c.loop)]);
    clearInterval(poller);
    for (const d of displays) d.stop();
    for (const k of kiosks) k.stop();

    // Every feed on 'queue' must reach the server's last event, having heard all of them in order.
    const health = await request('health', 'GET', '/api/health');
    const lastSeq = health?.body.seq as number;
    const everyEvent = [...displays.map((d) => d.feed!), ...counters.map((c) => c.feed!), ...kiosks.map((k) => k.feed!)];
    for (const t = Date.now(); Date.now() - t < 15_000 && everyEvent.some((f) => f.last !== lastSeq); ) await sleep(100);
    await sleep(500);
    const afterQuiet = r2(rssMiB(pid));
    clearInterval(pinger);
    phones.stopAll();

    const feedCheck = (kind: FeedKind, list: Feed[]) => {
      const behind = list.filter((f) => f.last !== lastSeq).length;
      const gaps = list.reduce((a, f) => a + f.gaps, 0);
      const outOfOrder = list.reduce((a, f) => a + f.outOfOrder, 0);
      const callsHeard = list.map((f) => f.calls);
      const allCalls = list.filter((f) => f.calls === callsMade).length;
      if (behind) error(`${kind} feeds behind the last event`, `${behind} of ${list.length}`);
      if (gaps) error(`${kind} feeds with missing events`, String(gaps));
      if (outOfOrder) error(`${kind} feeds with events out of order`, String(outOfOrder));
      return { feeds: list.length, behind, gaps, outOfOrder, everyCallHeard: allCalls, callsHeardMin: Math.min(...callsHeard), callsHeardMax: Math.max(...callsHeard) };
    };
    const checks = {
      lastSeq,
      callsMade,
      displays: feedCheck('display', displays.map((d) => d.feed!)),
      counterPanels: feedCheck('counter panel', counters.map((c) => c.feed!)),
      kiosks: feedCheck('kiosk', kiosks.map((k) => k.feed!)),
      phones: { followed: phones.followed, stillFollowingAtEnd: phones.active.size, missedCalls: phones.missedCalls, missedSamples: phones.missedSamples },
      callsInDatabase: 0,
    };
    if (checks.displays.everyCallHeard !== displays.length) error('displays that did not hear every call', `${displays.length - checks.displays.everyCallHeard}`);
    if (phones.missedCalls) error('phones that did not hear their call', String(phones.missedCalls));

    closing = true;
    for (const f of [...feeds]) f.close();
    await stopServer(server.child);
    const db = new Database(join(dataDir, 'qms.sqlite'), { readonly: true });
    checks.callsInDatabase = (db.prepare("SELECT count(*) AS n FROM events WHERE type = 'ticket.called'").get() as { n: number }).n;
    db.close();
    if (checks.callsInDatabase !== callsMade) error('calls in the database differ from calls answered', `${checks.callsInDatabase} vs ${callsMade}`);
    if (Object.keys(server.warnings).some((w) => w.startsWith('error'))) error('server logged errors', JSON.stringify(server.warnings));

    const after = load();
    const rssPoints = samples.map((s) => ({ x: s.minute, y: s.rssMiB }));
    const half = rssPoints.filter((p) => p.x >= MINUTES / 2);
    const counterCommands = requests.names().filter(isCommand);
    const report = {
      what: 'Load and soak run: ten times the reference office, every page and panel as it behaves, calls every few seconds at every counter',
      machine: info,
      machineLoad: { before, after },
      profile: {
        ...PROFILE,
        reading:
          'Ten times the reference office means ten times its devices at its peak (8 counters, 4 kiosks, 10 displays, 20 phones): ' +
          `${PROFILE.counters} counters, ${PROFILE.kiosks} kiosks, ${PROFILE.displays} displays, ${PROFILE.phones} phones. Each counter calls every 3-6 s ` +
          '(the issue\'s "calls every few seconds per counter"), so the call rate is far above ten times the peak hour\'s ~150 tickets: ' +
          `about ${Math.round((PROFILE.counters / 4.5) * 3600).toLocaleString('en-US')} calls an hour.`,
      },
      durationMinutes: r2(runSeconds / 60),
      totals: {
        calls: callsMade,
        tickets: ticketsIssued,
        callsPerSecond: r2(callsMade / runSeconds),
        ticketsPerSecond: r2(ticketsIssued / runSeconds),
        requests: requests.total().n,
        requestsPerSecond: r2(requests.total().n / runSeconds),
        pushes: pushes.total().n,
        pushesPerSecond: r2(pushes.total().n / runSeconds),
      },
      errors: { total: errors.total, byCode: errors.counts, samples: errorSamples },
      expectedRefusals: { total: refusals.total, byCode: refusals.counts },
      latencyMs: {
        commands: requests.total(counterCommands),
        pushes: pushes.total(),
        byRequest: requests.summary(),
        byPushedTo: pushes.summary(),
        setup: setupRequests,
        byMinute: minutes,
      },
      serverMemoryMiB: {
        ...series(rssPoints),
        slopePerMinute: series(rssPoints).slope,
        slopePerMinuteSecondHalf: series(half).slope,
        afterLastPushes: afterQuiet,
        samples,
      },
      cpu,
      loadGeneratorEventLoopDelayMs: {
        p50: r2(loopDelay.percentile(50) / 1e6),
        p99: r2(loopDelay.percentile(99) / 1e6),
        max: r2(loopDelay.max / 1e6),
      },
      checks,
      serverWarnings: server.warnings,
      notes: [
        'Server, load generator and all clients share this 2-core machine; the load generator (one Node process) holds every page, panel and phone. Its event-loop delay shows how late it may have read what the server sent.',
        'Push latency: the event time the server stamps when it decides (before the commit) to the moment the client process read the message; milliseconds, same clock.',
        'Commands: every counter command and kiosk ticket (the writes); byRequest has each request kind, including the pages\' reads.',
        'Expected refusals: a counter asking for the next citizen when none of its services has one waiting.',
        'RSS is VmRSS of the server process every 10 s (MiB = 1024 * 1024 bytes); the slope is a least-squares line over the samples, MiB per minute.',
        'Setup (accounts, sign-ins, pages connected) comes before the run and is reported apart (latencyMs.setup).',
      ],
    };
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'load.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(JSON.stringify(report, null, 2));
    log(
      `done: ${callsMade} calls, ${ticketsIssued} tickets; commands p99 ${report.latencyMs.commands.p99} ms, pushes p99 ${report.latencyMs.pushes.p99} ms; ` +
        `RSS ${report.serverMemoryMiB.start} -> ${report.serverMemoryMiB.end} MiB (max ${report.serverMemoryMiB.max}, ${report.serverMemoryMiB.slopePerMinute} MiB/min); errors ${errors.total}`,
    );
    log(`load after: ${after.uptime}`);
    log(`JSON: ${join(artifacts, 'load.json')}`);
    exitCode = errors.total > 0 ? 1 : 0;
  } catch (e) {
    log(`failed: ${(e as Error).stack ?? e}`);
    if (server) log(`server stderr: ${server.stderrTail()}`);
    exitCode = 1;
  } finally {
    closing = true;
    for (const f of [...feeds]) f.close();
    if (server) await stopServer(server.child).catch(() => undefined);
    if (process.env.LOAD_KEEP === '1') log(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

void main();
