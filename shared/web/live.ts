import type { WireEvent } from '../src/protocol/wire';

/**
 * `connecting`: no answer yet; `live`: caught up and hearing the server; `offline`: the socket dropped or
 * the server went silent, reconnecting.
 */
export type LinkStatus = 'connecting' | 'live' | 'offline';

/** The part of the browser's WebSocket the feed uses (tests pass a fake). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** A message from the server, as JSON gave it: only `type` is known to be there. */
export interface Incoming {
  type: string;
  seq?: unknown;
  at?: unknown;
  data?: unknown;
}

export interface FeedOptions {
  /** The /ws address, without a query. */
  url: string;
  topics: string[];
  /** The seq the page's data already reflects: the server replays only what came after it. */
  lastSeq?: number | null;
  /** Subscribe with a `hello` message once the socket is open, rather than in the address. */
  hello?: boolean;
  /** An event, once; `replayed` when it happened while the page was away (sent before `ready`). */
  onEvent?: (event: WireEvent, replayed: boolean) => void;
  /** The feed caught up after (re)connecting, or something outside the queue changed (`changed`): fetch again. */
  onRefresh?: () => void;
  onStatus?: (status: LinkStatus) => void;
  /** Any other message the server sends to one device (e.g. `{type: 'scan', code}` from a bridge's scanner). */
  onOther?: (message: { type: string } & Record<string, unknown>) => void;
  /** Silence after which the server counts as gone: heartbeats come every 5 s, so two missed ones. */
  silenceMs?: number;
  /** How often the page pings the server (answered with a pong). */
  pingMs?: number;
  /** Reconnection delays, the last one repeating; at most 3 s (±20 %), so a screen is back within 5 s of the server. */
  backoffMs?: number[];
  createSocket?: (url: string) => SocketLike;
  now?: () => number;
}

const OPEN = 1;

/**
 * The server's live feed on /ws: subscribes to topics with the last seq the page has, hands on every event
 * (replayed ones marked) and tells when to fetch again, and comes back by itself with backoff when the
 * socket drops or the server stops talking, resuming from the last seq heard.
 *
 * Topics filter events, so the server's seq runs ahead of the feed's in normal operation and a heartbeat
 * naming a later seq is no sign of a gap; what the feed checks is that it hears from the server. A page
 * that keeps state of its own builds on it by overriding `receive`.
 */
export class LiveFeed {
  status: LinkStatus = 'connecting';
  lastSeq: number | null;
  /** Server time minus this machine's time, from the heartbeats; null until one was heard. */
  clockOffsetMs: number | null = null;
  /** Reconnection attempts since the link was last live. */
  protected attempts = 0;
  /** The server has caught this connection up (`ready`): events from now on are live. */
  protected ready = false;
  protected readonly now: () => number;
  private socket: SocketLike | null = null;
  private lastHeard = 0;
  private lastPing = 0;
  private stopped = true;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(protected readonly opts: FeedOptions) {
    this.lastSeq = opts.lastSeq ?? null;
    this.now = opts.now ?? Date.now;
    this.createSocket = opts.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  /** The address to connect to: with the subscription in the query, resuming from the last seq heard. */
  address(): string {
    if (this.opts.hello) return this.opts.url;
    const topics = this.opts.topics.map(encodeURIComponent).join(',');
    return `${this.opts.url}?topics=${topics}${this.lastSeq === null ? '' : `&lastSeq=${this.lastSeq}`}`;
  }

  /** Server time now, as well as the page knows it. */
  serverNow(): number {
    return this.now() + (this.clockOffsetMs ?? 0);
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

  /** Said each time the link goes live or is lost (again, with one more attempt). */
  protected setStatus(s: LinkStatus): void {
    if (this.status === s) return;
    this.status = s;
    this.opts.onStatus?.(s);
  }

  /** What a message from the current socket means to the page. */
  protected receive(m: Incoming): void {
    switch (m.type) {
      case 'snapshot':
        // No usable lastSeq (a new day, a new database): the page fetches anew at `ready`.
        if (typeof m.seq === 'number') this.lastSeq = m.seq;
        return;
      case 'ready':
        if (typeof m.seq === 'number') this.lastSeq = Math.max(this.lastSeq ?? 0, m.seq);
        this.caughtUp();
        this.opts.onRefresh?.();
        return;
      case 'heartbeat':
        if (typeof m.at === 'string' && !Number.isNaN(Date.parse(m.at))) this.clockOffsetMs = Date.parse(m.at) - this.now();
        return;
      case 'changed':
        this.opts.onRefresh?.();
        return;
      default:
        break;
    }
    if (!isEvent(m)) {
      this.opts.onOther?.(m as { type: string } & Record<string, unknown>);
      return;
    }
    if (this.lastSeq !== null && m.seq <= this.lastSeq) return;
    this.lastSeq = Math.max(this.lastSeq ?? 0, m.seq);
    this.opts.onEvent?.(m, !this.ready);
  }

  /** `ready`: the server sent all the page missed, and the link is live. */
  protected caughtUp(): void {
    this.ready = true;
    this.attempts = 0;
    this.setStatus('live');
  }

  /** Connects again at once, from the last seq (events went missing on a live link). */
  protected reconnect(): void {
    this.connect();
  }

  private connect(): void {
    this.drop();
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.address());
    } catch {
      return this.lost();
    }
    this.socket = socket;
    this.lastHeard = this.now();
    this.ready = false;
    socket.onopen = () => {
      this.lastHeard = this.now();
      if (this.opts.hello) socket.send(JSON.stringify({ type: 'hello', topics: this.opts.topics, lastSeq: this.lastSeq }));
    };
    socket.onmessage = (ev) => {
      if (socket !== this.socket) return;
      this.lastHeard = this.now();
      let m: Incoming;
      try {
        m = JSON.parse(String(ev.data)) as Incoming;
      } catch {
        return;
      }
      if (m && typeof m.type === 'string') this.receive(m);
    };
    socket.onclose = () => {
      if (socket === this.socket) this.lost();
    };
    socket.onerror = () => {
      /* onclose follows */
    };
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
    this.attempts++;
    this.setStatus('offline');
    const backoff = this.opts.backoffMs ?? [300, 1000, 2000, 3000];
    const base = backoff[Math.min(this.attempts - 1, backoff.length - 1)] ?? 3000;
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
    if (now - this.lastHeard > (this.opts.silenceMs ?? 12_000)) return this.lost();
    if (this.socket.readyState === OPEN && now - this.lastPing >= (this.opts.pingMs ?? 4_000)) {
      this.lastPing = now;
      try {
        this.socket.send(JSON.stringify({ type: 'ping' }));
      } catch {
        /* onclose follows */
      }
    }
  }
}

/** An event of the queue (`{seq, type, at, data}`, a dotted type), as opposed to a control message. */
export const isEvent = (m: Incoming): m is WireEvent & Incoming => m.type.includes('.') && typeof m.seq === 'number';

/** The /ws address of the server the page came from. */
export function wsUrl(loc: { protocol: string; host: string } = (globalThis as unknown as { location: { protocol: string; host: string } }).location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}
