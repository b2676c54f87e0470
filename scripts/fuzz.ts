/**
 * Fuzz run over the whole API: `npm run fuzz -- [--inputs 20000] [--seed 1] [--json artifacts/fuzz.json]`
 * (tsx scripts/fuzz.ts).
 *
 * Starts the server on a temporary data folder with a small office in it (tickets waiting, a clerk, the
 * machine's own kiosk and display), then sends only inputs the server must refuse, to every route of its
 * OpenAPI description, as the caller the route is for and anonymously: random and malformed bodies, bodies
 * over the size limit, wrong types and values out of range, unknown fields, invalid UTF-8 bytes, bad path
 * parameters, query strings and headers, wrong content types and junk uploads; and random messages and
 * subscriptions on /ws. Every request that changes something addresses nothing that exists and carries a
 * body the route cannot accept, so nothing may change: afterwards every table (but the audit log and
 * sign-in sessions) is compared with before. Prints what was tried, the answers by status, any 5xx answer
 * or crash with the input that caused it, and any invalid input that was accepted. Exits 1 on a finding.
 */
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { Client, spawnServer } from '../server/test/helper';
import { mulberry32 } from './lib/random';

// ------------------------------------------------------------------ the server under test

/** The server process the run owns: it can tell whether it still runs, and start it again after a crash. */
export interface Target {
  url: string;
  dataDir: string;
  running(): boolean;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The server from source on this data folder; a restart comes back on the same port. */
export async function startTarget(dataDir: string): Promise<Target> {
  let child: ChildProcess;
  let url: string;
  ({ child, url } = await spawnServer(dataDir));
  const port = Number(new URL(url).port);
  const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  return {
    get url() {
      return url;
    },
    dataDir,
    running: () => alive(child),
    restart: async () => {
      if (alive(child)) child.kill('SIGKILL');
      ({ child, url } = await spawnServer(dataDir, { port }));
    },
    stop: async () => {
      if (!alive(child)) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Who calls: the administrator's session, the machine's own kiosk and display, or nobody. */
export interface Callers {
  admin: string;
  kiosk: string;
  display: string;
}

/** A small office to fuzz: three tickets waiting, a clerk, the local kiosk and display paired. */
export async function prepareOffice(url: string): Promise<Callers> {
  const admin = await new Client(url).login();
  for (const serviceId of ['id-applications', 'id-pickup', 'information']) await admin.post('/api/tickets', { serviceId });
  await admin.post('/api/users', { username: 'ioana', password: 'clerk-password-1', role: 'clerk' });
  return { admin: admin.cookie, ...(await localTokens(url)) };
}

async function localTokens(url: string): Promise<{ kiosk: string; display: string }> {
  const kiosk = (await new Client(url).post('/api/devices/local')).body.token as string;
  const display = (await new Client(url).post('/api/devices/local-display')).body.token as string;
  return { kiosk, display };
}

/**
 * Every row of every table but the audit log and the sign-in sessions (which any request may add to). The
 * tokens of the machine's own kiosk and display are made anew at each start: after a restart they are left
 * out (`restarted`).
 */
export function dumpData(dataDir: string, restarted = false): Record<string, string> {
  const db = new Database(join(dataDir, 'qms.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit', 'sessions') ORDER BY name")
      .all() as { name: string }[];
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all() as Record<string, unknown>[];
      // A device's "last seen" moves with every request it makes, valid or not.
      if (name === 'devices') {
        for (const r of rows) {
          delete r.last_seen_at;
          if (restarted && r.local) delete r.token_hash;
        }
      }
      out[name] = JSON.stringify(rows);
    }
    return out;
  } finally {
    db.close();
  }
}

// ------------------------------------------------------------------ the routes, from the OpenAPI description

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
};

interface Route {
  method: string;
  path: string;
  params: string[];
  query: Record<string, Schema>;
  body: Schema | null;
  /** Who the route is for: a paired kiosk or display, or staff. */
  caller: 'admin' | 'kiosk' | 'display';
}

/** Raw-file uploads and the content types their parsers take. */
const UPLOADS: Record<string, string[]> = {
  'PUT /api/office/ticket-logo': ['image/png', 'application/octet-stream'],
  'POST /api/media': ['image/png', 'image/jpeg', 'video/mp4', 'application/octet-stream'],
  'POST /api/appointments/import': ['text/csv', 'text/plain'],
};

export async function readRoutes(url: string): Promise<Route[]> {
  const spec = (await (await fetch(`${url}/docs/json`)).json()) as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  };
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const parameters = op.parameters ?? [];
      routes.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        caller: /^\/api\/(kiosk\/|devices\/me|devices\/local$)/.test(path) ? 'kiosk' : /^\/api\/display\//.test(path) ? 'display' : 'admin',
      });
    }
  }
  return routes;
}

// ------------------------------------------------------------------ random inputs

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Rng = () => number;

