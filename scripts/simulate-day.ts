/**
 * Replays a working day of the reference office against the real server, through its API: citizens take
 * tickets at the kiosk with a morning peak, about 150 booked citizens check in early, on time, late or not
 * at all, eight clerks call, serve and take breaks, some citizens do not come when called. The server runs in simulation mode (QMS_SIMULATION=1), so its clock is moved from
 * event to event and a day takes seconds; at the end the day's figures are printed, with how well the
 * kiosk's wait estimate matched the waits that really happened.
 *
 *   npx tsx scripts/simulate-day.ts [--citizens 750] [--appointments 150] [--seed 7] [--date 2026-11-26] [--speed 0]
 *                                   [--url http://127.0.0.1:8080] [--json artifacts/simulation.json]
 *
 * Without --url it starts its own server on a temporary data folder (on --port, default a free one).
 * --speed N paces the day at N times real time (0: as fast as possible), so screens can watch it:
 * `npm run demo` starts a server in simulation mode on :8080 and plays a day at 60x.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { ADMIN, Client, deviceClient, spawnServer } from '../server/test/helper';
import { localToEpoch } from '../server/src/features/appointments/sources/local-time';
import { mulberry32 } from './lib/random';

// ------------------------------------------------------------------ the day being simulated

interface ServiceModel {
  id: string;
  share: number;
  /** Mean minutes at the counter; times vary log-normally around it. */
  minutes: number;
}

const SERVICES: ServiceModel[] = [
  { id: 'id-applications', share: 0.36, minutes: 5 },
  { id: 'id-pickup', share: 0.24, minutes: 2 },
  { id: 'civil-status', share: 0.1, minutes: 7 },
  { id: 'cashier', share: 0.14, minutes: 1.5 },
  { id: 'information', share: 0.16, minutes: 2 },
];

/** Arrivals per hour of the day, relative (08:00 to 16:00): the morning peak of a civil-registry office. */
const HOURLY = [1.5, 1.8, 1.5, 1.15, 0.95, 0.8, 0.6, 0.35];
const OPEN_HOUR = 8;
const COUNTERS = 8;
const PRIORITY_SHARE = 0.08;
const NO_SHOW_SHARE = 0.04;
const BREAK_MINUTES = 20;
/** Booked online: mostly ID applications and marriages, a few pick-ups. */
const APPOINTMENT_SERVICES: [string, number][] = [
  ['id-applications', 0.6],
  ['civil-status', 0.25],
  ['id-pickup', 0.15],
];
/** How citizens with an appointment arrive: missing, early, on time, late (shares). */
const ARRIVAL = { missing: 0.1, early: 0.2, onTime: 0.55 };

// ------------------------------------------------------------------ small helpers


function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};



// ------------------------------------------------------------------ the simulation

interface Citizen {
  at: number;
  service: ServiceModel;
  priority: boolean;
  ticketId?: string;
  code?: string;
  ahead?: number;
  /** The server's estimate at the kiosk, in minutes. */
  eta?: number;
  /** People ahead x mean service time / counters serving the service. */
  naive?: number;
  calledAt?: number;
  noShow: boolean;
}

type Job = { at: number; run: () => Promise<void> };

interface Booked {
  ref: string;
  slot: number;
  service: string;
  /** When the citizen turns up; null: never. */
  arrives: number | null;
  checkedInAt?: number;
  late?: boolean;
  ticketId?: string;
  calledAt?: number;
}

export interface DayFigures {
  date: string;
  citizens: number;
  issued: number;
  served: number;
  noShows: number;
  waitMinutes: { mean: number; median: number; p90: number; max: number };
  waitByService: Record<string, { tickets: number; mean: number; p90: number }>;
  serviceMinutes: { mean: number };
  estimate: { ours: number; naive: number; improvement: number; samples: number };
  appointments: { booked: number; checkedIn: number; missing: number; lateWalkIns: number; waitAfterSlotMinutes: { mean: number; p90: number } };
  wallSeconds: number;
}

