import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../actions';
import { SerialLinkError, type SerialLink } from './link';
import type { CounterDisplay, DisplayState } from './types';

/** A fault found while writing to one board. */
export class DisplayFault extends Error {
  /** False when the board is not reachable at all (port gone, no answer). */
  readonly reachable: boolean;

  constructor(message: string, reachable: boolean) {
    super(message);
    this.name = 'DisplayFault';
    this.reachable = reachable;
  }
}

/** What the serial boards have in common: remember the state, write it again when the link comes back, report health. */
export abstract class SerialDisplay extends EventEmitter implements CounterDisplay {
  readonly link: SerialLink;
  private state: DisplayState | null = null;
  private current: DeviceHealth;
  private closed = false;
  private readonly onOpen = (): void => void this.write();
  private readonly onLinkHealth = (h: DeviceHealth): void => {
    if (!h.connected) this.update(false, h.error);
    else if (!this.state) this.update(true, null);
  };

  protected constructor(link: SerialLink, name: string, kind: string) {
    super();
    this.link = link;
    const h = link.health();
    this.current = { name, kind, connected: h.connected, lastSeenAt: null, error: h.error };
    link.on('open', this.onOpen);
    link.on('health', this.onLinkHealth);
  }

  /** Writes the state to the board; throws DisplayFault or SerialLinkError. */
  protected abstract transmit(state: DisplayState): Promise<void>;

  async show(state: DisplayState): Promise<void> {
    if (this.closed) return;
    this.state = { code: state.code, counterState: state.counterState };
    await this.write();
  }

  health(): DeviceHealth {
    return { ...this.current };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.link.off('open', this.onOpen);
    this.link.off('health', this.onLinkHealth);
  }

  private async write(): Promise<void> {
    const state = this.state;
    if (!state || this.closed) return;
    try {
      await this.transmit(state);
      this.current.lastSeenAt = Date.now();
      this.update(true, null);
    } catch (err) {
      if (err instanceof DisplayFault) this.update(err.reachable, err.message);
      else if (err instanceof SerialLinkError) this.update(false, err.message);
      else this.update(false, String((err as Error)?.message ?? err));
    }
  }

  private update(connected: boolean, error: string | null): void {
    if (this.current.connected === connected && this.current.error === error) return;
    this.current = { ...this.current, connected, error };
    this.emit('health', this.health());
  }
}
