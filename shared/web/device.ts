import { ApiClient, type ClientOptions } from './api';

/** The devices that pair with the server: the kiosk and the hall display. */
export type DeviceKind = 'kiosk' | 'display';

export interface PairingStart {
  pairingId: string;
  code: string;
  expiresAt: string;
}

export type PairingState =
  | { status: 'pending'; code: string; expiresAt: string }
  | { status: 'paired'; token: string; device: { id: string; kind: string; name: string } };

/** What a device asks before it has a token: its own pairing, or the token of the server machine's own device. */
export class DeviceApi extends ApiClient {
  constructor(
    private readonly kind: DeviceKind,
    opts: ClientOptions = {},
  ) {
    super(opts);
  }

  /** The device of the server's own machine: answered only to the server machine itself. */
  local(): Promise<{ token: string; device: { id: string; name: string } }> {
    return this.request('POST', this.kind === 'kiosk' ? '/api/devices/local' : '/api/devices/local-display');
  }

  /** A pairing code for staff to type in. */
  startPairing(): Promise<PairingStart> {
    return this.request('POST', '/api/pairing', { kind: this.kind });
  }

  pairing(id: string): Promise<PairingState> {
    return this.request('GET', `/api/pairing/${encodeURIComponent(id)}`);
  }
}

/**
 * The device token the page starts with: one handed over in the address (`#token=<t>`, as the device's
 * shell or an installer opens it) is kept and taken out of the address; otherwise the one kept from before.
 */
export function startToken(
  loc: { hash: string; pathname: string; search: string },
  store: { get(): string | null; set(token: string): void },
  replaceUrl: (url: string) => void,
): string | null {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    store.set(fromHash);
    replaceUrl(loc.pathname + loc.search);
    return fromHash;
  }
  return store.get();
}

/** The words the pairing screen shows, from each page's own dictionary. */
export type PairingWord = 'pairingTitle' | 'pairingAsk' | 'pairingValid' | 'noServer';

/** "482913" as staff read it off the screen: "482 913". */
export function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
