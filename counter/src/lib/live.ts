import { isEvent, LiveFeed, type FeedOptions, type Incoming, type LinkStatus } from '@qms/shared/web/live';
import { applyEvent, fromSnapshot, type QueueView } from './queue-view';
import type { QueueSnapshot } from './types';

export { wsUrl, type LinkStatus, type SocketLike } from '@qms/shared/web/live';

export interface LiveState {
  status: LinkStatus;
  view: QueueView | null;
  /** Server time minus this machine's time, so timers agree with the server whatever the PC's clock says. */
  clockOffsetMs: number;
  /** Reconnection attempts since the link was last live. */
  attempts: number;
}

export interface LiveOptions extends Pick<FeedOptions, 'url' | 'pingMs' | 'backoffMs' | 'createSocket' | 'now'> {
  topics?: string[];
  /** Silence after which the server counts as gone: heartbeats come every 5 s, so two missed ones. */
  silenceMs?: number;
}

type Listener = (s: LiveState) => void;

/**
 * The queue as the server pushes it over /ws: says hello with the last seq it has, applies the snapshot
 * or the replayed events and then every live event, and resumes from its last seq after a drop (see
 * LiveFeed). A missing event on a live link is fetched by saying hello again. A Svelte store (`subscribe`).
 */
export class LiveQueue extends LiveFeed {
  private state: LiveState = { status: 'connecting', view: null, clockOffsetMs: 0, attempts: 0 };
  private readonly listeners = new Set<Listener>();
  private notifyQueued = false;
  /** A seq a heartbeat named that the view had not reached yet. */
  private suspect = 0;

  constructor(opts: LiveOptions) {
    super({ ...opts, topics: opts.topics ?? ['queue'], hello: true, silenceMs: opts.silenceMs ?? 10_000 });
  }

  get current(): LiveState {
    return this.state;
  }

  subscribe(run: Listener): () => void {
    this.listeners.add(run);
    run(this.state);
    return () => this.listeners.delete(run);
  }

  protected override setStatus(status: LinkStatus): void {
    this.status = status;
    this.set({ status, attempts: this.attempts }, true);
  }

  protected override receive(m: Incoming): void {
    const view = this.state.view;
    switch (m.type) {
      case 'snapshot': {
        const snap = m.data as QueueSnapshot;
        this.setClock(Date.parse(snap.at));
        this.setView(fromSnapshot({ ...snap, seq: m.seq as number }));
        return;
      }
      case 'ready':
        this.suspect = 0;
        this.caughtUp();
        return;
      case 'heartbeat': {
        const seq = m.seq as number;
        this.setClock(Date.parse(m.at as string));
        // A heartbeat names the last seq. Still behind it at the next heartbeat: an event went missing.
        if (this.ready && view && this.suspect > view.seq) return this.reconnect();
        this.suspect = this.ready && view && seq > view.seq ? seq : 0;
        return;
      }
      default:
        break;
    }
    if (!isEvent(m) || !view) return;
    if (m.seq > view.seq + 1 && this.ready) return this.reconnect();
    this.setView(applyEvent(view, m));
  }

  private setView(view: QueueView): void {
    this.lastSeq = view.seq;
    this.set({ view });
  }

  private setClock(serverMs: number): void {
    this.clockOffsetMs = serverMs - this.now();
    this.set({ clockOffsetMs: this.clockOffsetMs });
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
}
