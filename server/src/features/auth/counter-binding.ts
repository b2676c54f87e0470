import type { Actor, AnyCommand, Command, QueueState } from '@qms/shared';
import { isSetupCommand, QmsError } from '@qms/shared';
import type { Session } from './auth.repository';

type CounterCommand = Extract<Command, { type: `counter/${string}` }>;
const isCounterCommand = (c: Command): c is CounterCommand => c.type.startsWith('counter/');

/** Whether the person may work at this counter (their account lists the counters, or allows any). */
export const mayWorkAt = (session: Pick<Session, 'counters'>, counterId: string): boolean =>
  session.counters === null || session.counters.includes(counterId);

/** Refuses a counter the person may not work at. */
export function checkAllowedCounter(session: Pick<Session, 'counters'>, counterId: string, state: QueueState): void {
  if (!mayWorkAt(session, counterId)) throw new QmsError('QMS_ERR_COUNTER_NOT_ALLOWED', { counter: state.counters[counterId]?.number ?? counterId });
}

/**
 * Who runs a queue command, as the core sees it. A clerk works at the counter chosen for their session:
 * counter commands only on that counter, ticket commands as that counter (the core refuses another
 * counter's ticket). Managers and administrators act on any counter; issuing, services and the office's
 * setup are not bound.
 */
export function commandActor(session: Session | null, command: AnyCommand, state: QueueState): Actor | undefined {
  if (!session) return undefined;
  const username = session.user.username;
  if (session.user.role !== 'clerk' || isSetupCommand(command)) return { username };
  if (command.type === 'ticket/issue' || command.type === 'service/open' || command.type === 'service/close') return { username };
  const own = session.counterId;
  if (!own) throw new QmsError('QMS_ERR_NO_COUNTER_CHOSEN');
  // The administrator may have taken the counter off the person's list since they chose it.
  checkAllowedCounter(session, own, state);
  if (isCounterCommand(command) && command.counterId !== own) {
    const target = state.counters[command.counterId];
    if (!target) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId: command.counterId });
    throw new QmsError('QMS_ERR_NOT_YOUR_COUNTER', { own: state.counters[own]?.number ?? own, counter: target.number });
  }
  return { counterId: own, username };
}