const pick = <T>(rnd: Rng, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u202e\u200b',
  '\ud800',
  '𝕏😀',
  'ș ț ă â î Ș Ț',
  '<script>alert(1)</script>',
  "'; DROP TABLE tickets; --",
  '../../../../etc/passwd',
  '${jndi:ldap://x}',
  '%00%ff',
  '__proto__',
  'constructor',
  'x'.repeat(300),
  'x'.repeat(5000),
  '2026-02-30',
  '25:99',
  'counter-999',
  'true',
  '1e309',
];
const NUMBERS = [0, -1, 1.5, -0.0001, 1e308, -1e308, 2 ** 53 + 2, 2 ** 31, 99_999_999_999, 5e-324];

const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xf4, 0x90, 0x80, 0x80], [0xfe, 0xfe, 0xff, 0xff]].map((b) =>
  Buffer.from(b),
);

function randomString(rnd: Rng): string {
  if (rnd() < 0.6) return pick(rnd, STRINGS);
  const n = Math.floor(rnd() * 40);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCodePoint(rnd() < 0.8 ? 32 + Math.floor(rnd() * 95) : Math.floor(rnd() * 0x2ffff));
  return s;
}

function randomJson(rnd: Rng, depth = 0): Json {
  const r = rnd();
  if (depth > 3 || r < 0.45) {
    const k = rnd();
    if (k < 0.35) return randomString(rnd);
    if (k < 0.65) return pick(rnd, NUMBERS);
    if (k < 0.8) return rnd() < 0.5;
    return null;
  }
  if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 5) }, () => randomJson(rnd, depth + 1));
  return randomObject(rnd, depth + 1);
}

/** An object with at least one key no schema of this API has. */
function randomObject(rnd: Rng, depth = 0): { [k: string]: Json } {
  const o: { [k: string]: Json } = { [`fuzz${Math.floor(rnd() * 1e6)}${pick(rnd, ['', '_x', '.y', ' z', 'ș'])}`]: randomJson(rnd, depth + 1) };
  for (let i = Math.floor(rnd() * 3); i > 0; i--) o[randomString(rnd).slice(0, 40)] = randomJson(rnd, depth + 1);
  return o;
}

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';
const typeOf = (v: unknown): JsonType =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : (typeof v as JsonType);

/** The JSON types a schema admits, or null when it says nothing about them. */
function allowedTypes(s: Schema): Set<JsonType> | null {
  const union = s.anyOf ?? s.oneOf;
  if (union) {
    const all = new Set<JsonType>();
    for (const u of union) {
      const t = allowedTypes(u);
      if (!t) return null;
      for (const x of t) all.add(x);
    }
    return all;
  }
  let types: Set<JsonType> | null = null;
  if (s.const !== undefined) types = new Set([typeOf(s.const)]);
  else if (s.enum) types = new Set(s.enum.map(typeOf));
  else if (s.type) types = new Set((Array.isArray(s.type) ? s.type : [s.type]) as JsonType[]);
  // OpenAPI 3.0 writes "or null" as a flag.
  if (types && s.nullable === true) types.add('null');
  return types;
}

const admits = (allowed: Set<JsonType>, v: unknown) => {
  const t = typeOf(v);
  return allowed.has(t) || (t === 'integer' && allowed.has('number'));
};

/** A value the schema refuses: of a type it does not take, or of its type but out of its bounds. */
function refusedValue(rnd: Rng, s: Schema): Json | undefined {
  const allowed = allowedTypes(s);
  if (!allowed) return undefined;
  const outOfBounds: Json[] = [];
  if (s.enum && allowed.size === 1 && allowed.has('string')) outOfBounds.push(`not-${String(s.enum[0])}-${Math.floor(rnd() * 1000)}`);
  if (typeof s.maxLength === 'number' && s.maxLength < 60_000) outOfBounds.push('x'.repeat(s.maxLength + 1 + Math.floor(rnd() * 10)));
  if (typeof s.minLength === 'number' && s.minLength > 0) outOfBounds.push('');
  if (typeof s.maximum === 'number') outOfBounds.push(s.maximum + 1, s.maximum + 1e9);
  if (typeof s.exclusiveMaximum === 'number') outOfBounds.push(s.exclusiveMaximum);
  if (typeof s.minimum === 'number') outOfBounds.push(s.minimum - 1, s.minimum - 1e9);
  if (typeof s.exclusiveMinimum === 'number') outOfBounds.push(s.exclusiveMinimum);
  if (typeof s.maxItems === 'number' && s.maxItems < 2000) outOfBounds.push(Array.from({ length: s.maxItems + 1 }, () => null));
  const wrongType = (['x', 7, 1.5, true, null, [], {}, [1, 'a'], { a: 1 }] as Json[]).filter((v) => !admits(allowed, v));
  const pool = rnd() < 0.5 && outOfBounds.length > 0 ? outOfBounds : wrongType;
  return pool.length > 0 ? pick(rnd, pool) : undefined;
}

