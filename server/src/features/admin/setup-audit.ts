import type { QueueEvent, SetupCommand } from '@qms/shared';

/** What the audit log keeps of a change to the office's setup: what it changed, and the saved record. */
export function setupAudit(command: SetupCommand, events: QueueEvent[]): { target: string | null; detail: Record<string, unknown> } {
  const saved = events.find((e) => e.type !== 'day.started' && e.type !== 'ticket.transferred');
  switch (command.type) {
    case 'office/update':
      return { target: 'office', detail: { settings: command.settings } };
    case 'service/save':
      return { target: saved?.type === 'service.saved' ? saved.data.service.id : (command.serviceId ?? null), detail: { created: !command.serviceId, service: command.service } };
    case 'service/retire': {
      const d = saved?.type === 'service.retired' ? saved.data : null;
      return { target: command.serviceId, detail: { waiting: d?.waiting ?? null, toServiceId: d?.toServiceId ?? null, transferred: d?.transferred ?? 0 } };
    }
    case 'service/restore':
      return { target: command.serviceId, detail: {} };
    case 'counter/save':
      return { target: saved?.type === 'counter.saved' ? saved.data.counter.id : (command.counterId ?? null), detail: { created: !command.counterId, counter: command.counter } };
    case 'counter/retire':
      return { target: command.counterId, detail: { returned: events.filter((e) => e.type === 'ticket.transferred').length } };
  }
}