export async function simulateDay(opts: {
  url: string;
  date: string;
  citizens: number;
  seed: number;
  speed: number;
  appointments?: number;
  log?: (s: string) => void;
}): Promise<DayFigures> {
  const log = opts.log ?? (() => {});
  const rnd = mulberry32(opts.seed);
  const started = Date.now();
  const admin = new Client(opts.url);
  if ((await admin.request('POST', '/api/auth/login', ADMIN)).status !== 200) throw new Error('cannot sign in as the administrator');
  const clock = (await admin.request('GET', '/api/simulation/clock')).body;
  if (!clock?.at) throw new Error('the server is not in simulation mode (QMS_SIMULATION=1)');

  const open = localToEpoch(opts.date, `${String(OPEN_HOUR).padStart(2, '0')}:00`, 'Europe/Bucharest');
  if (Date.parse(clock.at) > open) throw new Error(`the server's clock (${clock.at}) is past the simulated day; use a later --date`);
  let now = open;
  const setClock = async (at: number) => {
    if (at <= now && at !== open) return;
    now = Math.max(now, at);
    const r = await admin.request('POST', '/api/simulation/clock', { at: new Date(now).toISOString() });
    if (r.status !== 200) throw new Error(`clock: ${JSON.stringify(r.body)}`);
  };
  await setClock(open);
  // Sessions age with the server's clock: sign in again at the simulated morning.
  await admin.request('POST', '/api/auth/login', ADMIN);

  const local = await new Client(opts.url).request('POST', '/api/devices/local');
  if (local.status !== 200) throw new Error(`no local kiosk: ${JSON.stringify(local.body)}`);
  // The office's kiosks: the server machine's own and two more, paired as staff would.
  const kiosks = [deviceClient(opts.url, local.body.token)];
  for (const name of ['Chioșc intrare', 'Chioșc etaj']) {
    const start = await new Client(opts.url).request('POST', '/api/pairing', { kind: 'kiosk' });
    await admin.request('POST', '/api/devices', { code: start.body.code, name });
    const paired = await new Client(opts.url).request('GET', `/api/pairing/${start.body.pairingId}`);
    kiosks.push(deviceClient(opts.url, paired.body.token));
  }

  const queue = (await admin.request('GET', '/api/queue')).body;
  const counters: { id: string; services: { serviceId: string }[] }[] = queue.counters;
  const servedBy = (serviceId: string) => counters.filter((c) => c.services.some((s) => s.serviceId === serviceId)).length;

  // Clerks: one account per counter, signed in at it.
  const clerks: Client[] = [];
  for (let i = 1; i <= COUNTERS; i++) {
    const username = `sim-clerk-${i}`;
    const password = 'sim-password-1';
    const made = await admin.request('POST', '/api/users', { username, password, role: 'clerk' });
    if (made.status !== 201 && made.body?.code !== 'QMS_ERR_USERNAME_TAKEN') throw new Error(`clerk account: ${JSON.stringify(made.body)}`);
    const c = new Client(opts.url);
    const r = await c.request('POST', '/api/auth/login', { username, password, counterId: `counter-${i}` });
    if (r.status !== 200) throw new Error(`clerk ${i}: ${JSON.stringify(r.body)}`);
    clerks.push(c);
  }

  // Arrivals: a non-homogeneous Poisson process with the hourly profile, scaled to the day's citizens.
  const weight = HOURLY.reduce((a, b) => a + b, 0);
  const citizens: Citizen[] = [];
  for (let h = 0; h < HOURLY.length; h++) {
    const expected = (opts.citizens * HOURLY[h]!) / weight;
    let t = 0;
    for (;;) {
      t += (-Math.log(1 - rnd()) / expected) * 3600_000;
      if (t >= 3600_000) break;
      let pick = rnd();
      const service = SERVICES.find((s) => (pick -= s.share) < 0) ?? SERVICES[0]!;
      citizens.push({ at: open + h * 3600_000 + t, service, priority: rnd() < PRIORITY_SHARE, noShow: rnd() < NO_SHOW_SHARE });
    }
  }
  citizens.sort((a, b) => a.at - b.at);
  const closeAt = open + HOURLY.length * 3600_000;
  // The day's appointments, as the morning sync would bring them (here: the CSV a manager could upload).
  const booked: Booked[] = [];
  const slots = Math.floor(((HOURLY.length - 1.5) * 60) / 5);
  for (let i = 0; i < (opts.appointments ?? 150); i++) {
    let pick = rnd();
    const service = (APPOINTMENT_SERVICES.find(([, share]) => (pick -= share) < 0) ?? APPOINTMENT_SERVICES[0]!)[0];
    const slot = open + 30 * 60_000 + Math.floor(rnd() * slots) * 5 * 60_000;
    const r = rnd();
    const arrives =
      r < ARRIVAL.missing
        ? null
        : r < ARRIVAL.missing + ARRIVAL.early
          ? slot - (10 + rnd() * 30) * 60_000
          : r < ARRIVAL.missing + ARRIVAL.early + ARRIVAL.onTime
            ? slot + (rnd() * 10 - 5) * 60_000
            : slot + (5 + rnd() * 25) * 60_000;
    booked.push({ ref: `SIM-${1000 + i}`, slot, service, arrives });
  }
  const two = (n: number) => String(n).padStart(2, '0');
  const csv = ['referinta;data;ora;nume;serviciu'];
  for (const b of booked) {
    const t = new Date(b.slot).toLocaleTimeString('en-GB', { timeZone: 'Europe/Bucharest', hour: '2-digit', minute: '2-digit', hour12: false });
    csv.push(`${b.ref};${opts.date.slice(8, 10)}.${opts.date.slice(5, 7)}.${opts.date.slice(0, 4)};${t};Cetățean ${two(booked.indexOf(b) % 100)};${b.service}`);
  }
  if (booked.length > 0) {
    const res = await fetch(`${opts.url}/api/appointments/import`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'text/csv' }, body: csv.join('\n') });
    if (res.status !== 200) throw new Error(`appointments: ${await res.text()}`);
  }
  const byTicket = new Map<string, Citizen>();
  const bookedByTicket = new Map<string, Booked>();
  const serviceTimes: number[] = [];

  const jobs: Job[] = [];
  const schedule = (at: number, run: () => Promise<void>) => {
    jobs.push({ at, run });
  };
  const lognormal = (meanMinutes: number) => {
    const sigma = 0.5;
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    return meanMinutes * Math.exp(sigma * z - (sigma * sigma) / 2) * 60_000;
  };

  let touch = 0;
  for (const c of citizens) {
    schedule(c.at, async () => {
      const kiosk = kiosks[touch % kiosks.length]!;
      const r = await kiosk.request('POST', '/api/kiosk/tickets', { serviceId: c.service.id, priority: c.priority ? 'elderly' : null }, { 'idempotency-key': `simulated-touch-${opts.seed}-${++touch}` });
      if (r.status !== 201) return log(`kiosk refused: ${r.body?.code}`);
      c.ticketId = r.body.ticket.id;
      c.code = r.body.ticket.code;
      c.ahead = r.body.ticket.ahead;
      c.eta = r.body.ticket.etaMinutes;
      c.naive = ((c.ahead ?? 0) * c.service.minutes) / Math.max(1, servedBy(c.service.id));
      byTicket.set(c.ticketId!, c);
    });
  }

  for (const b of booked) {
    if (b.arrives === null) continue;
    const checkIn = async (): Promise<void> => {
      const kiosk = kiosks[touch++ % kiosks.length]!;
      const r = await kiosk.request('POST', '/api/kiosk/check-in', { ref: b.ref });
      if (r.status === 409 && r.body?.code === 'QMS_ERR_CHECKIN_TOO_EARLY') {
        // Too early: the citizen sits down and tries again when check-in opens.
        schedule(Date.parse(r.body.opensAt), checkIn);
        return;
      }
      if (r.status !== 201) return log(`check-in refused: ${r.body?.code}`);
      b.checkedInAt = now;
      b.late = r.body.appointment.late;
      b.ticketId = r.body.ticket.id;
      bookedByTicket.set(b.ticketId!, b);
    };
    schedule(b.arrives, checkIn);
  }

  // Each clerk: call, wait for the citizen to walk up, serve, finish, call again; one break a day.
  for (let i = 0; i < COUNTERS; i++) {
    const clerk = clerks[i]!;
    const counterId = `counter-${i + 1}`;
    const breakAt = open + (2 * 60 + ((i * 25) % 180)) * 60_000;
    let onBreak = false;
    const next = async (): Promise<void> => {
      if (now >= closeAt && !(await clerk.request('GET', '/api/queue')).body.services.some((s: { waiting: number }) => s.waiting > 0)) return;
      if (!onBreak && now >= breakAt) {
        onBreak = true;
        await clerk.request('POST', `/api/counters/${counterId}/pause`, { reason: 'break' });
        schedule(now + BREAK_MINUTES * 60_000, async () => {
          await clerk.request('POST', `/api/counters/${counterId}/resume`);
          await next();
        });
        return;
      }
      const r = await clerk.request('POST', `/api/counters/${counterId}/call-next`);
      if (r.status !== 200) {
        schedule(now + 20_000, next);
        return;
      }
      const ticket = r.body.ticket;
      const c = byTicket.get(ticket.id);
      if (c && c.calledAt === undefined) c.calledAt = now;
      const b = bookedByTicket.get(ticket.id);
      if (b && b.calledAt === undefined) b.calledAt = now;
      const walk = 20_000 + rnd() * 40_000;
      if (c?.noShow) {
        schedule(now + 90_000, async () => {
          await clerk.request('POST', `/api/tickets/${ticket.id}/no-show`);
          await next();
        });
        return;
      }
      schedule(now + walk, async () => {
        await clerk.request('POST', `/api/tickets/${ticket.id}/start`);
        const serviceMs = lognormal(c?.service.minutes ?? SERVICES.find((x) => x.id === b?.service)?.minutes ?? 3);
        serviceTimes.push(serviceMs / 60_000);
        schedule(now + serviceMs, async () => {
          await clerk.request('POST', `/api/tickets/${ticket.id}/finish`, {});
          await next();
        });
      });
    };
    schedule(open + (1 + i) * 1000, next);
  }

  // Run the jobs in time order, moving the server's clock to each.
  let lastReal = Date.now();
  let lastSim = open;
  while (jobs.length > 0) {
    jobs.sort((a, b) => a.at - b.at);
    const job = jobs.shift()!;
    if (opts.speed > 0) {
      const due = lastReal + (job.at - lastSim) / opts.speed;
      if (due > Date.now()) await sleep(due - Date.now());
      lastReal = Date.now();
      lastSim = job.at;
    }
    await setClock(job.at);
    await job.run();
  }

  const issued = citizens.filter((c) => c.ticketId);
  const called = issued.filter((c) => c.calledAt !== undefined);
  const waits = called.map((c) => (c.calledAt! - c.at) / 60_000);
  const ours = called.map((c) => Math.abs((c.eta ?? 0) - (c.calledAt! - c.at) / 60_000));
  const naive = called.map((c) => Math.abs((c.naive ?? 0) - (c.calledAt! - c.at) / 60_000));
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    date: opts.date,
    citizens: citizens.length,
    issued: issued.length,
    served: called.filter((c) => !c.noShow).length,
    noShows: called.filter((c) => c.noShow).length,
    waitMinutes: { mean: round(mean(waits)), median: round(quantile(waits, 0.5)), p90: round(quantile(waits, 0.9)), max: round(Math.max(...waits)) },
    waitByService: Object.fromEntries(
      SERVICES.map((s) => {
        const w = called.filter((c) => c.service === s).map((c) => (c.calledAt! - c.at) / 60_000);
        return [s.id, { tickets: w.length, mean: round(mean(w)), p90: round(quantile(w, 0.9)) }];
      }),
    ),
    serviceMinutes: { mean: round(mean(serviceTimes)) },
    estimate: { ours: round(mean(ours)), naive: round(mean(naive)), improvement: round((1 - mean(ours) / mean(naive)) * 100), samples: called.length },
    appointments: (() => {
      const onTime = booked.filter((b) => b.calledAt !== undefined && !b.late);
      const after = onTime.map((b) => Math.max(0, b.calledAt! - Math.max(b.slot, b.checkedInAt!)) / 60_000);
      return {
        booked: booked.length,
        checkedIn: booked.filter((b) => b.checkedInAt !== undefined).length,
        missing: booked.filter((b) => b.arrives === null).length,
        lateWalkIns: booked.filter((b) => b.late).length,
        waitAfterSlotMinutes: { mean: round(mean(after)), p90: round(quantile(after, 0.9)) },
      };
    })(),
    wallSeconds: round((Date.now() - started) / 1000),
  };
}