/** A body the route's schema refuses: one property (maybe nested) of a wrong type or value, the rest absent. */
function wrongTypeBody(rnd: Rng, s: Schema): Json | undefined {
  const props = Object.entries(s.properties ?? {});
  if (props.length === 0) return undefined;
  for (let tries = 0; tries < 5; tries++) {
    const [name, sub] = pick(rnd, props);
    if (sub.properties && sub.additionalProperties === false && rnd() < 0.5) {
      const inner = wrongTypeBody(rnd, sub);
      if (inner !== undefined) return { [name]: inner };
    }
    const v = refusedValue(rnd, sub);
    if (v !== undefined) return { [name]: v };
  }
  return undefined;
}

const MALFORMED = [
  '{',
  '{"a":',
  '[1,2',
  '{"a" 1}',
  "{'a':1}",
  '{"a":1,}',
  '{"a":1}}',
  'NaN',
  'undefined',
  '{"a":01}',
  '{"a":0x1F}',
  '{"a":"\u0001"}',
  '{"a":"\\u12"}',
  '{"a":1e99999x}',
  '{"__proto__":{"admin":true}}',
  '\u0000',
  ' ',
  '{"a":"b"',
  '[' .repeat(200),
];

function malformedJson(rnd: Rng): Buffer {
  if (rnd() < 0.5) return Buffer.from(pick(rnd, MALFORMED));
  const text = JSON.stringify(randomObject(rnd));
  return Buffer.from(text.slice(0, Math.max(1, Math.floor(rnd() * (text.length - 1)))));
}

/** JSON text with bytes that are not UTF-8 inside a key no schema has (or, where no schema reads it, inside broken JSON). */
function invalidUtf8Body(rnd: Rng, strict: boolean): Buffer {
  const bad = pick(rnd, INVALID_UTF8);
  if (!strict) return Buffer.concat([Buffer.from('{"a":"'), bad, Buffer.from('"')]);
  return rnd() < 0.5
    ? Buffer.concat([Buffer.from('{"fuzz'), bad, Buffer.from('":1}')])
    : Buffer.concat([Buffer.from('{"fuzz":"'), bad, Buffer.from('","x'), bad, Buffer.from('":[')]).subarray(0, rnd() < 0.5 ? undefined : -1);
}

/** Percent-encodes the UTF-8 of a string (a lone surrogate becomes U+FFFD, as a browser sends it). */
const enc = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** Path parameters that name nothing that exists: never a small whole number, a known id or name. */
const PARAMS = [
  'fuzz-nothing',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C3%28',
  '%FF%FE',
  '..',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'x'.repeat(3000),
  '-1',
  '1.5',
  '1e309',
  '99999999999999999999999',
  'null',
  '%5B%5D',
  "'%20OR%201=1",
  '%3Cscript%3E',
  '%F0%9F%92%A9',
  '%C8%99%C8%9B',
  '0x10',
  'NaN',
  'counter-0',
  'qms-2026-13-45.sqlite',
  'a%2Fb',
  '%20',
];

function badParam(rnd: Rng): Buffer {
  if (rnd() < 0.15) return Buffer.concat([Buffer.from('fuzz'), pick(rnd, INVALID_UTF8)]);
  if (rnd() < 0.2) return Buffer.from(enc(`fuzz-${randomString(rnd)}`));
  return Buffer.from(pick(rnd, PARAMS));
}

function badQuery(rnd: Rng, route: Route): Buffer {
  const names = Object.keys(route.query);
  const parts: (string | Buffer)[] = [];
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (names.length > 0 && r < 0.5) {
      const name = pick(rnd, names);
      const v = refusedValue(rnd, route.query[name]!);
      parts.push(`${name}=${enc(typeof v === 'string' ? v : JSON.stringify(v ?? randomString(rnd)))}`);
    } else if (r < 0.6) parts.push(`${names[0] ?? 'a'}=1&${names[0] ?? 'a'}=2`);
    else if (r < 0.7) parts.push(Buffer.concat([Buffer.from('q='), pick(rnd, INVALID_UTF8)]));
    else if (r < 0.8) parts.push(pick(rnd, ['%zz=1', 'a=%E0%A4%A', '__proto__[admin]=1', 'constructor.prototype.x=1', '&&&', '=', 'a[]=1&a[b]=2']));
    else parts.push(`fuzz${Math.floor(rnd() * 1000)}=${enc(randomString(rnd))}`);
  }
  return Buffer.concat(parts.flatMap((p, i) => [Buffer.from(i === 0 ? '?' : '&'), Buffer.isBuffer(p) ? p : Buffer.from(p)]));
}

