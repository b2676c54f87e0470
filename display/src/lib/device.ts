import { startToken as tokenFrom } from '@qms/shared/web/device';
import { stored } from '@qms/shared/web/storage';
import type { DisplayHome } from './types';

/** Where the display keeps its device token and the last board it showed, between restarts. */
export const tokenStore = stored('qms.display.token');
const kept = stored('qms.display.home');

/** The last board the server sent, so a reload while the network is down still shows it. */
export const homeStore = {
  get(): DisplayHome | null {
    const raw = kept.get();
    if (!raw) return null;
    try {
      const home = JSON.parse(raw) as DisplayHome;
      return home && typeof home === 'object' && Array.isArray(home.counters) ? home : null;
    } catch {
      return null;
    }
  },
  set: (home: DisplayHome | null): void => kept.set(home === null ? null : JSON.stringify(home)),
};

/** The device token the display starts with: from the address (`#token=<t>`), else the one kept from before. */
export const startToken = (loc: { hash: string; pathname: string; search: string }, replaceUrl: (url: string) => void): string | null =>
  tokenFrom(loc, tokenStore, replaceUrl);
