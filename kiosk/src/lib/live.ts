import type { ServerMessage, WireEvent } from '@qms/shared';

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

export interface FeedOptions {
  /** The /ws address, without a query. */
  url: string;
  topics: string[];
  /** The seq the page's data already reflects: the server replays only what came after it. */
  lastSeq?: number | null;
  /** Something happened on a subscribed topic (the event), or the feed caught up after (re)connecting (null). */
  onChange: (event: WireEvent | null) => void;
  onStatus?: (status: LinkStatus) => void;
  /** Silence after which the server counts as gone: heartbeats come every 5 s, so two missed ones. */
  silenceMs?: number;
  pingMs?: number;
  /** Reconnection delays, the last one repeating. */
  backoffMs?: number[];
  createSocket?: (url: string) => SocketLike;
  now?: () => number;
}

const OPEN = 1;

/**
 * Tells the page when something it shows may have changed: subscribes to topics on /ws with the last seq
 * it has, and comes back by itself with backoff when the socket drops or the server stops talking,
 * resuming from that seq. It carries no data of its own: the page fetches what it shows again.
 */
export class LiveFeed {
  status: LinkStatus = 'connecting';
  lastSeq: number | null;
  private socket: SocketLike | null = null;
  private lastHeard = 0;
  private lastPing = 0;
  private attempts = 0;
  private stopped = true;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly opts: FeedOptions) {
    this.lastSeq = opts.lastSeq ?? null;
    this.now = opts.now ?? Date.now;
    this.createSocket = opts.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  /** The address with the subscription in the query, resuming from the last seq heard. */
  address(): string {
    const topics = this.opts.topics.map(encodeURIComponent).join(',');
    return `${this.opts.url}?topics=${topics}${this.lastSeq === null ? '' : `&lastSeq=${this.lastSeq}`}`;
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

  private setStatus(s: LinkStatus): void {
    if (this.status === s) return;
    this.status = s;
    this.opts.onStatus?.(s);
  }

  /**
   * Topics filter events, so the server's seq runs ahead of the feed's in normal operation and a heartbeat
   * naming a later seq is no sign of a gap; what the feed checks is that it hears from the server.
   */
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
    let ready = false;
    socket.onopen = () => {
      this.lastHeard = this.now();
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
        case 'snapshot':
          this.lastSeq = m.seq;
          return;
        case 'ready':
          ready = true;
          this.lastSeq = Math.max(this.lastSeq ?? 0, m.seq);
          this.attempts = 0;
          this.setStatus('live');
          this.opts.onChange(null);
          return;
        case 'heartbeat':
        case 'replay':
        case 'pong':
        case 'error':
          return;
        default:
          break;
      }
      if (!m.type.includes('.')) return;
      const seq = (m as { seq?: unknown }).seq;
      if (typeof seq === 'number') this.lastSeq = Math.max(this.lastSeq ?? 0, seq);
      if (ready) this.opts.onChange(m as WireEvent);
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
    const backoff = this.opts.backoffMs ?? [300, 1000, 2000, 3000, 5000];
    const base = backoff[Math.min(this.attempts - 1, backoff.length - 1)] ?? 5000;
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

/** The /ws address of the server the page came from. */
export function wsUrl(loc: { protocol: string; host: string } = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/**
 * Runs `fn` at most once per `ms`: a call inside the window is kept and runs when the window ends (many
 * calls there run it once). Calls while `fn` is still running wait for it.
 */
export class Throttle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly fn: () => Promise<void> | void,
    private readonly ms: number,
    private readonly now: () => number = Date.now,
  ) {}

  call(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const wait = this.last + this.ms - this.now();
    if (wait <= 0) return void this.run();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
  }

  private async run(): Promise<void> {
    this.last = this.now();
    this.running = (async () => {
      try {
        await this.fn();
      } catch {
        /* the next call tries again */
      }
    })();
    await this.running;
    this.running = null;
    if (this.again) {
      this.again = false;
      this.call();
    }
  }
}