function badHeaders(rnd: Rng): Record<string, string | Buffer> {
  const all: Record<string, string | Buffer>[] = [
    { cookie: `qms_session=${randomString(rnd).replace(/[\r\n]/g, '')}` },
    { cookie: `qms_session=${'a'.repeat(4000)}` },
    { authorization: `Bearer ${'x'.repeat(Math.floor(rnd() * 200))}` },
    { authorization: 'Basic YWRtaW46YWRtaW4=' },
    { 'idempotency-key': pick(rnd, ['', 'short', 'has space in it', 'x'.repeat(300), 'ключ-ключ-ключ']) },
    { 'accept-language': Buffer.concat([Buffer.from('ro-'), pick(rnd, INVALID_UTF8)]) },
    { 'x-forwarded-for': '999.999.999.999, ::ffff:zz' },
    { 'x-fuzz': 'x'.repeat(20_000) },
    { accept: 'application/x-fuzz, */*;q=abc' },
    { 'content-encoding': 'gzip' },
  ];
  return pick(rnd, all);
}

// ------------------------------------------------------------------ sending

interface Answer {
  /** The HTTP status, or what happened instead. */
  status: number | 'no answer' | 'timeout' | 'refused';
  body: string;
}

interface HttpInput {
  method: string;
  target: Buffer;
  headers: Record<string, string | Buffer>;
  body?: Buffer;
  chunked?: boolean;
}

/** One request on its own connection, written byte for byte (invalid bytes and all). */
function send(url: string, input: HttpInput, timeoutMs = 10_000): Promise<Answer> {
  const { hostname, port } = new URL(url);
  const head: Buffer[] = [Buffer.from(`${input.method} `), input.target, Buffer.from(` HTTP/1.1\r\nhost: ${hostname}:${port}\r\nconnection: close\r\n`)];
  for (const [k, v] of Object.entries(input.headers)) head.push(Buffer.from(`${k}: `), Buffer.isBuffer(v) ? v : Buffer.from(v, 'latin1'), Buffer.from('\r\n'));
  let payload: Buffer[] = [];
  if (input.body !== undefined) {
    if (input.chunked) {
      head.push(Buffer.from('transfer-encoding: chunked\r\n'));
      for (let i = 0; i < input.body.length; i += 16_384) {
        const part = input.body.subarray(i, i + 16_384);
        payload.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
      }
      payload.push(Buffer.from('0\r\n\r\n'));
    } else {
      head.push(Buffer.from(`content-length: ${input.body.length}\r\n`));
      payload = [input.body];
    }
  }
  head.push(Buffer.from('\r\n'));
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (a: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => done({ status: 'timeout', body: '' }), timeoutMs);
    const answer = (): Answer => {
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m) return { status: 'no answer', body: text.slice(0, 200) };
      return { status: Number(m[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4, text.indexOf('\r\n\r\n') + 304) };
    };
    let error = '';
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => done(answer()));
    socket.on('close', () => done(chunks.length > 0 ? answer() : { status: 'no answer', body: error }));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') done({ status: 'refused', body: e.code });
      // Otherwise the close follows: the server may have answered (413) and closed before a big body was all written.
      error = e.code ?? String(e);
    });
    let heard: (() => void) | null = null;
    socket.on('data', () => heard?.());
    /** Until the server says something, or the time is up. */
    const answerWithin = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        heard = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    socket.on('connect', async () => {
      socket.write(Buffer.concat(head));
      // A body over the limit goes out as a browser's upload does: the server may refuse it on its headers
      // (413 on a declared length) or once it has read past the limit, and the rest is then not sent.
      const big = (input.body?.length ?? 0) > BODY_LIMIT;
      if (big) await answerWithin(input.chunked ? 20 : 1000);
      let written = 0;
      let waited = false;
      for (const p of payload) {
        for (let i = 0; i < p.length; i += 65_536) {
          if (chunks.length > 0 || socket.destroyed) return;
          const piece = p.subarray(i, i + 65_536);
          socket.write(piece);
          written += piece.length;
          if (big && !waited && written > BODY_LIMIT + 65_536) {
            waited = true;
            await answerWithin(1000);
          }
        }
      }
    });
  });
}

/** A /ws connection that keeps every message and its close. */
class Socket {
  readonly ws: WebSocket;
  readonly opened: Promise<boolean>;
  private inbox: string[] = [];
  private waiting: ((m: string) => void) | null = null;
  closed: number | null = null;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve) => {
      this.ws.once('open', () => resolve(true));
      this.ws.once('error', () => resolve(false));
      this.ws.once('unexpected-response', (_req, res) => {
        this.closed = res.statusCode ?? 0;
        resolve(false);
      });
    });
    this.ws.on('error', () => undefined);
    this.ws.on('message', (raw) => this.push(String(raw)));
    this.ws.on('close', (code) => {
      this.closed ??= code;
      this.push(`closed ${code}`);
    });
  }

  private push(m: string): void {
    if (m.startsWith('{"type":"heartbeat"')) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(m);
    } else this.inbox.push(m);
  }

  /** The next message (its type or error code) or the close, or nothing within the time; heartbeats do not count. */
  next(ms: number): Promise<string> {
    const m = this.inbox.shift();
    if (m !== undefined) return Promise.resolve(m);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve('no answer');
      }, ms);
      this.waiting = (x) => {
        clearTimeout(timer);
        resolve(x);
      };
    });
  }

  drain(): void {
    this.inbox = [];
  }
}

