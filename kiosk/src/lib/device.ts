/** Where the kiosk keeps its device token between restarts. */
const TOKEN = 'qms.kiosk.token';

export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export const localStore: TokenStore = {
  get() {
    try {
      return localStorage.getItem(TOKEN);
    } catch {
      return null;
    }
  },
  set(token) {
    try {
      if (token === null) localStorage.removeItem(TOKEN);
      else localStorage.setItem(TOKEN, token);
    } catch {
      /* private mode: asked for again at the next start */
    }
  },
};

/**
 * The device token the kiosk starts with: one handed over in the address (`#token=<t>`, as the kiosk shell
 * or an installer opens it) is kept and taken out of the address; otherwise the one kept from before.
 */
export function startToken(loc: { hash: string; pathname: string; search: string }, store: TokenStore, replaceUrl: (url: string) => void): string | null {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    store.set(fromHash);
    replaceUrl(loc.pathname + loc.search);
    return fromHash;
  }
  return store.get();
}

/** "482913" as staff read it off the screen: "482 913". */
export function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
