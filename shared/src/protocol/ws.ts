import type { WireEvent } from './wire';

/** What a client says on /ws. */
export type ClientMessage =
  | { type: 'hello'; topics?: string[]; lastSeq?: number | null }
  | { type: 'ping' };

/** What the server says on /ws: events as they are (`{seq, type, at, data}`, dotted types), and control messages. */
export type ServerMessage =
  | WireEvent
  | { type: 'snapshot'; seq: number; data: unknown }
  | { type: 'replay'; fromSeq: number; toSeq: number }
  | { type: 'ready'; seq: number }
  | { type: 'heartbeat'; seq: number; at: string }
  | { type: 'pong'; seq: number }
  /** Something outside the queue changed (e.g. 'signage': the playlist, ticker or a display's settings): fetch it again. */
  | { type: 'changed'; what: string }
  /** To one kiosk (topic device:<id>): a booking reference read by a bridge's HID-mode scanner. */
  | { type: 'scan'; code: string }
  | { type: 'error'; code: string; message: string };

export const isEventMessage = (m: ServerMessage): m is WireEvent => m.type.includes('.');
