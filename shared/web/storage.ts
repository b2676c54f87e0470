/** A value the page keeps in localStorage between restarts. */
export interface Stored {
  get(): string | null;
  set(value: string | null): void;
}

/** One localStorage key; neither reading nor writing ever throws (private mode, storage off or full). */
export function stored(key: string): Stored {
  return {
    get() {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set(value) {
      try {
        if (value === null) localStorage.removeItem(key);
        else localStorage.setItem(key, value);
      } catch {
        /* not remembered: the page still works, it only forgets across a restart */
      }
    },
  };
}
