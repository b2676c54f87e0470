import type { CounterDto, ServerMessage, WireEvent } from '@qms/shared';
import { isEventMessage } from '@qms/shared';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { CounterAction, DeviceHealth } from '../actions';

/** What a counter's display shows: its current ticket's code and whether it is open. */
export interface CounterView {
  code: string | null;
  counterState: 'open' | 'paused' | 'closed';
}

export interface Press {
  counterId: string;
  action: CounterAction;
  /** The press's own id (a button's message id, or one made for a keypad press): the Idempotency-Key. */
  id: string;
  at: number;
}

export type PressOutcome = { ok: true } | { ok: false; code: string; message: string };

export interface ServerLinkOptions {
  url: string;
  token: string;
  counters: string[];
  /** How long a press waits for a server that is down before it is dropped (and never delivered later). */
  pressTtlMs?: number;
  clock?: () => number;
}

const PATHS: Record<CounterAction, (counterId: string) => string> = {
  next: (c) => `/api/counters/${c}/call-next`,
  recall: (c) => `/api/counters/${c}/current/recall`,
  start: (c) => `/api/counters/${c}/current/start`,
  finish: (c) => `/api/counters/${c}/current/finish`,
  'no-show': (c) => `/api/counters/${c}/current/no-show`,
  pause: (c) => `/api/counters/${c}/pause`,
  resume: (c) => `/api/counters/${c}/resume`,
};

/**
 * The bridge's line to the server, as a paired device: the state of its counters, live over the WebSocket
 * (resumed from the last event after a drop), and the presses of its keypads and buttons, sent with their
 * own id as Idempotency-Key. A press made while the server is unreachable is sent again with the same key
 * until it gets an answer, so it acts once when the server is back; past `pressTtlMs` it is dropped and
 * reported, never delivered late.
 */
export class ServerLink extends EventEmitter {
  private readonly views = new Map<string, CounterView>();
  private readonly codes = new Map<string, string>();
  private socket: WebSocket | null = null;
  private lastSeq: number | null = null;
  private closed = false;
  private retry = 0;
  private connected = false;
  private lastSeenAt: number | null = null;
  private error: string | null = null;
  private readonly clock: () => number;

  constructor(private readonly opts: ServerLinkOptions) {
    super();
    this.clock = opts.clock ?? Date.now;
  }

  start(): void {
    this.connect();
  }

  view(counterId: string): CounterView | undefined {
    return this.views.get(counterId);
  }

  health(): DeviceHealth {
    return { name: 'server', kind: 'server-link', connected: this.connected, lastSeenAt: this.lastSeenAt, error: this.error };
  }

  /** Sends a press; resolves with the server's answer, or a refusal once it is too old to deliver. */
  async press(p: Press): Promise<PressOutcome> {
    const ttl = this.opts.pressTtlMs ?? 30_000;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(this.opts.url + PATHS[p.action](p.counterId), {
          method: 'POST',
          headers: { authorization: `Bearer ${this.opts.token}`, 'idempotency-key': `bridge-${p.id}`, 'content-type': 'application/json' },
          body: JSON.stringify(p.action === 'pause' ? { reason: 'break' } : {}),
          signal: AbortSignal.timeout(5000),
        });
        if (res.ok) return { ok: true };
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        return { ok: false, code: body.code ?? `HTTP_${res.status}`, message: body.message ?? res.statusText };
      } catch (e) {
        if (this.clock() - p.at >= ttl || this.closed) {
          return { ok: false, code: 'BRIDGE_SERVER_UNREACHABLE', message: `the server did not answer within ${Math.round(ttl / 1000)} s; the press was dropped` };
        }
        await new Promise((r) => setTimeout(r, Math.min(2000, 250 * 2 ** attempt)));
        void e;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.socket?.close();
  }

  private connect(): void {
    if (this.closed) return;
    const topics = this.opts.counters.map((c) => `counter:${c}`).join(',');
    const ws = new WebSocket(`${this.opts.url.replace(/^http/, 'ws')}/ws`, { headers: { authorization: `Bearer ${this.opts.token}` } });
    this.socket = ws;
    ws.on('open', () => {
      this.retry = 0;
      ws.send(JSON.stringify({ type: 'hello', topics: topics.split(','), lastSeq: this.lastSeq }));
    });
    ws.on('message', (raw) => this.onMessage(JSON.parse(String(raw)) as ServerMessage));
    const down = (why: string) => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.setConnected(false, why);
      if (this.closed) return;
      const wait = Math.min(10_000, 300 * 2 ** this.retry++);
      setTimeout(() => this.connect(), wait).unref();
    };
    ws.on('close', () => down('the connection to the server closed'));
    ws.on('error', (e) => {
      this.error = e.message;
      ws.terminate();
    });
  }

  private onMessage(m: ServerMessage): void {
    this.lastSeenAt = this.clock();
    if (m.type === 'snapshot') {
      const data = m.data as { counters: (CounterDto & { current: { id: string; code: string } | null })[] };
      for (const c of data.counters) if (this.opts.counters.includes(c.id)) this.set(c.id, { code: c.current?.code ?? null, counterState: c.state });
      this.lastSeq = m.seq;
    } else if (m.type === 'ready') {
      this.setConnected(true, null);
      this.lastSeq = m.seq;
    } else if (isEventMessage(m)) {
      this.lastSeq = m.seq;
      this.apply(m);
    }
  }

  private apply(e: WireEvent): void {
    const d = e.data as { ticket?: { id: string; code: string; counterId: string | null; status: string }; counter?: CounterDto | null };
    if (d.counter && this.opts.counters.includes(d.counter.id)) {
      const current = d.counter.currentTicketId;
      let code: string | null = null;
      if (current) code = d.ticket?.id === current ? d.ticket.code : (this.codes.get(current) ?? this.view(d.counter.id)?.code ?? null);
      this.set(d.counter.id, { code, counterState: d.counter.state });
    }
    if (d.ticket) this.codes.set(d.ticket.id, d.ticket.code);
  }

  private set(counterId: string, v: CounterView): void {
    const old = this.views.get(counterId);
    if (old && old.code === v.code && old.counterState === v.counterState) return;
    this.views.set(counterId, v);
    this.emit('state', counterId, v);
  }

  private setConnected(connected: boolean, error: string | null): void {
    if (this.connected === connected && this.error === error) return;
    this.connected = connected;
    this.error = error;
    this.emit('health', this.health());
  }
}