async function main(): Promise<void> {
  const date = arg('date', new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10));
  const citizens = Number(arg('citizens', '750'));
  const seed = Number(arg('seed', '7'));
  const appointments = Number(arg('appointments', '150'));
  const speed = Number(arg('speed', '0'));
  let url = arg('url', '');
  let stop = async () => {};
  if (!url) {
    const dir = mkdtempSync(join(os.tmpdir(), 'qms-sim-'));
    const port = Number(arg('port', '0'));
    const server = await spawnServer(dir, { env: { QMS_SIMULATION: 'true' }, port, host: port ? '0.0.0.0' : '127.0.0.1' });
    if (port) console.log(`screens: http://localhost:${port}/kiosk/  /display/  /counter/ (admin / ${ADMIN.password})`);
    url = server.url;
    stop = async () => {
      server.child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    console.log(`simulating ${date} with about ${citizens} citizens against ${url}${speed ? ` at ${speed}x` : ''} ...`);
    const figures = await simulateDay({ url, date, citizens, seed, speed, appointments, log: (s) => console.log(s) });
    console.log(JSON.stringify(figures, null, 2));
    const out = arg('json', '');
    if (out) {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify(figures, null, 2));
    }
  } finally {
    await stop();
  }
}

if (process.argv[1]?.endsWith('simulate-day.ts')) await main();