const wsAnswer = (m: string): string => {
  if (m.startsWith('closed ') || m === 'no answer') return `ws ${m}`;
  try {
    const j = JSON.parse(m) as { type?: string; code?: string };
    return `ws ${j.type}${j.code ? ` ${j.code}` : ''}`;
  } catch {
    return 'ws unreadable';
  }
};

type WsInput = { label: string; data: Buffer | string; binary?: boolean };

/** Messages every run sends first, one each: the edges a parser trips on. */
const WS_CORPUS: WsInput[] = [
  ...['null', '42', '"hello"', 'true', '[]', '{}', '{"type":null}', '{"type":{}}', '{"type":"hello","topics":null}', '{"type":"hello","lastSeq":"5"}', '{"type":"ping","x":1}', '', '{'].map(
    (data) => ({ label: 'edge', data }),
  ),
  { label: 'edge', data: Buffer.from([0xc3, 0x28]), binary: false },
];

function wsMessage(rnd: Rng, n: number): WsInput {
  if (n < WS_CORPUS.length) return WS_CORPUS[n]!;
  const choices: (() => WsInput)[] = [
    () => ({ label: 'malformed', data: malformedJson(rnd).toString('latin1') }),
    () => ({ label: 'json value', data: JSON.stringify(pick(rnd, [null, 42, 'hello', true, [], [1, 2], {}])) }),
    () => ({ label: 'bad type', data: JSON.stringify({ type: pick(rnd, [null, 42, {}, [], '', 'HELLO', 'hello ', 'ticket.issued', 'x'.repeat(1000)]) }) }),
    () => ({ label: 'bad hello', data: JSON.stringify({ type: 'hello', topics: pick(rnd, ['queue', [1], [{}], [null], Array.from({ length: 5000 }, (_, i) => `t${i}`), ['x'.repeat(200)], {}]) }) }),
    () => ({ label: 'bad lastSeq', data: JSON.stringify({ type: 'hello', topics: ['queue'], lastSeq: pick(rnd, ['5', -1, 1e308, 2 ** 53 + 2, 1.5, {}, [], true]) }) }),
    () => ({ label: 'random', data: JSON.stringify(randomJson(rnd)) }),
    () => ({ label: 'invalid utf-8', data: Buffer.concat([Buffer.from('{"type":"'), pick(rnd, INVALID_UTF8), Buffer.from('"}')]), binary: false }),
    () => ({ label: 'binary', data: Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))), binary: true }),
    () => ({ label: 'huge', data: JSON.stringify({ type: 'hello', topics: ['x'.repeat(70_000 + Math.floor(rnd() * 100_000))] }) }),
  ];
  return pick(rnd, choices)();
}

const WS_QUERIES = [
  '?topics=%zz',
  '?topics=&lastSeq=-1',
  '?lastSeq=1e308',
  '?lastSeq=99999999999999999999',
  `?topics=${'q,'.repeat(3000)}`,
  '?topics=queue&lastSeq=0x10',
  '?topics=%C3%28&lastSeq=%FF',
  '?topics[]=queue',
  '?lastSeq=NaN&topics=*',
];

// ------------------------------------------------------------------ the run

type HttpKind =
  | 'random body'
  | 'malformed JSON'
  | 'huge payload'
  | 'wrong type or value'
  | 'unknown field'
  | 'invalid UTF-8'
  | 'bad path parameter'
  | 'bad query string'
  | 'bad headers'
  | 'wrong content type'
  | 'junk upload';
export type Kind = HttpKind | 'WebSocket message' | 'WebSocket subscription';

export interface Finding {
  kind: Kind;
  route: string;
  caller: string;
  answer: string;
  /** The request as sent (first bytes, invalid ones as \xNN). */
  input: string;
  /** For a crash: the input sent just before, in case that one took the server down. */
  before?: string;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  byKind: Partial<Record<Kind, number>>;
  byStatus: Record<string, number>;
  routes: number;
  /** 5xx answers, with the input that caused each. */
  serverErrors: Finding[];
  /** Inputs after which the server process was gone (it was started again to go on). */
  crashes: Finding[];
  /** Invalid inputs to a route that changes data that were answered 2xx. */
  accepted: Finding[];
  /** Requests that got no answer in 10 s. */
  timeouts: Finding[];
  /**
   * Connections closed without an HTTP answer reaching the client: a body over the limit sent in chunks is
   * answered 413 once the limit is passed, and the server closes while the client still sends, so TCP may
   * drop the answer. Listed, not counted as a fault.
   */
  unanswered: Finding[];
  /** Tables whose rows differ after the run. */
  changedTables: string[];
  up: boolean;
  seconds: number;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_LIMIT = 64 * 1024;

/** Bytes as text, unprintable and non-ASCII ones escaped, cut to a readable length. */
const show = (b: Buffer, max = 300) =>
  [...b.subarray(0, max)].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : x === 0x0d ? '\\r' : x === 0x0a ? '\\n' : `\\x${x.toString(16).padStart(2, '0')}`)).join('') +
  (b.length > max ? `… (${b.length} bytes)` : '');

