import type { SerialLink } from './link';
import { MODBUS_BLANK, modbusCrcOk, modbusValue, modbusWriteRegister } from './frames';
import { DisplayFault, SerialDisplay } from './serial-display';
import { SerialLinkError } from './link';
import type { DisplayState } from './types';

export interface ModbusLedDisplayOptions {
  link: SerialLink;
  /** Modbus unit (slave) id of the board on the bus, 1..247; 0 is a broadcast that no board answers. */
  unitId: number;
  /** Holding register that holds the shown number; default 0. */
  register?: number;
  /** Value that blanks the board; default MODBUS_BLANK (0xFFFF). */
  blankValue?: number;
  /** Wait for the board's echo of each write and report a missing one; default true (never for unit 0). */
  readReply?: boolean;
  /** How long to wait for the echo; default 300 ms. */
  replyTimeoutMs?: number;
  /** Name in health reports; default 'modbus:<port>#<unit>'. */
  name?: string;
}

const hex = (b: Buffer): string => b.toString('hex').replace(/(..)(?!$)/g, '$1 ');

/**
 * A numeric RS-485 LED board: the ticket number (the digits of the code) is written to one holding register with
 * Modbus RTU function 06. No ticket, a paused or a closed counter write the blank value.
 * Health: `connected` means the board answered (or, without `readReply`, that the write went out).
 */
export class ModbusLedDisplay extends SerialDisplay {
  readonly unitId: number;
  readonly register: number;
  readonly blankValue: number;
  private readonly readReply: boolean;
  private readonly replyTimeoutMs: number;

  constructor(options: ModbusLedDisplayOptions) {
    super(options.link, options.name ?? `modbus:${options.link.path}#${options.unitId}`, 'led-modbus');
    this.unitId = options.unitId;
    this.register = options.register ?? 0;
    this.blankValue = options.blankValue ?? MODBUS_BLANK;
    modbusWriteRegister(this.unitId, this.register, this.blankValue); // checks the numbers now, not at the first call
    this.readReply = (options.readReply ?? true) && this.unitId !== 0;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 300;
  }

  /** The request this display sends for a state. */
  frameFor(state: DisplayState): Buffer {
    return modbusWriteRegister(this.unitId, this.register, modbusValue(state, this.blankValue));
  }

  protected async transmit(state: DisplayState): Promise<void> {
    const request = this.frameFor(state);
    if (!this.readReply) {
      await this.link.send(request);
      return;
    }
    let reply: Buffer | null;
    try {
      reply = await this.link.send(request, {
        timeoutMs: this.replyTimeoutMs,
        complete: (b) => b.length >= request.length || (b.length >= 5 && (b[1]! & 0x80) !== 0),
      });
    } catch (err) {
      if (err instanceof SerialLinkError && err.code === 'SERIAL_NO_REPLY') {
        const partial = err.received?.length ? ` (only ${hex(err.received)})` : '';
        throw new DisplayFault(`no reply from unit ${this.unitId}${partial}`, false);
      }
      throw err;
    }
    if (!reply) return;
    if (reply.length >= 5 && reply[0] === this.unitId && reply[1] === 0x86 && modbusCrcOk(reply.subarray(0, 5))) {
      throw new DisplayFault(`unit ${this.unitId} refused the write: Modbus exception ${reply[2]}`, true);
    }
    if (!reply.subarray(0, request.length).equals(request)) {
      throw new DisplayFault(`unexpected reply from unit ${this.unitId}: ${hex(reply)}`, true);
    }
  }
}
