import type { Actor, Command, QueueState } from '@qms/shared';
import { QmsError } from '@qms/shared';
import type { Session } from './auth.repository';

type CounterCommand = Extract<Command, { type: `counter/${string}` }>;
const isCounterCommand = (c: Command): c is CounterCommand => c.type.startsWith('counter/');

/**
 * Who runs a queue command, as the core sees it. A clerk works at the counter chosen for their session:
 * counter commands only on that counter, ticket commands as that counter (the core refuses another
 * counter's ticket). Managers and administrators act on any counter; issuing and services are not bound.
 */
export function commandActor(session: Session | null, command: Command, state: QueueState): Actor | undefined {
  if (!session) return undefined;
  const username = session.user.username;
  if (session.user.role !== 'clerk') return { username };
  if (command.type === 'ticket/issue' || command.type === 'service/open' || command.type === 'service/close') return { username };
  const own = session.counterId;
  if (!own) throw new QmsError('QMS_ERR_NO_COUNTER_CHOSEN');
  if (isCounterCommand(command) && command.counterId !== own) {
    const target = state.counters[command.counterId];
    if (!target) throw new QmsError('QMS_ERR_COUNTER_NOT_FOUND', { counterId: command.counterId });
    throw new QmsError('QMS_ERR_NOT_YOUR_COUNTER', { own: state.counters[own]?.number ?? own, counter: target.number });
  }
  return { counterId: own, username };
}
