import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { PrinterError, SystemPrinter, printerFromUrl, renderTicket } from '../src/index';
import { ticket } from './ticket-data';

const dir = mkdtempSync(join(tmpdir(), 'qms-lp-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for lp or lpstat: a shell script in the temp dir. */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const job = join(dir, 'job.bin');
const args = join(dir, 'args.txt');
const lpOk = script('lp-ok', `printf '%s\\n' "$@" > '${args}'\ncat > '${job}'\necho 'request id is tickets-1 (1 file(s))'`);
const lpFails = script('lp-fails', `cat > /dev/null\necho 'lp: The printer or class does not exist.' >&2\nexit 1`);
const lpHangs = script('lp-hangs', 'exec sleep 10');
const missing = join(dir, 'no-such-lp');

t.test('a job reaches lp unchanged, as a raw job for the queue', async (t) => {
  const printer = new SystemPrinter('tickets', { lpCommand: lpOk });
  const bytes = Buffer.concat([renderTicket(ticket), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
  await printer.print(bytes);
  t.ok(readFileSync(job).equals(bytes), 'every byte arrived as sent, the ESC/POS commands and all 256 values');
  t.same(readFileSync(args, 'utf8').trim().split('\n'), ['-d', 'tickets', '-o', 'raw'], 'lp -d tickets -o raw');
});

t.test('failures are PrinterErrors with a code and a message that says why', async (t) => {
  const failed = await new SystemPrinter('tickets', { lpCommand: lpFails }).print(Buffer.from('x\n')).catch((e: unknown) => e);
  t.ok(failed instanceof PrinterError, 'a PrinterError');
  t.equal((failed as PrinterError).code, 'PRINTER_WRITE_FAILED', 'lp exiting with 1 is PRINTER_WRITE_FAILED');
  t.match((failed as PrinterError).message, 'The printer or class does not exist', "lp's own message is kept");
  t.match((failed as PrinterError).message, 'tickets', 'names the queue');

  const absent = await new SystemPrinter('tickets', { lpCommand: missing }).print(Buffer.from('x\n')).catch((e: unknown) => e);
  t.equal((absent as PrinterError).code, 'PRINTER_OFFLINE', 'no lp command is PRINTER_OFFLINE');
  t.match((absent as PrinterError).message, /not found \(is CUPS installed\?\)/);

  const started = Date.now();
  const hung = await new SystemPrinter('tickets', { lpCommand: lpHangs, timeoutMs: 300 }).print(Buffer.from('x\n')).catch((e: unknown) => e);
  const took = Date.now() - started;
  t.equal((hung as PrinterError).code, 'PRINTER_TIMEOUT', 'an lp that never finishes is PRINTER_TIMEOUT');
  t.ok(took >= 250 && took < 2000, `gave up after the limit (${took} ms)`);
});

t.test('status comes from lpstat: enabled is online, disabled or unknown is offline', async (t) => {
  const status = (lpstatCommand: string) => new SystemPrinter('tickets', { lpstatCommand, timeoutMs: 1000 }).status();
  const idle = script('lpstat-idle', "echo 'printer tickets is idle.  enabled since Sun 29 Mar 2026 02:30:00 EET'");
  const printing = script('lpstat-printing', "echo 'printer tickets now printing tickets-7.  enabled since Sun 29 Mar 2026 02:30:00 EET'");
  const disabled = script('lpstat-disabled', "printf 'printer tickets disabled since Sun 29 Mar 2026 02:30:00 EET -\\n\\tPaused\\n'");
  const unknown = script('lpstat-unknown', `echo 'lpstat: Invalid destination name in list "tickets".' >&2\nexit 1`);
  t.same(await status(idle), { online: true, paperOut: false, paperNearEnd: false, coverOpen: false }, 'idle queue');
  t.equal((await status(printing)).online, true, 'printing queue');
  t.same(await status(disabled), { online: false, paperOut: false, paperNearEnd: false, coverOpen: false }, 'disabled queue');
  t.equal((await status(unknown)).online, false, 'queue CUPS does not know');
  t.equal((await status(missing)).online, false, 'no lpstat command');
  t.equal((await status(script('lpstat-hangs', 'exec sleep 10'))).online, false, 'lpstat that never answers');
  const argsSeen = join(dir, 'lpstat-args.txt');
  await status(script('lpstat-args', `printf '%s\\n' "$@" > '${argsSeen}'`));
  t.same(readFileSync(argsSeen, 'utf8').trim().split('\n'), ['-p', 'tickets'], 'asks lpstat -p tickets');
});

t.test('printerFromUrl: lp:<queue> and lp://<queue>', async (t) => {
  const a = printerFromUrl('lp:tickets');
  t.type(a, SystemPrinter);
  t.equal((a as SystemPrinter).queue, 'tickets');
  t.equal((printerFromUrl('lp://Epson_TM-T20.2') as SystemPrinter).queue, 'Epson_TM-T20.2');
  for (const bad of ['lp:', 'lp://', 'lp:two words', 'lp:a/b', 'lp:-d', 'lp:x;rm', 'lp://host/queue']) {
    const err = (() => {
      try {
        printerFromUrl(bad);
      } catch (e) {
        return e;
      }
    })();
    t.equal((err as PrinterError).code, 'PRINTER_URL_INVALID', `rejects '${bad}'`);
    t.match((err as PrinterError).message, /lp:<queue>.*letters, digits/, 'says what a queue address looks like');
  }
  const unknown = (() => {
    try {
      printerFromUrl('cups:tickets');
    } catch (e) {
      return e as PrinterError;
    }
  })();
  t.equal(unknown?.code, 'PRINTER_URL_INVALID');
  for (const form of ['tcp://', 'file:', '/dev/', 'lp:<queue>', 'virtual:']) t.match(unknown?.message, form, `lists ${form}`);
});

t.test('printerFromUrl passes the lp command on; QMS_LP_COMMAND sets it for the process', async (t) => {
  await printerFromUrl('lp:tickets', { lpCommand: lpOk }).print(Buffer.from('via option\n'));
  t.equal(readFileSync(job, 'utf8'), 'via option\n');
  const before = process.env.QMS_LP_COMMAND;
  t.teardown(() => {
    if (before === undefined) delete process.env.QMS_LP_COMMAND;
    else process.env.QMS_LP_COMMAND = before;
  });
  process.env.QMS_LP_COMMAND = lpOk;
  await printerFromUrl('lp://tickets').print(Buffer.from('via env\n'));
  t.equal(readFileSync(job, 'utf8'), 'via env\n');
  process.env.QMS_LP_COMMAND = lpFails;
  await t.rejects(printerFromUrl('lp:tickets').print(Buffer.from('x')), { code: 'PRINTER_WRITE_FAILED' });
});
