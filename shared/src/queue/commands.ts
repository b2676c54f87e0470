import type { PriorityClass, Ticket } from './types';

/** Who asks: the counter a clerk works at (their commands are bound to it), and the staff member's user name. */
export interface Actor {
  counterId?: string | null;
  username?: string | null;
}

/** One typed map of the queue's commands, by name. */
export interface CommandMap {
  /** With `appointment`, the ticket of a citizen checking in for a booked slot (not held to the daily capacity). */
  'ticket/issue': { serviceId: string; priority?: PriorityClass | null; lang?: string; appointment?: { ref: string; slotAt: number } | null };
  'counter/call-next': { counterId: string };
  'ticket/recall': { ticketId: string };
  'ticket/start': { ticketId: string };
  'ticket/finish': { ticketId: string; outcome?: string | null };
  'ticket/no-show': { ticketId: string };
  'ticket/reactivate': { ticketId: string; position?: 'front' | 'back' };
  'ticket/transfer': {
    ticketId: string;
    serviceId?: string | null;
    counterId?: string | null;
    position: 'front' | 'back';
    note?: string | null;
  };
  'ticket/cancel': { ticketId: string };
  'counter/open': { counterId: string };
  'counter/pause': { counterId: string; reason: string };
  'counter/resume': { counterId: string };
  'counter/close': { counterId: string };
  'service/open': { serviceId: string };
  'service/close': { serviceId: string };
}

export type CommandType = keyof CommandMap;
export type Command = { [K in CommandType]: { type: K } & CommandMap[K] }[CommandType];
export type CommandOf<K extends CommandType> = { type: K } & CommandMap[K];

export interface DecideContext {
  now: number;
  newId: () => string;
  actor?: Actor;
  /** Finished tickets leave the live state; this finds them so a late command is told what happened. */
  findArchived?: (ticketId: string) => Ticket | undefined;
}
