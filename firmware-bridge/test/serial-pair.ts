import { spawn, type ChildProcess } from 'node:child_process';
import fs, { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tty from 'node:tty';

/**
 * Two pseudo-terminals joined by socat, like two ends of a serial cable: `a` for the driver, `b` for the test.
 * unplug() stops socat (the cable is pulled: both ends fail and the link paths vanish); plug() starts it again on
 * the same link paths.
 */
export interface SerialPair {
  dir: string;
  a: string;
  b: string;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  close(): Promise<void>;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startSerialPair(): Promise<SerialPair> {
  const dir = mkdtempSync(join(tmpdir(), 'qms-serial-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let child: ChildProcess | null = null;
  let log = '';

  const plug = async (): Promise<void> => {
    if (child) return;
    log = '';
    const proc = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    child = proc;
    try {
      await until(() => (existsSync(a) && existsSync(b)) || proc.exitCode !== null, 5000, `socat to create ${a} and ${b}`);
      if (proc.exitCode !== null) throw new Error(`socat exited with ${proc.exitCode}: ${log}`);
      // Both ptys are listed once socat reaches its transfer loop.
      await until(() => log.includes('starting data transfer loop'), 5000, 'socat to start');
    } catch (err) {
      await unplug();
      throw err;
    }
  };

  const unplug = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    for (const p of [a, b]) if (existsSync(p)) unlinkSync(p);
  };

  await plug();
  return {
    dir,
    a,
    b,
    plug,
    unplug,
    close: async () => {
      await unplug();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The test's end of the cable: records what arrives and can answer. */
export interface PeerEnd {
  /** Everything received since the last take(). */
  bytes(): Buffer;
  /** Waits until at least `n` bytes arrived, returns them and forgets them. */
  take(n: number, timeoutMs?: number): Promise<Buffer>;
  /** Waits until no byte arrives for `quietMs`, returns everything received and forgets it. */
  drain(quietMs?: number): Promise<Buffer>;
  write(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the test's end with plain file descriptors rather than serialport: serialport flushes the input when it
 * opens, and bytes a driver writes just before the test opens its end must not be lost.
 */
export async function openPeer(path: string): Promise<PeerEnd> {
  const flags = fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK;
  const input = new tty.ReadStream(fs.openSync(path, flags));
  const output = new tty.WriteStream(fs.openSync(path, flags));
  let got = Buffer.alloc(0);
  let lastAt = Date.now();
  input.on('data', (chunk: Buffer) => {
    got = Buffer.concat([got, chunk]);
    lastAt = Date.now();
  });
  // The pty fails once the cable is pulled.
  input.on('error', () => undefined);
  output.on('error', () => undefined);
  return {
    bytes: () => got,
    take: async (n, timeoutMs = 3000) => {
      await until(() => got.length >= n, timeoutMs, `${n} bytes on ${path} (have ${got.toString('hex')})`);
      const out = got.subarray(0, n);
      got = got.subarray(n);
      return out;
    },
    drain: async (quietMs = 300) => {
      await until(() => Date.now() - lastAt >= quietMs, 10_000, 'the line to go quiet');
      const out = got;
      got = Buffer.alloc(0);
      return out;
    },
    write: (bytes) => new Promise<void>((resolve, reject) => output.write(bytes, (err) => (err ? reject(err) : resolve()))),
    close: async () => {
      input.destroy();
      output.destroy();
    },
  };
}

export { until };
