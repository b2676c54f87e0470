import type { DisplayHome } from './types';

/** Where the display keeps its device token and the last board it showed, between restarts. */
const TOKEN = 'qms.display.token';
const HOME = 'qms.display.home';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* storage full or off: the display still works, it only forgets across a restart */
  }
}

export const tokenStore = {
  get: (): string | null => read(TOKEN),
  set: (token: string | null): void => write(TOKEN, token),
};

/** The last board the server sent, so a reload while the network is down still shows it. */
export const homeStore = {
  get(): DisplayHome | null {
    const raw = read(HOME);
    if (!raw) return null;
    try {
      const home = JSON.parse(raw) as DisplayHome;
      return home && typeof home === 'object' && Array.isArray(home.counters) ? home : null;
    } catch {
      return null;
    }
  },
  set: (home: DisplayHome | null): void => write(HOME, home === null ? null : JSON.stringify(home)),
};

/**
 * The device token the display starts with: one handed over in the address (`#token=<t>`, as the display
 * shell or an installer opens it) is kept and taken out of the address; otherwise the one kept from before.
 */
export function startToken(loc: { hash: string; pathname: string; search: string }, replaceUrl: (url: string) => void): string | null {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    tokenStore.set(fromHash);
    replaceUrl(loc.pathname + loc.search);
    return fromHash;
  }
  return tokenStore.get();
}

/** "482913" as staff read it off the screen: "482 913". */
export function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
