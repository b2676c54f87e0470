import type { CounterDto, TicketDto } from '@qms/shared';
import type { BoardCounter, DisplayHome, DisplaySettings, RecentCall, WireEvent } from './types';

/** How many calls the board keeps (the latest, large, and the ones before it). */
export const RECENT_CALLS = 10;

/** Whether this display shows the counter (its profile lists it, or lists none: all). */
export function showsCounter(settings: Pick<DisplaySettings, 'counters'>, counterId: string | null | undefined): boolean {
  if (!counterId) return false;
  return settings.counters === null || settings.counters.includes(counterId);
}

/** A call an event makes, for this display's counters: a first call or a recall. */
export function callOf(home: DisplayHome, e: WireEvent): RecentCall | null {
  if (e.type === 'ticket.called') {
    const { ticket, counter } = e.data as { ticket: TicketDto; counter: CounterDto };
    if (!showsCounter(home.settings, counter.id)) return null;
    return { seq: e.seq, ticketId: ticket.id, code: ticket.code, counterId: counter.id, counterNumber: counter.number, at: e.at, recall: false };
  }
  if (e.type === 'ticket.recalled') {
    const { ticket } = e.data as { ticket: TicketDto };
    if (!showsCounter(home.settings, ticket.counterId)) return null;
    const counter = home.counters.find((c) => c.id === ticket.counterId);
    if (!counter) return null;
    return { seq: e.seq, ticketId: ticket.id, code: ticket.code, counterId: counter.id, counterNumber: counter.number, at: e.at, recall: true };
  }
  return null;
}

function withCounter(c: BoardCounter, dto: CounterDto | null | undefined, ticket: TicketDto | undefined): BoardCounter {
  let next = c;
  if (dto && dto.id === c.id) {
    next = { ...c, number: dto.number, name: dto.name, state: dto.state, pauseReason: dto.pauseReason };
    if (dto.currentTicketId === null) next.current = null;
    else if (ticket && ticket.id === dto.currentTicketId && (ticket.status === 'called' || ticket.status === 'serving')) {
      next.current = { ticketId: ticket.id, code: ticket.code, status: ticket.status, calledAt: ticket.calledAt ?? new Date().toISOString() };
    }
  } else if (ticket && c.current?.ticketId === ticket.id) {
    // An event about the ticket at this counter alone (started, recalled): its status and call time.
    if (ticket.status === 'called' || ticket.status === 'serving') {
      next = { ...c, current: { ...c.current, status: ticket.status, calledAt: ticket.calledAt ?? c.current.calledAt } };
    } else next = { ...c, current: null };
  }
  return next;
}

/**
 * The board after one live event: the call added to the recent calls and the counters' states and
 * tickets as the event leaves them. Waiting counts, the playlist and anything else come with the next
 * board fetched from the server.
 */
export function applyEvent(home: DisplayHome, e: WireEvent): DisplayHome {
  const data = e.data as { ticket?: TicketDto; counter?: CounterDto | null };
  let next = home;
  if (data.counter || data.ticket) {
    const counters = home.counters.map((c) => withCounter(c, data.counter, data.ticket));
    if (counters.some((c, i) => c !== home.counters[i])) next = { ...next, counters };
  }
  const call = callOf(home, e);
  if (call && !home.recentCalls.some((c) => c.seq === call.seq)) {
    next = { ...next, recentCalls: [call, ...home.recentCalls].sort((a, b) => b.seq - a.seq).slice(0, RECENT_CALLS) };
  }
  return next;
}

/** The board: the last one fetched, with the live events that came after it applied on top. */
export function rebase(home: DisplayHome, events: readonly WireEvent[]): DisplayHome {
  return events.filter((e) => e.seq > home.seq).reduce(applyEvent, home);
}

/** A call heard after the fact (replayed after a reconnect) is said only while it is recent. */
export const ANNOUNCE_WITHIN_MS = 120_000;

export function stillWorthSaying(e: WireEvent, replayed: boolean, serverNow: number): boolean {
  if (!replayed) return true;
  const at = Date.parse(e.at);
  return Number.isNaN(at) || serverNow - at < ANNOUNCE_WITHIN_MS;
}