export async function fuzz(target: Target, firstCallers: Callers, opts: { inputs: number; seed: number; onProgress?: (done: number) => void }): Promise<FuzzReport> {
  const started = performance.now();
  let callers = firstCallers;
  const rnd = mulberry32(opts.seed);
  const routes = await readRoutes(target.url);
  const before = { asIs: dumpData(target.dataDir), withoutLocalTokens: dumpData(target.dataDir, true) };
  const report: FuzzReport = {
    seed: opts.seed,
    inputs: 0,
    byKind: {},
    byStatus: {},
    routes: routes.length,
    serverErrors: [],
    crashes: [],
    accepted: [],
    timeouts: [],
    unanswered: [],
    changedTables: [],
    up: false,
    seconds: 0,
  };
  const auth = (who: string): Record<string, string> =>
    who === 'admin' ? { cookie: callers.admin } : who === 'kiosk' ? { authorization: `Bearer ${callers.kiosk}` } : who === 'display' ? { authorization: `Bearer ${callers.display}` } : {};
  const sockets: Socket[] = [];
  let wsSent = 0;

  const count = (kind: Kind, status: string) => {
    report.inputs++;
    report.byKind[kind] = (report.byKind[kind] ?? 0) + 1;
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
  };
  const afterCrash = async (finding: Finding, before?: Finding | null) => {
    report.crashes.push(before ? { ...finding, before: `${before.route} (${before.kind}): ${before.input.slice(0, 200)}` } : finding);
    await target.restart();
    sockets.length = 0;
    // The machine's own devices get new tokens at each start.
    callers = { ...callers, ...(await localTokens(target.url)) };
  };

  const strictBody = (route: Route) => route.body !== null && route.body.additionalProperties === false;
  /** The routes each kind of input applies to. */
  const applies: Record<HttpKind, (route: Route) => boolean> = {
    'malformed JSON': () => true,
    'invalid UTF-8': () => true,
    'bad query string': () => true,
    'bad headers': () => true,
    'huge payload': (r) => MUTATING.has(r.method),
    'wrong content type': (r) => MUTATING.has(r.method),
    'random body': strictBody,
    'wrong type or value': strictBody,
    'unknown field': strictBody,
    'bad path parameter': (r) => r.params.length > 0,
    'junk upload': (r) => `${r.method} ${r.path}` in UPLOADS,
  };
  const httpKinds = (Object.keys(applies) as HttpKind[]).filter((k) => routes.some(applies[k]));

  /** A body this route refuses whatever else the request says. */
  const refusal = (route: Route): { body: Buffer; type: string } => {
    const strict = strictBody(route);
    const r = rnd();
    const wrong = strict && r < 0.4 ? wrongTypeBody(rnd, route.body!) : undefined;
    if (wrong !== undefined) return { body: Buffer.from(JSON.stringify(wrong)), type: 'application/json' };
    if (strict && r < 0.6) return { body: Buffer.from(JSON.stringify(randomObject(rnd))), type: 'application/json' };
    return { body: r < 0.8 ? invalidUtf8Body(rnd, strict) : malformedJson(rnd), type: 'application/json' };
  };


  const httpInput = (kind: HttpKind, route: Route): HttpInput => {
    const mutating = MUTATING.has(route.method);
    const strict = strictBody(route);
    const upload = UPLOADS[`${route.method} ${route.path}`];
    // Path parameters name nothing that exists, whatever the kind.
    const segments = route.path.split(/(\{[^}]+\})/).map((part) => (/^\{.+\}$/.test(part) ? (kind === 'bad path parameter' ? badParam(rnd) : Buffer.from('fuzz-nothing')) : Buffer.from(part)));
    let target = Buffer.concat(segments);
    const headers: Record<string, string | Buffer> = {};
    let body: Buffer | undefined;
    let chunked = false;
    const setBody = (b: Buffer, type: string) => {
      body = b;
      headers['content-type'] = type;
    };
    switch (kind) {
      case 'malformed JSON':
        setBody(malformedJson(rnd), 'application/json');
        break;
      case 'invalid UTF-8':
        // Where the route reads no body, the bytes go into the query string, unescaped.
        if (mutating) setBody(invalidUtf8Body(rnd, strict), pick(rnd, ['application/json', 'application/json; charset=utf-8']));
        else target = Buffer.concat([target, Buffer.from(`?${Object.keys(route.query)[0] ?? 'q'}=`), pick(rnd, INVALID_UTF8)]);
        break;
      case 'huge payload': {
        const filler = Buffer.alloc(BODY_LIMIT + 1 + Math.floor(rnd() * 1024 * 1024), 'x');
        Buffer.from('{"fuzz":"').copy(filler);
        setBody(filler, 'application/json');
        chunked = rnd() < 0.3;
        break;
      }
      case 'wrong content type':
        setBody(Buffer.from(pick(rnd, ['serviceId=id-applications', '<a>1</a>', '--x\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--x--', 'hello'])), pick(rnd, ['application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'text/html', 'application/x-fuzz', 'json']));
        break;
      case 'random body':
        setBody(Buffer.from(JSON.stringify(rnd() < 0.6 ? randomObject(rnd) : pick(rnd, [[], [{}], 'text', 0, null, true, [randomJson(rnd)]]))), 'application/json');
        break;
      case 'wrong type or value': {
        const wrong = wrongTypeBody(rnd, route.body!);
        setBody(Buffer.from(JSON.stringify(wrong ?? randomObject(rnd))), 'application/json');
        break;
      }
      case 'unknown field': {
        const o = randomObject(rnd);
        if (rnd() < 0.3) o['constructor'] = { prototype: { admin: true } };
        setBody(Buffer.from(JSON.stringify(o)), 'application/json');
        break;
      }
      case 'junk upload': {
        const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 2000) }, () => Math.floor(rnd() * 256)));
        if (route.path === '/api/media') {
          // Random bytes are no image or video the board can show (its check reads the file's signature).
          target = Buffer.concat([target, Buffer.from(`?kind=${pick(rnd, ['image', 'video'])}&title=fuzz`)]);
          setBody(junk, pick(rnd, upload!));
        } else {
          // A PNG signature in front of junk for the logo; CSV without the columns the import needs.
          const lead = route.path === '/api/office/ticket-logo' ? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) : Buffer.from('a;b;c\n1;2;3\n');
          setBody(Buffer.concat([lead, junk]), pick(rnd, upload!));
        }
        break;
      }
      case 'bad query string':
        target = Buffer.concat([target, badQuery(rnd, route)]);
        break;
      case 'bad headers':
        Object.assign(headers, badHeaders(rnd));
        break;
      case 'bad path parameter':
        break;
    }
    // A bad query string or bad headers may leave a request the route would carry out: where it could change
    // something, it carries a body the route refuses as well. Every other kind is refused by itself.
    if (mutating && (kind === 'bad query string' || kind === 'bad headers')) {
      const r = refusal(route);
      setBody(r.body, r.type);
    }
    return { method: route.method, target, headers, body, chunked };
  };

  /** One input: what was sent, and whether its outcome (no answer, a dropped socket) calls for a look at the server. */
  type Sent = { finding: Finding; suspicious: boolean };

  const httpOnce = async (): Promise<Sent> => {
    const kind = pick(rnd, httpKinds);
    const route = pick(
      rnd,
      routes.filter((r) => applies[kind](r)),
    );
    const who = rnd() < 0.25 ? 'anonymous' : route.caller;
    const input = httpInput(kind, route);
    Object.assign(input.headers, { ...auth(who), ...input.headers });
    const answer = await send(target.url, input);
    const status = String(answer.status);
    count(kind, status);
    const finding: Finding = {
      kind,
      route: `${route.method} ${route.path}`,
      caller: who,
      answer: `${status} ${answer.body.slice(0, 200)}`,
      input: show(
        Buffer.concat([Buffer.from(`${input.method} `), input.target, Buffer.from(` ${JSON.stringify(Object.keys(input.headers))}${input.chunked ? ' chunked' : ''} `), input.body ?? Buffer.alloc(0)]),
      ),
    };
    if (typeof answer.status === 'number' && answer.status >= 500) report.serverErrors.push(finding);
    if (typeof answer.status === 'number' && answer.status < 300 && MUTATING.has(route.method)) report.accepted.push(finding);
    if (answer.status === 'timeout') report.timeouts.push(finding);
    if (answer.status === 'no answer') report.unanswered.push(finding);
    return { finding, suspicious: typeof answer.status !== 'number' };
  };

  const wsOnce = async (): Promise<Sent> => {
    const wsUrl = target.url.replace(/^http/, 'ws') + '/ws';
    if (rnd() < 0.15) {
      const q = rnd() < 0.5 ? pick(rnd, WS_QUERIES) : `?topics=${enc(randomString(rnd))}&lastSeq=${enc(String(randomJson(rnd)))}`;
      const s = new Socket(wsUrl + q);
      const opened = await s.opened;
      const first = opened ? await s.next(1000) : `closed ${s.closed}`;
      count('WebSocket subscription', wsAnswer(first));
      s.ws.terminate();
      return {
        finding: { kind: 'WebSocket subscription', route: 'GET /ws', caller: 'anonymous', answer: first, input: show(Buffer.from(q)) },
        suspicious: first === 'no answer' || first.startsWith('closed 1006') || !opened,
      };
    }
    let s = sockets.find((x) => x.closed === null);
    if (!s) {
      s = new Socket(wsUrl);
      await s.opened;
      sockets.push(s);
    }
    s.drain();
    const m = wsMessage(rnd, wsSent++);
    s.ws.send(m.data, { binary: m.binary ?? false });
    const first = await s.next(500);
    count('WebSocket message', wsAnswer(first));
    for (let i = sockets.length - 1; i >= 0; i--) if (sockets[i]!.closed !== null) sockets.splice(i, 1);
    return {
      finding: { kind: 'WebSocket message', route: 'WS /ws', caller: 'anonymous', answer: first, input: `${m.label}: ${show(Buffer.isBuffer(m.data) ? m.data : Buffer.from(m.data))}` },
      suspicious: first === 'no answer' || first === 'closed 1006',
    };
  };

  /** Whether the server still answers; a server that went away is given a moment to be seen gone. */
  const stillUp = async (): Promise<boolean> => {
    const probe = await send(target.url, { method: 'GET', target: Buffer.from('/api/health'), headers: {} }, 3000);
    if (probe.status === 200) return true;
    for (let i = 0; i < 100 && target.running(); i++) await new Promise((r) => setTimeout(r, 20));
    return false;
  };

  let previous: Finding | null = null;
  for (let i = 0; i < opts.inputs; i++) {
    // A server found gone before this input was taken down by the one before it.
    if (previous && !target.running()) await afterCrash(previous);
    const { finding, suspicious } = rnd() < 0.1 ? await wsOnce() : await httpOnce();
    if ((suspicious || !target.running()) && !(await stillUp())) {
      await afterCrash(finding, previous);
      previous = null;
    } else previous = finding;
    if ((i + 1) % 1000 === 0) opts.onProgress?.(i + 1);
  }
  for (const s of sockets) s.ws.terminate();
  if (previous && !target.running()) await afterCrash(previous);

  const health = await send(target.url, { method: 'GET', target: Buffer.from('/api/health'), headers: {} });
  report.up = target.running() && health.status === 200;
  const restarted = report.crashes.length > 0;
  const first = restarted ? before.withoutLocalTokens : before.asIs;
  const after = dumpData(target.dataDir, restarted);
  report.changedTables = [...new Set([...Object.keys(first), ...Object.keys(after)])].filter((k) => first[k] !== after[k]);
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}

