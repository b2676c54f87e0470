import type { SerialLink } from './link';
import { asciiFrame, asciiText } from './frames';
import { SerialDisplay } from './serial-display';
import type { DisplayState } from './types';

export interface AsciiLedDisplayOptions {
  link: SerialLink;
  /** Board address on the bus, 0..99. */
  address: number;
  /** Characters the board shows; default 4. */
  width?: number;
  /** Name in health reports; default 'ascii:<port>#<address>'. */
  name?: string;
}

/**
 * A text LED board with the STX/address/text/ETX/checksum framing (see frames.ts). Shows the ticket code, '--' when
 * the counter is paused or closed, spaces when there is no ticket. The boards do not answer, so `connected` means the
 * frame went out on the port.
 */
export class AsciiLedDisplay extends SerialDisplay {
  readonly address: number;
  readonly width: number;

  constructor(options: AsciiLedDisplayOptions) {
    super(options.link, options.name ?? `ascii:${options.link.path}#${options.address}`, 'led-ascii');
    this.address = options.address;
    this.width = options.width ?? 4;
    asciiFrame(this.address, '', this.width); // checks the numbers now, not at the first call
  }

  /** The frame this display sends for a state. */
  frameFor(state: DisplayState): Buffer {
    return asciiFrame(this.address, asciiText(state), this.width);
  }

  protected async transmit(state: DisplayState): Promise<void> {
    await this.link.send(this.frameFor(state));
  }
}
