import type { CounterDto, Me, PauseReason, QueueSnapshot, TicketDto } from './types';

/** A code the panel itself gives a request that never got an answer. */
export const NETWORK_ERROR = 'QMS_CLIENT_NETWORK';

/** A refusal from the server (`{statusCode, code, message}`), or a request that got no answer. */
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

/**
 * An Idempotency-Key: random, 8 to 128 of [A-Za-z0-9._:-]. `crypto.randomUUID` exists only in secure
 * contexts, and the panel is usually opened over plain http on the office network.
 */
export function newKey(prefix = 'ctr'): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface RequestOptions {
  idempotencyKey?: string;
  /** Tries after a request that got no answer (same key, so the server acts once). */
  retries?: number;
  retryDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The HTTP API of the server the panel was loaded from (same origin: the session cookie goes along). */
export class Api {
  constructor(
    private readonly base = '',
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  async request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
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
          credentials: 'same-origin',
          cache: 'no-store',
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
      const b = (parsed ?? {}) as { code?: unknown; message?: unknown };
      throw new ApiError(
        res.status,
        typeof b.code === 'string' ? b.code : `HTTP_${res.status}`,
        typeof b.message === 'string' ? b.message : text.slice(0, 200) || res.statusText,
      );
    }
    return parsed as T;
  }

  /** A command: one key per press, retried with that key when the answer is lost. */
  private command<T>(path: string, body: unknown, key: string): Promise<T> {
    return this.request<T>('POST', path, body, { idempotencyKey: key, retries: 2 });
  }

  me(): Promise<Me> {
    return this.request('GET', '/api/auth/me');
  }

  /** Signs in, at the counter this PC remembers when there is one. */
  login(username: string, password: string, counterId?: string | null): Promise<Me> {
    return this.request('POST', '/api/auth/login', counterId ? { username, password, counterId } : { username, password });
  }

  logout(): Promise<unknown> {
    return this.request('POST', '/api/auth/logout');
  }

  /** Tells the server which counter this session works at. */
  chooseCounter(counterId: string): Promise<unknown> {
    return this.request('POST', '/api/auth/counter', { counterId });
  }

  counters(): Promise<(CounterDto & { current: TicketDto | null })[]> {
    return this.request('GET', '/api/counters');
  }

  queue(): Promise<QueueSnapshot> {
    return this.request('GET', '/api/queue');
  }

  callNext(counterId: string, key: string) {
    return this.command<{ ticket: TicketDto; counter: CounterDto }>(`/api/counters/${encodeURIComponent(counterId)}/call-next`, undefined, key);
  }

  openCounter(counterId: string, key: string) {
    return this.command<CounterDto>(`/api/counters/${encodeURIComponent(counterId)}/open`, undefined, key);
  }

  pause(counterId: string, reason: PauseReason, key: string) {
    return this.command<CounterDto>(`/api/counters/${encodeURIComponent(counterId)}/pause`, { reason }, key);
  }

  resume(counterId: string, key: string) {
    return this.command<CounterDto>(`/api/counters/${encodeURIComponent(counterId)}/resume`, undefined, key);
  }

  closeCounter(counterId: string, key: string) {
    return this.command<CounterDto>(`/api/counters/${encodeURIComponent(counterId)}/close`, undefined, key);
  }

  private ticket(ticketId: string, action: string, body: unknown, key: string) {
    return this.command<TicketDto>(`/api/tickets/${encodeURIComponent(ticketId)}/${action}`, body, key);
  }

  recall(ticketId: string, key: string) {
    return this.ticket(ticketId, 'recall', undefined, key);
  }

  start(ticketId: string, key: string) {
    return this.ticket(ticketId, 'start', undefined, key);
  }

  finish(ticketId: string, outcome: string | null, key: string) {
    return this.ticket(ticketId, 'finish', outcome ? { outcome } : undefined, key);
  }

  noShow(ticketId: string, key: string) {
    return this.ticket(ticketId, 'no-show', undefined, key);
  }

  reactivate(ticketId: string, position: 'front' | 'back', key: string) {
    return this.ticket(ticketId, 'reactivate', { position }, key);
  }

  transfer(ticketId: string, to: { serviceId: string } | { counterId: string }, position: 'front' | 'back', note: string | null, key: string) {
    return this.ticket(ticketId, 'transfer', { ...to, position, ...(note ? { note } : {}) }, key);
  }
}
