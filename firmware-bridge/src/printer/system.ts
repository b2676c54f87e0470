import { spawn } from 'node:child_process';
import { PrinterError, type PrinterStatus, type TicketPrinter } from './types';

export interface SystemPrinterOptions {
  /** Limit for handing a job to the print system, and for the status query; default 5000 ms. */
  timeoutMs?: number;
  /** The program that submits jobs; default $QMS_LP_COMMAND, else 'lp'. Run without a shell. */
  lpCommand?: string;
  /** The program that reports queue state; default $QMS_LPSTAT_COMMAND, else 'lpstat'. */
  lpstatCommand?: string;
}

/** CUPS queue names the bridge accepts: letters, digits, '-', '_' and '.', starting with a letter or digit. */
export const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A print queue of the operating system (CUPS): jobs go through `lp -d <queue> -o raw`, so the ESC/POS
 * bytes reach the printer unchanged whichever way CUPS is connected to it (USB, network, serial).
 */
export class SystemPrinter implements TicketPrinter {
  private readonly timeoutMs: number;
  private readonly lp: string;
  private readonly lpstat: string;

  constructor(
    readonly queue: string,
    options: SystemPrinterOptions = {},
  ) {
    if (!QUEUE_NAME.test(queue)) {
      throw new PrinterError('PRINTER_URL_INVALID', `not a print queue name: '${queue}' (letters, digits, '-', '_' and '.' only)`);
    }
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.lp = options.lpCommand ?? process.env.QMS_LP_COMMAND ?? 'lp';
    this.lpstat = options.lpstatCommand ?? process.env.QMS_LPSTAT_COMMAND ?? 'lpstat';
  }

  async print(bytes: Buffer): Promise<void> {
    const result = await this.run(this.lp, ['-d', this.queue, '-o', 'raw'], bytes);
    if (result.code !== 0) {
      const why = result.stderr.trim() || result.stdout.trim() || 'no message';
      throw new PrinterError('PRINTER_WRITE_FAILED', `print queue ${this.queue}: ${this.lp} failed (exit ${result.code ?? 'by signal'}): ${why}`);
    }
  }

  /**
   * Whether the queue is enabled. CUPS reports no paper or cover state through lpstat, so those flags are
   * always false here: a printer out of paper shows up only as jobs that stay in the queue (or as CUPS
   * disabling the queue after a backend error, which this does report as offline).
   */
  async status(): Promise<PrinterStatus> {
    const online = await this.run(this.lpstat, ['-p', this.queue]).then(
      (r) => r.code === 0 && r.stdout.includes(this.queue) && !/\bdisabled\b/i.test(r.stdout),
      () => false,
    );
    return { online, paperOut: false, paperNearEnd: false, coverOpen: false };
  }

  /** Runs a command (in the C locale, so its messages are not translated), feeding it input when given. */
  private run(command: string, args: string[], input?: Buffer): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        finish(() => {
          child.kill('SIGKILL');
          child.stdin.destroy();
          child.stdout.destroy();
          child.stderr.destroy();
          reject(new PrinterError('PRINTER_TIMEOUT', `print queue ${this.queue}: ${command} did not finish within ${this.timeoutMs} ms`));
        });
      }, this.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (e: NodeJS.ErrnoException) => {
        const why = e.code === 'ENOENT' ? `the command '${command}' was not found (is CUPS installed?)` : `${command}: ${e.message}`;
        finish(() => reject(new PrinterError('PRINTER_OFFLINE', `print queue ${this.queue}: ${why}`, { cause: e })));
      });
      // A command that exits without reading its input closes the pipe; its exit code tells what happened.
      child.stdin.on('error', () => {});
      child.on('close', (code) => {
        finish(() => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
      });
      child.stdin.end(input);
    });
  }
}
