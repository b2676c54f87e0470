import type { Counter, CounterService, OfficeSettings, PriorityClass, Service, Ticket } from './types';

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

/** A service as the administrator sets it up (its id, open and active states are not part of it). */
export type ServiceSetup = Omit<Service, 'id' | 'open' | 'active' | 'appointments'> & { appointments: boolean };

/** A counter as the administrator sets it up (its state of the day is not part of it). */
export interface CounterSetup {
  number: number;
  name: string;
  location: string;
  services: CounterService[];
  priorityRatio: Counter['priorityRatio'];
}

/** What becomes of the tickets still waiting for a service that is retired. */
export type RetireChoice = 'transfer' | 'finish';

/**
 * The office's setup, changed by an administrator. These are queue commands too: ordered with the queue's
 * own, recorded in the event log, and applied to the live state with the database in one transaction.
 */
export interface SetupCommandMap {
  'office/update': { settings: OfficeSettings };
  /** Without serviceId, a new service (its id made from the English name). */
  'service/save': { serviceId?: string | null; service: ServiceSetup };
  'service/retire': { serviceId: string; waiting?: RetireChoice | null; toServiceId?: string | null };
  'service/restore': { serviceId: string };
  /** Without counterId, a new counter (its id made from the number). */
  'counter/save': { counterId?: string | null; counter: CounterSetup };
  'counter/retire': { counterId: string };
}

export type SetupCommandType = keyof SetupCommandMap;
export type SetupCommand = { [K in SetupCommandType]: { type: K } & SetupCommandMap[K] }[SetupCommandType];
export type SetupCommandOf<K extends SetupCommandType> = { type: K } & SetupCommandMap[K];

/** Every command the core decides: the queue's and the setup's. */
export type AnyCommand = Command | SetupCommand;

export const setupCommandTypes = [
  'office/update',
  'service/save',
  'service/retire',
  'service/restore',
  'counter/save',
  'counter/retire',
] as const satisfies readonly SetupCommandType[];

export const isSetupCommand = (c: AnyCommand): c is SetupCommand => (setupCommandTypes as readonly string[]).includes(c.type);

export interface DecideContext {
  now: number;
  newId: () => string;
  actor?: Actor;
  /** Finished tickets leave the live state; this finds them so a late command is told what happened. */
  findArchived?: (ticketId: string) => Ticket | undefined;
}
