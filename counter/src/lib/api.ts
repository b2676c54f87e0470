import { ApiClient } from '@qms/shared/web/api';
import type { CounterDto, Me, PauseReason, QueueSnapshot, TicketDto } from './types';

export { ApiError, isApiError, NETWORK_ERROR, newKey } from '@qms/shared/web/api';

/** The HTTP API of the server the panel was loaded from (same origin: the session cookie goes along). */
export class Api extends ApiClient {
  constructor(base = '', fetchFn?: typeof fetch) {
    super({ base, fetchFn });
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
