/** The code a page gives a request that never got an answer. */
export const NETWORK_ERROR = 'QMS_CLIENT_NETWORK';

/** A refusal from the server (`{statusCode, code, message}`, kept whole in `body`), or a request that got no answer (status 0). */
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
 * contexts, and the pages are usually opened over plain http on the office network.
 */
export function newKey(prefix: string): string {
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

export interface ClientOptions {
  /** What every path is prefixed with: '' for the server the page came from. */
  base?: string;
  fetchFn?: typeof fetch;
  /** How long a request waits for an answer unless it says otherwise; unset: as long as the browser does. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The HTTP API of the server the page came from: JSON both ways, the device token as a bearer token when
 * there is one (staff pages go by the session cookie), refusals as ApiError. Each page adds its endpoints.
 */
export class ApiClient {
  token: string | null = null;
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number | undefined;

  constructor(opts: ClientOptions = {}) {
    this.base = opts.base ?? '';
    this.fetchFn = opts.fetchFn ?? ((...args) => fetch(...args));
    this.timeoutMs = opts.timeoutMs;
  }

  async request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const tries = 1 + (opts.retries ?? 0);
    let res: Response | undefined;
    for (let i = 0; i < tries && !res; i++) {
      if (i > 0) await sleep(opts.retryDelayMs ?? 700);
      try {
        // As RequestInit: Node's own fetch types (the unit tests run there) know no `cache`.
        res = await this.fetchFn(this.base + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          credentials: 'same-origin',
          cache: 'no-store',
          signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
        } as RequestInit);
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
        typeof b.message === 'string' ? b.message : text.slice(0, 200) || res.statusText,
        b,
      );
    }
    return parsed as T;
  }
}
