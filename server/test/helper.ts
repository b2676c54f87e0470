import type { ServerMessage } from '@qms/shared';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { Test } from 'tap';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { SimulatedClock } from '../src/features/simulation/simulation.routes';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

/** A clock a test moves by hand. */
export class TestClock {
  constructor(public ms: number) {}
  now = (): number => this.ms;
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Api {
  status: number;
  body: any;
}

export class Client {
  cookie = '';
  /** Sent with every request of this client (a browser's User-Agent, say). */
  headers: Record<string, string> = {};
  constructor(readonly url: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Api> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.url + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  get(path: string): Promise<Api> {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Api> {
    return this.request('POST', path, body, headers);
  }

  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<Api> {
    return this.request('PATCH', path, body, headers);
  }

  async login(user = ADMIN): Promise<this> {
    const r = await this.post('/api/auth/login', user);
    if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
    return this;
  }
}

/** A client that speaks as a paired device. */
export function deviceClient(url: string, token: string): Client {
  const c = new Client(url);
  c.headers = { authorization: `Bearer ${token}` };
  return c;
}

export interface Built {
  url: string;
  dataDir: string;
  clock: TestClock;
  app: Awaited<ReturnType<typeof buildApp>>;
  /** A client signed in as the administrator. */
  staff: Client;
  anon: Client;
  /** A new client signed in as this account, at the counter if one is given. */
  signIn: (username: string, password: string, counterId?: string, headers?: Record<string, string>) => Promise<Client>;
  /** A client of this machine's own kiosk (paired by itself), with its device token. */
  localKiosk: () => Promise<Client>;
  /** The administrator creates a staff account; returns it as the API does. */
  createUser: (username: string, password: string, role: 'admin' | 'manager' | 'clerk') => Promise<{ id: number; username: string; role: string }>;
  close: () => Promise<void>;
}

/** A real server on a random port, with a fresh SQLite file in the test's own folder. */
export async function build(
  t: Test,
  opts: { clock?: TestClock; dataDir?: string; heartbeatSeconds?: number; env?: Record<string, string>; simulation?: SimulatedClock } = {},
): Promise<Built> {
  const dataDir = opts.dataDir ?? t.testdir();
  const clock = opts.clock ?? new TestClock(Date.now());
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    QMS_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    WS_HEARTBEAT_SECONDS: String(opts.heartbeatSeconds ?? 5),
    ...opts.env,
  });
  const app = await buildApp({ config, clock: clock.now, logger: false, simulation: opts.simulation });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
  };
  t.teardown(close);
  const staff = await new Client(url).login();
  const signIn = async (username: string, password: string, counterId?: string, headers: Record<string, string> = {}) => {
    const client = new Client(url);
    client.headers = headers;
    const r = await client.post('/api/auth/login', counterId === undefined ? { username, password } : { username, password, counterId });
    if (r.status !== 200) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(r.body)}`);
    return client;
  };
  const createUser = async (username: string, password: string, role: 'admin' | 'manager' | 'clerk') => {
    const r = await staff.post('/api/users', { username, password, role });
    if (r.status !== 201) throw new Error(`creating ${username} failed: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const localKiosk = async () => {
    const r = await new Client(url).post('/api/devices/local');
    if (r.status !== 200) throw new Error(`no local kiosk: ${JSON.stringify(r.body)}`);
    return deviceClient(url, r.body.token);
  };
  return { url, dataDir, clock, app, staff, anon: new Client(url), signIn, localKiosk, createUser, close };
}

/** A WebSocket client that keeps every message and can wait for one. */
export class WsClient {
  readonly messages: ServerMessage[] = [];
  private waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  readonly socket: WebSocket;
  readonly opened: Promise<unknown>;

  constructor(url: string) {
    this.socket = new WebSocket(url.replace(/^http/, 'ws') + '/ws');
    this.opened = once(this.socket, 'open');
    this.socket.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as ServerMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(m)) return true;
        w.resolve(m);
        return false;
      });
    });
  }

  send(m: unknown): void {
    this.socket.send(JSON.stringify(m));
  }

  async hello(topics?: string[], lastSeq?: number | null): Promise<ServerMessage> {
    await this.opened;
    const ready = this.waitFor((m) => m.type === 'ready');
    this.send({ type: 'hello', topics, lastSeq });
    return ready;
  }

  waitFor(pred: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a WebSocket message')), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  events(type?: string): ServerMessage[] {
    return this.messages.filter((m) => m.type.includes('.') && (!type || m.type === type));
  }

  close(): void {
    this.socket.close();
  }
}

/** The node flags and environment of server/package.json's start script (a test keeps them equal). */
export const START_FLAGS = (process.env.QMS_NODE_FLAGS ?? '--enable-source-maps --max-semi-space-size=2').split(' ').filter(Boolean);
export const START_ENV = { MALLOC_ARENA_MAX: '2' };

const serverEntry = fileURLToPath(new URL('../src/server.ts', import.meta.url));
const builtEntry = fileURLToPath(new URL('../dist/server.mjs', import.meta.url));
const buildScript = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));

/**
 * The server as its own process, for tests that kill it: from source through tsx, or `built` as
 * `npm start` runs it (bundled JavaScript, built first).
 */
export async function spawnServer(
  dataDir: string,
  opts: { built?: boolean; env?: Record<string, string>; port?: number; host?: string; onOutput?: (text: string) => void } = {},
): Promise<{ url: string; child: ChildProcess }> {
  if (opts.built) execFileSync(process.execPath, [buildScript], { stdio: 'inherit' });
  const args = opts.built ? [...START_FLAGS, builtEntry] : ['--import', 'tsx', serverEntry];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      ...(opts.built ? START_ENV : {}),
      DATA_DIR: dataDir,
      PORT: String(opts.port ?? 0),
      HOST: opts.host ?? '127.0.0.1',
      LOG_LEVEL: 'info',
      QMS_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Everything the server writes, from its first line, for a test that reads its log.
  if (opts.onOutput) {
    const onOutput = opts.onOutput;
    child.stdout!.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => onOutput(chunk.toString()));
  }
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    const onOut = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Server listening at (http:\/\/[0-9.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        // Started: from here on the output is drained, not kept.
        child.stdout!.off('data', onOut);
        child.stdout!.resume();
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onOut);
    child.stderr!.on('data', (chunk: Buffer) => (out = (out + chunk.toString()).slice(-8000)));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { url, child };
}
