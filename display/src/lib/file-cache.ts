/**
 * The playlist's files, fetched once each and kept as Blobs: in memory (an object URL the page shows) and
 * in IndexedDB, so the playlist goes on when the network drops and after a reload while it is down. The
 * display runs on plain http on the office network, where a service worker is not allowed. A file's
 * address changes when the file does, so a kept file is never stale.
 */
const DB_NAME = 'qms-display';
const STORE = 'files';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDb(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const r = indexedDB.open(DB_NAME, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => resolve(null);
      r.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

export class FileCache {
  private readonly urls = new Map<string, string>();
  private readonly loading = new Map<string, Promise<string | null>>();
  private db: Promise<IDBDatabase | null> | null = null;

  private store(mode: IDBTransactionMode): Promise<IDBObjectStore | null> {
    this.db ??= openDb();
    return this.db.then((db) => {
      try {
        return db ? db.transaction(STORE, mode).objectStore(STORE) : null;
      } catch {
        return null;
      }
    });
  }

  /** An object URL of the file, if it is at hand now (no waiting). */
  ready(url: string): string | null {
    return this.urls.get(url) ?? null;
  }

  /** An object URL of the file: from memory, else from IndexedDB, else fetched and kept. Null while it cannot be had. */
  get(url: string): Promise<string | null> {
    const known = this.urls.get(url);
    if (known) return Promise.resolve(known);
    let p = this.loading.get(url);
    if (!p) {
      p = this.load(url).finally(() => this.loading.delete(url));
      this.loading.set(url, p);
    }
    return p;
  }

  private async load(url: string): Promise<string | null> {
    let blob: Blob | null = null;
    try {
      const store = await this.store('readonly');
      const kept = store ? await request(store.get(url)) : undefined;
      if (kept instanceof Blob) blob = kept;
    } catch {
      blob = null;
    }
    if (!blob) {
      try {
        const res = await fetch(url);
        if (!res.ok) return null;
        blob = await res.blob();
      } catch {
        return null;
      }
      try {
        const store = await this.store('readwrite');
        if (store) await request(store.put(blob, url));
      } catch {
        /* storage full: kept in memory only */
      }
    }
    const objectUrl = URL.createObjectURL(blob);
    this.urls.set(url, objectUrl);
    return objectUrl;
  }

  /** Forgets every file not among these (items taken off the playlist, files replaced). */
  async keepOnly(urls: Iterable<string>): Promise<void> {
    const keep = new Set(urls);
    for (const [url, objectUrl] of this.urls) {
      if (keep.has(url)) continue;
      URL.revokeObjectURL(objectUrl);
      this.urls.delete(url);
    }
    try {
      const store = await this.store('readwrite');
      if (!store) return;
      const keys = await request(store.getAllKeys());
      for (const key of keys) if (typeof key === 'string' && !keep.has(key)) store.delete(key);
    } catch {
      /* tidied next time */
    }
  }
}
