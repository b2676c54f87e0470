/** Queue records for the panel's view tests: counters and tickets with sensible defaults, `over` for what differs. */
import type { CounterDto, TicketDto } from '../../src/lib/types';

export const iso = (ms: number) => new Date(ms).toISOString();
export const T0 = Date.parse('2026-11-24T08:00:00Z');

export const counter = (id: string, services: string[], over: Partial<CounterDto> = {}): CounterDto =>
  ({
    id,
    number: Number(id.replace(/\D/g, '')),
    name: id,
    services: services.map((serviceId, i) => ({ serviceId, order: i + 1, weight: 1 })),
    state: 'open',
    pauseReason: null,
    currentTicketId: null,
    changedAt: iso(T0),
    ...over,
  }) as CounterDto;
export const ticket = (code: string, serviceId: string, over: Partial<TicketDto> = {}): TicketDto =>
  ({
    id: `t-${code}`,
    code,
    serviceId,
    originServiceId: serviceId,
    status: 'waiting',
    priority: null,
    queuedAt: iso(T0 + Number(code.slice(1)) * 60_000),
    issuedAt: iso(T0),
    front: false,
    targetCounterId: null,
    counterId: null,
    calledAt: null,
    startedAt: null,
    appointment: null,
    ...over,
  }) as TicketDto;
