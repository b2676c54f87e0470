import { applyEvent, fromSnapshot, type QueueView } from './queue-view';
import type { QueueSnapshot, ServerMessage, WireEvent } from './types';

/**
 * `connecting`: no answer yet since the panel opened; `live`: caught up and hearing the server;
 * `offline`: the socket dropped or the server went silent, reconnecting.
 */
export type LinkStatus = 'connecting' | 'live' | 'offline';

export interface LiveState {
  status: LinkStatus;
  view: QueueView | null;
  /** Server time minus this machine's time, so timers agree with the server whatever the PC's clock says. */
  clockOffsetMs: number;
  /** Reconnection attempts since the link was last live. */
  attempts: number;
}

/** The part of the browser's WebSocket the store uses (tests pass a fake). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface LiveOptions {
  url: string;
  topics?: string[];
  /** Silence after which the server counts as gone: heartbeats come every 5 s, so two missed ones. */
  silenceMs?: number;
  /** How often the panel pings the server (answered with a pong). */
  pingMs?: number;
  /** Reconnection delays, the last one repeating. */
  backoffMs?: number[];
  createSocket?: (url: string) => SocketLike;
  now?: () => number;
}

type Listener = (s: LiveState) => void;

const OPEN = 1;

/**
 * The queue as the server pushes it over /ws: says hello with the last seq it has, applies the snapshot
 * or the replayed events and then every live event, and comes back by itself with backoff when the
 * socket drops or the server stops talking, resuming from its last seq. A Svelte store (`subscribe`).
 */
export class LiveQueue {
  private state: LiveState = { status: 'connecting', view: null, clockOffsetMs: 0, attempts: 0 };
  private readonly listeners = new Set<Listener>();
  private socket: SocketLike | null = null;
  private lastHeard = 0;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPing = 0;
  private stopped = true;
  private notifyQueued = false;
  private readonly silenceMs: number;
  private readonly pingMs: number;
  private readonly backoff: number[];
  private readonly now: () => number;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly opts: LiveOptions) {
    this.silenceMs = opts.silenceMs ?? 10_000;
    this.pingMs = opts.pingMs ?? 4_000;
    this.backoff = opts.backoffMs ?? [300, 1000, 2000, 3000, 5000];
    this.now = opts.now ?? Date.now;
    this.createSocket = opts.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  get current(): LiveState {
    return this.state;
  }

  subscribe(run: Listener): () => void {
    this.listeners.add(run);
    run(this.state);
    return () => this.listeners.delete(run);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
    this.watchdog = setInterval(() => this.check(), 500);
  }

  stop(): void {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.watchdog = this.retryTimer = null;
    this.drop();
  }

  /** Server time now, by this machine's clock corrected with the last offset heard. */
  serverNow(): number {
    return this.now() + this.state.clockOffsetMs;
  }

  private set(patch: Partial<LiveState>, urgent = false): void {
    this.state = { ...this.state, ...patch };
    if (urgent) return this.flush();
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.notifyQueued = false;
    for (const l of this.listeners) l(this.state);
  }

  private connect(): void {
    this.drop();
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.opts.url);
    } catch {
      return this.lost();
    }
    this.socket = socket;
    this.lastHeard = this.now();
    let ready = false;
    let view = this.state.view;
    /** A seq a heartbeat named that we had not seen yet. */
    let suspect = 0;
    socket.onopen = () => {
      this.lastHeard = this.now();
      socket.send(JSON.stringify({ type: 'hello', topics: this.opts.topics ?? ['queue'], lastSeq: view ? view.seq : null }));
    };
    socket.onmessage = (ev) => {
      if (socket !== this.socket) return;
      this.lastHeard = this.now();
      let m: ServerMessage;
      try {
        m = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      switch (m.type) {
        case 'snapshot': {
          const snap = m.data as QueueSnapshot;
          view = fromSnapshot({ ...snap, seq: m.seq });
          this.set({ view, clockOffsetMs: Date.parse(snap.at) - this.now() });
          return;
        }
        case 'replay':
          return;
        case 'ready':
          ready = true;
          this.set({ status: 'live', attempts: 0, view }, true);
          return;
        case 'heartbeat':
          this.set({ clockOffsetMs: Date.parse(m.at) - this.now() });
          // A heartbeat names the last seq. Still behind it at the next heartbeat: an event went missing.
          if (ready && view && suspect > view.seq) return this.resync();
          suspect = ready && view && m.seq > view.seq ? m.seq : 0;
          return;
        case 'pong':
        case 'error':
          return;
        default:
          break;
      }
      if (!m.type.includes('.')) return;
      const e = m as WireEvent;
      if (!view) return;
      if (e.seq > view.seq + 1 && ready) return this.resync();
      view = applyEvent(view, e);
      this.set({ view });
    };
    socket.onclose = () => {
      if (socket === this.socket) this.lost();
    };
    socket.onerror = () => {
      /* onclose follows */
    };
  }

  /** Events went missing on a live link: say hello again from the last seq we have. */
  private resync(): void {
    this.connect();
  }

  private drop(): void {
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.onopen = s.onmessage = s.onclose = s.onerror = null;
    try {
      s.close(1000, 'reconnecting');
    } catch {
      /* already closed */
    }
  }

  private lost(): void {
    this.drop();
    if (this.stopped) return;
    const attempts = this.state.attempts + 1;
    this.set({ status: 'offline', attempts }, true);
    const base = this.backoff[Math.min(attempts - 1, this.backoff.length - 1)] ?? 5000;
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private check(): void {
    if (this.stopped || !this.socket) return;
    const now = this.now();
    if (now - this.lastHeard > this.silenceMs) return this.lost();
    if (this.socket.readyState === OPEN && now - this.lastPing >= this.pingMs) {
      this.lastPing = now;
      try {
        this.socket.send(JSON.stringify({ type: 'ping' }));
      } catch {
        /* onclose follows */
      }
    }
  }
}

/** The /ws address of the server the page came from. */
export function wsUrl(loc: { protocol: string; host: string } = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}
