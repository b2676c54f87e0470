import type { DisplayHome, PairingStart, PairingState } from './types';

export const NETWORK_ERROR = 'QMS_CLIENT_NETWORK';

/** A refusal from the server (`{statusCode, code, message}`), or a request that got no answer (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** The HTTP API of the server the page came from, with the display's device token when it has one. */
export class Api {
  token: string | null = null;

  constructor(private readonly base = '') {}

  async request<T>(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new ApiError(0, NETWORK_ERROR, 'No answer from the server');
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const b = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
      throw new ApiError(res.status, typeof b.code === 'string' ? b.code : `HTTP_${res.status}`, typeof b.message === 'string' ? b.message : res.statusText);
    }
    return parsed as T;
  }

  /** The display of the server's own machine: answered only to the server machine itself. */
  local(): Promise<{ token: string; device: { id: string; name: string } }> {
    return this.request('POST', '/api/devices/local-display');
  }

  startPairing(): Promise<PairingStart> {
    return this.request('POST', '/api/pairing', { kind: 'display' });
  }

  pairing(id: string): Promise<PairingState> {
    return this.request('GET', `/api/pairing/${encodeURIComponent(id)}`);
  }

  home(): Promise<DisplayHome> {
    return this.request('GET', '/api/display/home');
  }

  /** Tells the server an item of the playlist was shown (a count for managers). */
  shown(id: string): Promise<void> {
    return this.request('POST', `/api/display/media/${encodeURIComponent(id)}/shown`);
  }
}
