import { Api } from './api';
import { storageOf, type StorageHealth } from './disk';

/**
 * The data folder's disk, read from the server's health while someone looks: the header every minute, the
 * Data page every 30 s. Both show the same last answer. An answer that does not come keeps the last one
 * (the panel says elsewhere when the server cannot be reached).
 */

/** undefined: no answer yet; null: the server does not tell its disk's state. */
export type DiskState = StorageHealth | null | undefined;

type Listener = (state: DiskState) => void;

export class DiskWatch {
  private state: DiskState = undefined;
  private readonly listeners = new Set<Listener>();
  private reading: Promise<void> | null = null;

  constructor(private readonly read: () => Promise<unknown>) {}

  /** Reads now and every `ms` until the returned function is called; the listener hears every answer. */
  watch(ms: number, listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.state);
    void this.refresh();
    const timer = setInterval(() => void this.refresh(), ms);
    return () => {
      clearInterval(timer);
      this.listeners.delete(listener);
    };
  }

  /** One reading at a time: a watcher asking while one is under way shares it. */
  refresh(): Promise<void> {
    this.reading ??= this.read()
      .then((health) => {
        this.state = storageOf(health);
        for (const l of this.listeners) l(this.state);
      })
      .catch(() => undefined)
      .finally(() => (this.reading = null));
    return this.reading;
  }
}

/**
 * How often to read, in ms: the usual interval, unless the page was opened with `window.qmsDiskPollMs`
 * set to a shorter one (what the browser tests do, before the panel starts).
 */
export function diskPollMs(usual: number, override: unknown = (globalThis as { qmsDiskPollMs?: unknown }).qmsDiskPollMs): number {
  return typeof override === 'number' && override >= 100 && override < usual ? override : usual;
}

const api = new Api();

export const disk = new DiskWatch(() => api.request('GET', '/api/health', undefined, { timeoutMs: 5000 }));
