import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const mosquittoPath = '/usr/sbin/mosquitto';

/** A free TCP port on 127.0.0.1: bound, then released. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A real mosquitto broker on 127.0.0.1 in a temporary directory, without persistence: a restart forgets retained
 * messages and sessions, like a broker that lost power.
 */
export async function startBroker() {
  const dir = await mkdtemp(join(tmpdir(), 'qms-mosquitto-'));
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  // When started as root, mosquitto would otherwise switch to the `mosquitto` user.
  const user = process.getuid?.() === 0 ? 'user root\n' : '';
  await writeFile(config, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n${user}`);
  let child: ChildProcess | null = null;
  let log = '';

  async function start(): Promise<void> {
    const proc = spawn(mosquittoPath, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 5000;
    while (!(await accepts(port))) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited with ${proc.exitCode}:\n${log}`);
      if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}:\n${log}`);
      await sleep(25);
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await exited;
  }

  await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    /** What mosquitto has written so far. */
    log: () => log,
    stop,
    /** Stops the broker and starts it again on the same port. */
    async restart(): Promise<void> {
      await stop();
      await start();
    },
    async close(): Promise<void> {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Broker = Awaited<ReturnType<typeof startBroker>>;
