import t from 'tap';
import type { Command } from '../src/queue/commands';
import type { ErrorCode } from '../src/queue/errors';
import type { Service } from '../src/queue/types';
import { allocateNumber, formatCode } from '../src/queue/index';
import { Office, at, callNext, cancel, finish, issue, makeService, makeState, timed, transfer } from './fixtures/queue';

t.test('formatCode', async (t) => {
  const table: [prefix: string, numberEnd: number, number: number, code: string][] = [
    ['A', 999, 1, 'A001'],
    ['A', 999, 42, 'A042'],
    ['A', 999, 999, 'A999'],
    ['A', 99, 7, 'A007'],
    ['A', 1000, 1, 'A0001'],
    ['A', 1000, 1000, 'A1000'],
    ['A', 1500, 37, 'A0037'],
    ['A', 12000, 5, 'A00005'],
    ['CS', 999, 7, 'CS007'],
  ];
  for (const [prefix, numberEnd, number, code] of table) {
    t.equal(formatCode({ prefix, numberEnd }, number), code, `${number} of ${prefix}..${numberEnd}`);
  }
});

interface AllocCase {
  name: string;
  service: Partial<Service>;
  /** Omitted: nothing issued yet today. */
  last?: number;
  taken?: number[];
  expect: number | ErrorCode;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const allocCases: AllocCase[] = [
  { name: 'first of the day is numberStart', service: {}, expect: 1 },
  { name: 'first of the day, range starting at 100', service: { numberStart: 100, numberEnd: 199 }, expect: 100 },
  { name: 'next after the last', service: {}, last: 5, taken: range(1, 5), expect: 6 },
  { name: 'last of the range', service: { numberEnd: 10 }, last: 9, taken: range(1, 9), expect: 10 },
  { name: 'no wrap: past the end is exhausted', service: { numberEnd: 10 }, last: 10, taken: range(1, 10), expect: 'QMS_ERR_NUMBERS_EXHAUSTED' },
  { name: 'no wrap: free numbers below do not come back', service: { numberEnd: 3 }, last: 3, taken: [3], expect: 'QMS_ERR_NUMBERS_EXHAUSTED' },
  { name: 'wrap: continues from numberStart, skipping given numbers', service: { numberEnd: 5, wrap: true }, last: 5, taken: [1, 2, 5], expect: 3 },
  { name: 'wrap: skips a given number on the way up too', service: { numberEnd: 5, wrap: true }, last: 2, taken: [1, 2, 3], expect: 4 },
  { name: 'wrap: every number given is exhausted', service: { numberEnd: 5, wrap: true }, last: 5, taken: range(1, 5), expect: 'QMS_ERR_NUMBERS_EXHAUSTED' },
  { name: 'wrap: range not starting at 1', service: { numberStart: 10, numberEnd: 12, wrap: true }, last: 12, taken: [10, 12], expect: 11 },
  { name: 'range moved up during the day: start at the new numberStart', service: { numberStart: 100, numberEnd: 199 }, last: 7, taken: range(1, 7), expect: 100 },
  { name: 'range shrunk below the last number, no wrap', service: { numberEnd: 5 }, last: 8, taken: range(1, 8), expect: 'QMS_ERR_NUMBERS_EXHAUSTED' },
  { name: 'range shrunk below the last number, wrap', service: { numberEnd: 5, wrap: true }, last: 8, taken: [1, 2, 6, 7, 8], expect: 3 },
  { name: 'an empty range', service: { numberStart: 5, numberEnd: 4 }, expect: 'QMS_ERR_NUMBERS_EXHAUSTED' },
];

for (const c of allocCases) {
  t.test(`allocateNumber: ${c.name}`, async (t) => {
    const service = makeService('A', c.service);
    const numbering = c.last === undefined ? undefined : { last: c.last, issued: c.taken?.length ?? 0, taken: new Set(c.taken ?? []) };
    if (typeof c.expect === 'number') t.equal(allocateNumber(service, numbering), c.expect);
    else t.throws(() => allocateNumber(service, numbering), { code: c.expect });
  });
}

/** Issues through decide+evolve; returns the codes given, and the error code that stopped issuing, if any. */
function issueMany(office: Office, serviceId: string, count: number, between: (i: number) => Command[] = () => []) {
  const codes: string[] = [];
  const errors: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const [e] = office.run(timed(at(i), issue(serviceId)));
      if (e?.type === 'ticket.issued') codes.push(e.data.ticket.code);
    } catch (err) {
      errors.push((err as { code: string }).code);
    }
    for (const cmd of between(i)) {
      try {
        office.run(timed(at(i), cmd));
      } catch {
        // Nothing to call or finish at that moment: fine for this story.
      }
    }
  }
  return { codes, errors };
}

t.test('issues through decide never repeat a number, whatever happens to the tickets', async (t) => {
  const office = new Office();
  const { codes, errors } = issueMany(office, 'A', 40, (i) => {
    const id = `t${i + 1}`;
    if (i % 5 === 0) return [cancel(id)];
    if (i % 5 === 1) return [callNext('c1'), finish(id)];
    if (i % 5 === 2) return [transfer(id, { serviceId: 'B' })];
    return [];
  });
  t.same(errors, []);
  t.equal(codes.length, 40);
  t.equal(new Set(codes).size, 40, 'no code given twice');
  t.same(codes.slice(0, 3), ['A001', 'A002', 'A003']);
  t.equal(codes.at(-1), 'A040');
  t.match(office.state.numbering.A, { last: 40, issued: 40 });
});

t.test('a wrapping range gives every number once, then is exhausted', async (t) => {
  const office = new Office(makeState((s) => void Object.assign(s.services.B!, { numberEnd: 12, wrap: true })));
  const { codes, errors } = issueMany(office, 'B', 15, () => [callNext('c2')]);
  t.same(codes, range(1, 12).map((n) => `B${String(n).padStart(3, '0')}`));
  t.same(errors, ['QMS_ERR_NUMBERS_EXHAUSTED', 'QMS_ERR_NUMBERS_EXHAUSTED', 'QMS_ERR_NUMBERS_EXHAUSTED']);
});

t.test('a range widened downward mid-day wraps into the new numbers and skips the given ones', async (t) => {
  const office = new Office(makeState((s) => void Object.assign(s.services.A!, { numberStart: 5, numberEnd: 9, wrap: true })));
  const first = issueMany(office, 'A', 5);
  office.state.services.A!.numberStart = 1; // an administrator widens the range
  const then = issueMany(office, 'A', 6);
  t.same(first.codes, ['A005', 'A006', 'A007', 'A008', 'A009']);
  t.same(then.codes, ['A001', 'A002', 'A003', 'A004']);
  t.same(then.errors, ['QMS_ERR_NUMBERS_EXHAUSTED', 'QMS_ERR_NUMBERS_EXHAUSTED']);
});

t.test('a range above 999 gives four-digit codes from the first ticket', async (t) => {
  const office = new Office(makeState((s) => void (s.services.C!.numberEnd = 1200)));
  t.same(issueMany(office, 'C', 2).codes, ['C0001', 'C0002']);
});

t.test('a transferred ticket keeps its number; the next one of its new service is not affected', async (t) => {
  const office = new Office();
  office.runAll([issue('A'), issue('B'), transfer('t1', { serviceId: 'B' }), issue('B'), issue('A')]);
  t.same(
    Object.values(office.state.tickets).map((tk) => [tk.code, tk.serviceId]),
    [['A001', 'B'], ['B001', 'B'], ['B002', 'B'], ['A002', 'A']],
  );
});
