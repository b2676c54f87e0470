/**
 * Reports at the scale of years: `npm run bench:reports` (tsx scripts/bench-reports.ts).
 *
 * Builds five years of one office's history (about 2 million tickets, every step timestamped, on working
 * days in the reference office's hours) straight into a fresh database, starts the server on it as
 * `npm start` does, and times the waiting-time report for a month and for a year, the heatmap of a year,
 * and the live snapshot the dashboard opens with; the database file size is reported too. Writes
 * artifacts/bench-reports.json. BENCH_KEEP=1 keeps the data folder.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ADMIN, spawnServer } from '../server/test/helper';
import { localToEpoch } from '../server/src/features/appointments/sources/local-time';
import { mulberry32 } from './lib/random';

const YEARS = 5;
const PER_DAY = 1600;
const RUNS = 7;
const SERVICES = [
  { id: 'id-applications', prefix: 'A', share: 0.36, minutes: 5 },
  { id: 'id-pickup', prefix: 'B', share: 0.24, minutes: 2 },
  { id: 'civil-status', prefix: 'C', share: 0.1, minutes: 7 },
  { id: 'cashier', prefix: 'D', share: 0.14, minutes: 1.5 },
  { id: 'information', prefix: 'E', share: 0.16, minutes: 2 },
];
/** Opening hours of the reference office, local: Mon-Wed 8-14, Thu 10-18, Fri 8-13. */
const HOURS: Record<number, [number, number]> = { 1: [8, 14], 2: [8, 14], 3: [8, 14], 4: [10, 18], 5: [8, 13] };

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));



function generate(file: string): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO tickets (id, code, number, origin_service_id, service_id, office_day, priority, status, lang, issued_at, queued_at, front,
       target_counter_id, counter_id, called_at, first_called_at, served_by, started_at, finished_at, no_show_at, recalls, transfers, outcome, note, appointment)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ro', ?, ?, 0, NULL, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, NULL)`,
  );
  const rnd = mulberry32(42);
  const today = new Date();
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  let count = 0;
  const write = db.transaction((day: string, open: number, close: number) => {
    const numbers = new Map<string, number>();
    const midnight = localToEpoch(day, '00:00', 'Europe/Bucharest');
    for (let i = 0; i < PER_DAY; i++) {
      // Arrivals thin out through the day: the square root puts more of them in the morning.
      const at = midnight + (open + (close - open) * Math.sqrt(rnd()) ** 1.6) * 3600_000;
      let pick = rnd();
      const s = SERVICES.find((x) => (pick -= x.share) < 0) ?? SERVICES[0]!;
      const n = (numbers.get(s.id) ?? 0) + 1;
      numbers.set(s.id, n);
      const wait = rnd() * rnd() * 50 * 60_000;
      const called = at + wait;
      const counter = 1 + Math.floor(rnd() * 8);
      const noShow = rnd() < 0.04;
      const started = noShow ? null : called + 20_000 + rnd() * 40_000;
      const finished = started === null ? null : started + s.minutes * 60_000 * (0.4 + rnd() * 1.2);
      insert.run(
        randomUUID(),
        `${s.prefix}${String(n).padStart(3, '0')}`,
        n,
        s.id,
        s.id,
        day,
        rnd() < 0.08 ? 'elderly' : null,
        // At the next office day's start a no-show ticket expires (its no-show time stays).
        noShow ? 'expired' : 'done',
        Math.round(at),
        Math.round(at),
        `counter-${counter}`,
        Math.round(called),
        Math.round(called),
        `clerk-${counter}`,
        started === null ? null : Math.round(started),
        finished === null ? null : Math.round(finished),
        noShow ? Math.round(called + 90_000) : null,
        rnd() < 0.05 ? 1 : 0,
      );
      count++;
    }
  });
  for (let d = end - YEARS * 365 * 86400_000; d < end; d += 86400_000) {
    const weekday = new Date(d).getUTCDay();
    const hours = HOURS[weekday];
    if (!hours) continue;
    write(new Date(d).toISOString().slice(0, 10), hours[0], hours[1]);
  }
  db.close();
  return count;
}

async function time(url: string, cookie: string, path: string): Promise<{ p50: number; max: number; bytes: number }> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await fetch(url + path, { headers: { cookie } });
    const body = await res.arrayBuffer();
    samples.push(performance.now() - t0);
    bytes = body.byteLength;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString()}`);
  }
  samples.sort((a, b) => a - b);
  return { p50: Math.round(samples[Math.floor(RUNS / 2)]!), max: Math.round(samples[RUNS - 1]!), bytes };
}

/**
 * The managers' live page opened in Chromium, already signed in: from navigation to today's figures on
 * screen (the counters, the waiting and today's report), median of runs after one to warm the cache.
 */
async function firstPaint(url: string, cookie: string): Promise<{ p50: number; max: number }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
    const samples: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${url}/counter/#/live`);
      await page.locator('[data-testid="live-issued"]').filter({ hasText: /\d/ }).waitFor({ timeout: 10_000 });
      if (i > 0) samples.push(performance.now() - t0);
      await page.close();
    }
    samples.sort((a, b) => a - b);
    return { p50: Math.round(samples[Math.floor(samples.length / 2)]!), max: Math.round(samples[samples.length - 1]!) };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'qms-bench-reports-'));
  // A first start creates the database with its migrations and the demo office.
  let server = await spawnServer(dir, { built: true });
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  const file = join(dir, 'qms.sqlite');
  const t0 = performance.now();
  const tickets = generate(file);
  const generateSeconds = Math.round((performance.now() - t0) / 100) / 10;
  new Database(file).pragma('wal_checkpoint(TRUNCATE)');
  const sizeMiB = Math.round((statSync(file).size / 1024 / 1024) * 10) / 10;

  server = await spawnServer(dir, { built: true });
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const now = new Date();
    const lastMonthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const monthFrom = iso(new Date(Date.UTC(lastMonthEnd.getUTCFullYear(), lastMonthEnd.getUTCMonth(), 1)));
    const monthTo = iso(lastMonthEnd);
    const yearFrom = iso(new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate())));
    const yearTo = iso(new Date(now.getTime() - 86400_000));
    const results = {
      machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      tickets,
      generateSeconds,
      databaseMiB: sizeMiB,
      monthByService: await time(server.url, cookie, `/api/reports/waiting?from=${monthFrom}&to=${monthTo}&groupBy=service`),
      monthByDay: await time(server.url, cookie, `/api/reports/waiting?from=${monthFrom}&to=${monthTo}&groupBy=day`),
      yearByService: await time(server.url, cookie, `/api/reports/waiting?from=${yearFrom}&to=${yearTo}&groupBy=service`),
      yearByHour: await time(server.url, cookie, `/api/reports/waiting?from=${yearFrom}&to=${yearTo}&groupBy=hour`),
      yearHeatmap: await time(server.url, cookie, `/api/reports/heatmap?from=${yearFrom}&to=${yearTo}`),
      liveSnapshot: await time(server.url, cookie, '/api/queue'),
      dashboardFirstPaint: await firstPaint(server.url, cookie),
      targets: { monthMs: 150, yearMs: 1000, dashboardMs: 300 },
    };
    console.log(JSON.stringify(results, null, 2));
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'bench-reports.json'), JSON.stringify(results, null, 2));
  } finally {
    server.child.kill('SIGTERM');
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`data kept in ${dir}`);
  }
}

await main();
