/**
 * The appliance as the load and memory runs use it: the built server (as `npm start` runs it) in its own
 * process and data folder, its memory and CPU from /proc, and an office seeded straight into the database
 * between a first start (which creates it) and the real one.
 */
import Database from 'better-sqlite3';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { spawnServer } from '../../server/test/helper';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  pid: number;
  /** The last few kB the server wrote to stderr. */
  stderrTail: () => string;
  /** Lines the server logged at warn level or above, as 'warn: <message>' or 'error: <message>', counted (pino JSON on stdout). */
  warnings: Record<string, number>;
}

/** Servers still running: stopped when this process is interrupted, so none is left behind. */
const running = new Set<ChildProcess>();
let trapped = false;

function trapSignals(): void {
  if (trapped) return;
  trapped = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGTERM');
      process.exit(130);
    });
  }
}

/** The bundled build on a free port, LOG_LEVEL=info, its output read and dropped (warnings counted). */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  trapSignals();
  const { url, child } = await spawnServer(dataDir, { built: true, env });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  let tail = '';
  let partial = '';
  const warnings: Record<string, number> = {};
  child.stdout!.on('data', (c: Buffer) => {
    const lines = (partial + c.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = /"level":(\d+).*?"msg":"([^"]*)"/.exec(line);
      if (!m || Number(m[1]) < 40) continue;
      const key = `${Number(m[1]) >= 50 ? 'error' : 'warn'}: ${m[2]}`;
      warnings[key] = (warnings[key] ?? 0) + 1;
    }
  });
  child.stderr!.on('data', (c: Buffer) => (tail = (tail + c.toString()).slice(-4000)));
  return { url, child, pid: child.pid!, stderrTail: () => tail, warnings };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** VmRSS of a process in MiB (1024 * 1024 bytes). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024;
}

const CLK_TCK = Number(sh('getconf', ['CLK_TCK'])) || 100;

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

export function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** The machine and how busy it is now. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    date: new Date().toISOString(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 100) / 100,
    node: process.version,
    gitCommit: sh('git', ['rev-parse', '--short', 'HEAD']) || 'unknown',
  };
}

/** `uptime` and the load averages (1, 5, 15 minutes). */
export function load(): { uptime: string; loadavg: number[] } {
  return { uptime: sh('uptime', []), loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100) };
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface SeededDevice {
  id: string;
  name: string;
  token: string;
}

export interface Office {
  /** Counter ids, counter-1 .. counter-N, and the services each one serves first. */
  counters: { id: string; number: number; services: string[] }[];
  services: string[];
  kiosks: SeededDevice[];
  displays: SeededDevice[];
}

/**
 * Changes the office in a database made by a first start (the demo office), with the server stopped:
 * numbers up to `numberEnd` per service, `counters` counters (the demo's eight service plans, repeated in
 * turn), and paired kiosks and hall displays with known tokens (a device stores only its token's hash).
 */
export function seedOffice(
  dataDir: string,
  opts: { counters: number; kiosks: number; displays: number; numberEnd: number; kioskTicketsPerMinute?: number },
): Office {
  const db = new Database(join(dataDir, 'qms.sqlite'));
  try {
    db.prepare('UPDATE services SET number_end = ?').run(opts.numberEnd);
    const services = (db.prepare('SELECT id FROM services ORDER BY kiosk_order').all() as { id: string }[]).map((s) => s.id);
    type Row = { id: string; number: number; name: string; services: string; state: string; streak: string; changed_at: number };
    const demo = db.prepare('SELECT id, number, name, services, state, streak, changed_at FROM counters ORDER BY number').all() as Row[];
    if (demo.length === 0) throw new Error('the database has no counters: start the server once first');
    const insertCounter = db.prepare(
      'INSERT INTO counters (id, number, name, services, state, pause_reason, current_ticket_id, streak, changed_at) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)',
    );
    const insertDevice = db.prepare(
      'INSERT INTO devices (id, kind, name, token_hash, settings, local, created_at, last_seen_at, revoked_at) VALUES (?, ?, ?, ?, ?, 0, ?, NULL, NULL)',
    );
    const now = Date.now();
    const device = (kind: 'kiosk' | 'display', name: string, settings: object): SeededDevice => {
      const token = `qmsd_${randomBytes(32).toString('base64url')}`;
      const id = randomUUID();
      insertDevice.run(id, kind, name, sha256(token), JSON.stringify(settings), now);
      return { id, name, token };
    };
    const kiosks: SeededDevice[] = [];
    const displays: SeededDevice[] = [];
    db.transaction(() => {
      for (let n = demo.length + 1; n <= opts.counters; n++) {
        const like = demo[(n - 1) % demo.length]!;
        insertCounter.run(`counter-${n}`, n, `Ghișeul ${n}`, like.services, 'open', like.streak, now);
      }
      const kioskSettings = opts.kioskTicketsPerMinute ? { ticketsPerMinute: opts.kioskTicketsPerMinute } : {};
      for (let i = 1; i <= opts.kiosks; i++) kiosks.push(device('kiosk', `Chioșc ${i}`, kioskSettings));
      for (let i = 1; i <= opts.displays; i++) displays.push(device('display', `Ecran sală ${i}`, {}));
    })();
    const rows = db.prepare('SELECT id, number, services FROM counters ORDER BY number').all() as { id: string; number: number; services: string }[];
    const counters = rows
      .filter((r) => r.number <= opts.counters)
      .map((r) => ({
        id: r.id,
        number: r.number,
        services: (JSON.parse(r.services) as { serviceId: string; order: number }[]).sort((a, b) => a.order - b.order).map((s) => s.serviceId),
      }));
    return { counters, services, kiosks, displays };
  } finally {
    db.close();
  }
}
