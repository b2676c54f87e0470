import type { IssueResult, KioskHome, KioskPriority, PairingStart, PairingState, PrintResult, PrinterHealth, PublicTicket } from './types';

/** The code the kiosk gives a request that never got an answer. */
export const NETWORK_ERROR = 'QMS_CLIENT_NETWORK';
export const DEVICE_UNAUTHENTICATED = 'QMS_ERR_DEVICE_UNAUTHENTICATED';

/** A refusal from the server (`{statusCode, code, message}`), or a request that got no answer (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/**
 * An Idempotency-Key: random, 8 to 128 of [A-Za-z0-9._:-]. `crypto.randomUUID` exists only in secure
 * contexts, and the kiosk is usually opened over plain http on the office network.
 */
export function newKey(prefix = 'kiosk'): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface RequestOptions {
  idempotencyKey?: string;
  /** Tries after a request that got no answer (same key, so the server acts once). */
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The HTTP API of the server the page came from, with the kiosk's device token when it has one. */
export class Api {
  token: string | null = null;

  constructor(
    private readonly base = '',
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  async request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    const tries = 1 + (opts.retries ?? 0);
    let res: Response | undefined;
    for (let i = 0; i < tries && !res; i++) {
      if (i > 0) await sleep(opts.retryDelayMs ?? 700);
      try {
        res = await this.fetchFn(this.base + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          cache: 'no-store',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        });
      } catch {
        res = undefined;
      }
    }
    if (!res) throw new ApiError(0, NETWORK_ERROR, 'No answer from the server');
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const b = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
      throw new ApiError(
        res.status,
        typeof b.code === 'string' ? b.code : `HTTP_${res.status}`,
        typeof b.message === 'string' ? b.message : res.statusText,
        b,
      );
    }
    return parsed as T;
  }

  /** The demo kiosk of the server's own machine: answered only to the server machine itself. */
  local(): Promise<{ token: string; device: { id: string; name: string } }> {
    return this.request('POST', '/api/devices/local');
  }

  startPairing(): Promise<PairingStart> {
    return this.request('POST', '/api/pairing', { kind: 'kiosk' });
  }

  pairing(id: string): Promise<PairingState> {
    return this.request('GET', `/api/pairing/${encodeURIComponent(id)}`);
  }

  home(): Promise<KioskHome> {
    return this.request('GET', '/api/kiosk/home');
  }

  /** One ticket per touch: the key stays the same through retries, so a lost answer never gives two. */
  issue(serviceId: string, priority: KioskPriority | null, lang: string, key: string): Promise<IssueResult> {
    return this.request('POST', '/api/kiosk/tickets', { serviceId, priority, lang }, { idempotencyKey: key, retries: 2, retryDelayMs: 500 });
  }

  reprint(ticketId: string): Promise<{ print: PrintResult }> {
    return this.request('POST', `/api/kiosk/tickets/${encodeURIComponent(ticketId)}/reprint`);
  }

  printer(): Promise<PrinterHealth> {
    return this.request('GET', '/api/kiosk/printer');
  }

  checkIn(ref: string, key: string): Promise<unknown> {
    return this.request('POST', '/api/kiosk/check-in', { ref }, { idempotencyKey: key, retries: 1 });
  }

  publicTicket(token: string): Promise<PublicTicket> {
    return this.request('GET', `/api/public/tickets/${encodeURIComponent(token)}`);
  }
}