/** The report as a person reads it. */
export function describe(r: FuzzReport): string {
  const lines = [
    `Fuzz run, seed ${r.seed}: ${r.inputs} inputs over ${r.routes} routes and /ws in ${r.seconds} s`,
    `  by kind:   ${Object.entries(r.byKind)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `  by answer: ${Object.entries(r.byStatus)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}`,
    `  server up afterwards: ${r.up ? 'yes' : 'NO'}; data changed: ${r.changedTables.length === 0 ? 'none' : r.changedTables.join(', ')}`,
  ];
  const list = (title: string, fs: Finding[]) => {
    lines.push(`  ${title}: ${fs.length}`);
    for (const f of fs.slice(0, 20)) {
      lines.push(`    - ${f.route} as ${f.caller} (${f.kind}) -> ${f.answer.replace(/\s+/g, ' ').slice(0, 160)}\n      input: ${f.input.slice(0, 400)}`);
      if (f.before) lines.push(`      the input before it: ${f.before}`);
    }
  };
  list('5xx answers', r.serverErrors);
  list('crashes', r.crashes);
  list('invalid inputs accepted', r.accepted);
  list('no answer within 10 s', r.timeouts);
  list('connection closed without an answer', r.unanswered);
  return lines.join('\n');
}

export const clean = (r: FuzzReport): boolean =>
  r.up && r.serverErrors.length === 0 && r.crashes.length === 0 && r.accepted.length === 0 && r.timeouts.length === 0 && r.changedTables.length === 0;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { inputs: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' }, json: { type: 'string' } },
  });
  const inputs = Number(values.inputs);
  const seed = Number(values.seed);
  if (!Number.isInteger(inputs) || inputs < 1 || !Number.isInteger(seed)) throw new Error('--inputs and --seed take whole numbers');
  const dataDir = mkdtempSync(join(os.tmpdir(), 'qms-fuzz-'));
  const target = await startTarget(dataDir);
  try {
    const callers = await prepareOffice(target.url);
    const report = await fuzz(target, callers, { inputs, seed, onProgress: (n) => process.stderr.write(`  ${n} / ${inputs}\r`) });
    console.log(describe(report));
    if (values.json) {
      mkdirSync(dirname(values.json), { recursive: true });
      writeFileSync(values.json, JSON.stringify(report, null, 2));
    }
    process.exitCode = clean(report) ? 0 : 1;
  } finally {
    await target.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
