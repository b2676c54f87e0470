import type { CounterDto, Service, TicketDto } from '@qms/shared';

export type { CounterDto, TicketDto, WireEvent, ServerMessage } from '@qms/shared';

/** A service as GET /api/queue and the WebSocket snapshot show it. */
export interface ServiceDto extends Service {
  waiting: number;
  longestWaitSeconds: number;
  issuedToday: number;
  issuing: boolean;
  notIssuingReason: string | null;
}

/** What GET /api/queue returns and a WebSocket `snapshot` carries. */
export interface QueueSnapshot {
  seq: number;
  at: string;
  officeDay: string;
  office: { name: string; timeZone: string };
  services: ServiceDto[];
  counters: (CounterDto & { current?: TicketDto | null })[];
  tickets: TicketDto[];
}

export type Role = 'admin' | 'manager' | 'clerk';

export interface Me {
  id: number;
  username: string;
  role: Role;
  counterId?: string | null;
}

/** An appointment as it may come: the reference and slot always, the citizen's name when the server has it. */
export type AppointmentInfo = NonNullable<TicketDto['appointment']> & { name?: string | null };

export const pauseReasons = ['break', 'paperwork', 'technical', 'meeting', 'other'] as const satisfies readonly (typeof import('@qms/shared').pauseReasons)[number][];
export type PauseReason = (typeof pauseReasons)[number];
