/** What a clerk can do at a counter from a keypad, a wireless button or any other device. */
export const counterActions = ['next', 'recall', 'start', 'finish', 'no-show', 'pause', 'resume'] as const;
export type CounterAction = (typeof counterActions)[number];

/** How a device is doing, as reported to the server and shown to managers. */
export interface DeviceHealth {
  name: string;
  kind: string;
  connected: boolean;
  /** Epoch milliseconds of the last sign of life. */
  lastSeenAt: number | null;
  error: string | null;
}
