import t from 'tap';
import { describe, dumpData, fuzz, prepareOffice, startTarget } from '../../scripts/fuzz';
import { Client } from './helper';

/**
 * A short, seeded run of the API fuzzer (scripts/fuzz.ts; `npm run fuzz` runs 20,000 inputs): every route
 * of the OpenAPI description and /ws get only inputs they must refuse. The server stays up, never answers
 * 5xx, accepts none of them, and not one row of data changes.
 */
t.test('invalid inputs of every kind on every route leave the server up and the data unchanged', async (t) => {
  const dataDir = t.testdir();
  const target = await startTarget(dataDir);
  t.teardown(() => target.stop());
  const callers = await prepareOffice(target.url);
  const report = await fuzz(target, callers, { inputs: 500, seed: 20_261_124 });
  t.comment(describe(report));

  t.equal(report.inputs, 500, 'every input was sent');
  t.ok(report.routes > 60, `${report.routes} routes described`);
  t.same(
    Object.keys(report.byKind).sort(),
    [
      'WebSocket message',
      'WebSocket subscription',
      'bad headers',
      'bad path parameter',
      'bad query string',
      'huge payload',
      'invalid UTF-8',
      'junk upload',
      'malformed JSON',
      'random body',
      'unknown field',
      'wrong content type',
      'wrong type or value',
    ],
    'every kind of input was tried',
  );
  const line = (f: { route: string; caller: string; kind: string; answer: string; input: string }) => `${f.route} as ${f.caller} (${f.kind}): ${f.input.slice(0, 200)} -> ${f.answer.slice(0, 120)}`;
  t.same(report.crashes.map(line), [], 'no input made the server exit');
  t.same(report.serverErrors.map(line), [], 'no input got a 5xx answer');
  t.same(report.accepted.map(line), [], 'no invalid input was accepted by a route that changes data');
  t.same(report.timeouts.map(line), [], 'every request was answered');
  t.ok(report.up, 'the server answers its health check afterwards');
  t.same(report.changedTables, [], 'no table changed');

  // The comparison itself sees a change when there is one.
  const before = dumpData(dataDir, report.crashes.length > 0);
  const admin = new Client(target.url);
  admin.cookie = callers.admin;
  t.equal((await admin.post('/api/tickets', { serviceId: 'cashier' })).status, 201);
  const after = dumpData(dataDir, report.crashes.length > 0);
  t.same(
    Object.keys(after).filter((k) => after[k] !== before[k]),
    ['events', 'tickets'],
    'a ticket issued afterwards shows in the comparison',
  );
});
