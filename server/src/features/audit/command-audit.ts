import type { Command, QueueEvent, Ticket } from '@qms/shared';

/**
 * What the audit log keeps of a queue command: the counter, service or ticket code it acted on. Free text
 * (a finish outcome, a transfer note) is left out, since a clerk may have typed a citizen's details into it.
 */
export function commandAudit(command: Command, events: QueueEvent[]): { target: string | null; detail: Record<string, unknown> } {
  const ticketIn = (e: QueueEvent | undefined): Ticket | undefined => (e?.data as { ticket?: Ticket } | undefined)?.ticket;
  const lastTicket = (): Ticket | undefined => ticketIn(events.findLast((e) => ticketIn(e) !== undefined));
  switch (command.type) {
    case 'counter/call-next':
      return { target: command.counterId, detail: { ticket: ticketIn(events.findLast((e) => e.type === 'ticket.called'))?.code } };
    case 'counter/pause':
      return { target: command.counterId, detail: { reason: command.reason } };
    case 'counter/open':
    case 'counter/resume':
    case 'counter/close':
      return { target: command.counterId, detail: {} };
    case 'service/open':
    case 'service/close':
      return { target: command.serviceId, detail: {} };
    case 'ticket/issue': {
      const t = lastTicket();
      return { target: t?.code ?? null, detail: { ticketId: t?.id, serviceId: command.serviceId } };
    }
    case 'ticket/transfer':
      return {
        target: lastTicket()?.code ?? null,
        detail: { ticketId: command.ticketId, toService: command.serviceId ?? undefined, toCounter: command.counterId ?? undefined, position: command.position },
      };
    case 'ticket/reactivate':
      return { target: lastTicket()?.code ?? null, detail: { ticketId: command.ticketId, position: command.position } };
    default:
      return { target: lastTicket()?.code ?? null, detail: { ticketId: command.ticketId } };
  }
}
