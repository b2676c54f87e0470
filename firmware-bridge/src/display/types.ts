import type { CounterState } from '@qms/shared';
import type { DeviceHealth } from '../actions';

/** What a counter's display should show. */
export interface DisplayState {
  /** The counter's current ticket code, like 'A023'; null when it has none. */
  code: string | null;
  counterState: CounterState;
}

/** A display above one counter. */
export interface CounterDisplay {
  /**
   * Shows the state and remembers it, so the display shows it again after it comes back.
   * Never rejects: a fault (port unplugged, board silent) is reported through health().
   */
  show(state: DisplayState): Promise<void>;
  health(): DeviceHealth;
  /** Stops driving the display (the board keeps its last picture). */
  close(): Promise<void>;
  /** Emitted when `connected` or `error` changes. */
  on(event: 'health', listener: (health: DeviceHealth) => void): this;
  off(event: 'health', listener: (health: DeviceHealth) => void): this;
}
