import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import t from 'tap';
import { build, TestClock, type Client } from './helper';

// Thursday 26 November 2026 in Bucharest (UTC+2): local 08:00 is 06:00 UTC.
const at = (day: string, local: string) => `${day}T${String(Number(local.slice(0, 2)) - 2).padStart(2, '0')}:${local.slice(3)}:00Z`;
const DAY = '2026-11-26';

const download = async (c: Client, url: string, path: string) => {
  const r = await fetch(url + path, { headers: { cookie: c.cookie } });
  return { status: r.status, type: r.headers.get('content-type') ?? '', bytes: Buffer.from(await r.arrayBuffer()) };
};

t.test('the event log of a small day, exactly, as CSV for Excel and as NDJSON', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(at(DAY, '07:30'))) });
  await s.createUser('ana', 'clerk-password-1', 'clerk');
  const ana = await s.signIn('ana', 'clerk-password-1', 'counter-1');
  const when = (local: string) => s.clock.set(at(DAY, local));
  // What happens today before the test's own steps (the day's start at boot, say) is left out of the check.
  const before = (await s.app.sqlite.prepare('SELECT max(seq) AS seq FROM events').get()) as { seq: number | null };

  when('08:00');
  const a1 = (await s.staff.post('/api/tickets', { serviceId: 'id-applications' })).body;
  when('08:02');
  const b1 = (await s.staff.post('/api/tickets', { serviceId: 'id-pickup' })).body;
  when('08:05');
  await ana.post('/api/counters/counter-1/call-next');
  when('08:06');
  await ana.post(`/api/tickets/${a1.id}/start`);
  when('08:10');
  // A note typed by staff stays out of the export.
  await ana.post(`/api/tickets/${a1.id}/transfer`, { serviceId: 'civil-status', note: 'Popescu Ion, CNP 1800101' });
  when('08:12');
  await ana.post('/api/counters/counter-1/pause', { reason: 'break' });

  // The next day is not part of the export of this one.
  s.clock.set(at('2026-11-27', '08:00'));
  await s.staff.login(); // a day later: signed in anew
  t.equal((await s.staff.post('/api/tickets', { serviceId: 'id-pickup' })).status, 201);

  const expected = [
    ['ticket.issued', at(DAY, '08:00'), a1.code, 'id-applications', null, null],
    ['ticket.issued', at(DAY, '08:02'), b1.code, 'id-pickup', null, null],
    ['ticket.called', at(DAY, '08:05'), a1.code, 'id-applications', 'counter-1', 'ana'],
    ['ticket.started', at(DAY, '08:06'), a1.code, 'id-applications', 'counter-1', 'ana'],
    ['ticket.transferred', at(DAY, '08:10'), a1.code, 'civil-status', 'counter-1', 'ana'],
    ['counter.paused', at(DAY, '08:12'), null, null, 'counter-1', null],
  ].map(([type, iso, ticket, service, counter, user]) => ({ type, at: new Date(Date.parse(iso!)).toISOString(), ticket, service, counter, user }));

  const nd = await download(s.staff, s.url, `/api/events/export?from=${DAY}&to=${DAY}&format=ndjson`);
  t.equal(nd.status, 200);
  t.match(nd.type, /^application\/x-ndjson/);
  const lines = nd.bytes.toString('utf8').trimEnd().split('\n');
  const rows = lines.map((l) => JSON.parse(l));
  t.ok(rows.every((r) => r.officeDay === DAY), 'only the day asked for');
  t.ok(rows.every((r, i) => i === 0 || r.seq > rows[i - 1].seq), 'in the order they happened');
  const mine = rows.filter((r) => r.seq > (before.seq ?? 0));
  t.same(
    mine.map(({ type, at, ticket, service, counter, user }) => ({ type, at, ticket, service, counter, user })),
    expected,
    'every event of the day with its ticket, service, counter and user',
  );
  t.same(Object.keys(rows[0]).sort(), ['at', 'counter', 'officeDay', 'seq', 'service', 'ticket', 'type', 'user'], 'no other fields');
  t.notOk(nd.bytes.toString('utf8').includes('Popescu'), 'no note, no name');

  const csv = await download(s.staff, s.url, `/api/events/export?from=${DAY}&to=${DAY}&format=csv`);
  t.equal(csv.status, 200);
  t.match(csv.type, /^text\/csv; charset=utf-8/);
  t.same([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark first, for Excel');
  const table = csv.bytes.toString('utf8').slice(1).split('\r\n');
  t.equal(table.pop(), '', 'each row ends with CRLF');
  t.equal(table[0], 'nr;moment;zi;eveniment;bon;serviciu;ghișeu;utilizator', 'Romanian headings, semicolons');
  t.same(
    table.slice(1),
    rows.map((r) => [r.seq, r.at, r.officeDay, r.type, r.ticket ?? '', r.service ?? '', r.counter ?? '', r.user ?? ''].join(';')),
    'the same rows as the NDJSON',
  );
  t.equal(
    (await download(s.staff, s.url, `/api/events/export?from=${DAY}&to=${DAY}`)).bytes.toString('utf8'),
    csv.bytes.toString('utf8'),
    'CSV unless asked otherwise',
  );

  const twoDays = (await download(s.staff, s.url, `/api/events/export?from=${DAY}&to=2026-11-27&format=ndjson`)).bytes.toString('utf8').trimEnd().split('\n');
  t.equal(twoDays.length, rows.length + 2, "the next day's start and its ticket are in a range that covers it");
});

t.test('a range that is not one is refused, and clerks may not export', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(at(DAY, '09:00'))) });
  for (const [query, field] of [
    ['from=2026-11-27&to=2026-11-26', 'to'],
    ['from=2026-02-30&to=2026-03-02', 'from'],
    ['from=2025-01-01&to=2026-01-02', 'to'],
  ] as const) {
    const r = await s.staff.get(`/api/events/export?${query}`);
    t.equal(r.status, 400, query);
    t.match(r.body, { code: 'QMS_ERR_BAD_RANGE', field }, `${query}: refused, pointing at ${field}`);
  }
  t.equal((await download(s.staff, s.url, '/api/events/export?from=2025-01-01&to=2026-01-01')).status, 200, '366 days is allowed');
  t.equal((await s.staff.get('/api/events/export?from=26.11.2026&to=2026-11-26')).status, 400, 'dates as YYYY-MM-DD');

  await s.createUser('ana', 'clerk-password-1', 'clerk');
  await s.createUser('mihai', 'manager-password-1', 'manager');
  const clerk = await s.signIn('ana', 'clerk-password-1');
  const manager = await s.signIn('mihai', 'manager-password-1');
  t.equal((await clerk.get(`/api/events/export?from=${DAY}&to=${DAY}`)).status, 403, 'a clerk is refused');
  t.equal((await s.anon.get(`/api/events/export?from=${DAY}&to=${DAY}`)).status, 401, 'so is anyone not signed in');
  t.equal((await download(manager, s.url, `/api/events/export?from=${DAY}&to=${DAY}`)).status, 200, 'a manager may export');
});

t.test('a long log is sent in pieces; the queue works on while a download runs, and one given up lets go of the database', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(at(DAY, '09:00'))) });
  // 40 000 events on one day, written straight into the log.
  const insert = s.app.sqlite.prepare("INSERT INTO events (type, at, office_day, data) VALUES ('counter.paused', ?, ?, ?)");
  const data = JSON.stringify({ counter: { id: 'counter-1', pauseReason: 'break' } });
  s.app.sqlite.transaction(() => {
    for (let i = 0; i < 40_000; i++) insert.run(Date.parse(at(DAY, '09:00')) + i, DAY, data);
  })();
  const r = await fetch(`${s.url}/api/events/export?from=${DAY}&to=${DAY}&format=ndjson`, { headers: { cookie: s.staff.cookie } });
  t.equal(r.headers.get('content-length'), null, 'no length known up front: sent in pieces');
  t.equal(r.headers.get('transfer-encoding'), 'chunked');
  const reader = r.body!.getReader();
  let received = 0;
  let pieces = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    pieces++;
  }
  t.ok(pieces > 5, `${pieces} pieces`);
  t.ok(received > 40_000 * 100, `${received} bytes`);
  // The queue keeps working while an export is under way (the export reads on its own connection).
  const half = request(`${s.url}/api/events/export?from=${DAY}&to=${DAY}&format=csv`, { headers: { cookie: s.staff.cookie } });
  const response = await new Promise<IncomingMessage>((resolve) => half.on('response', resolve).end());
  const [first] = (await once(response, 'data')) as [Buffer];
  t.ok(first.length > 0, 'an export has begun');
  response.pause();
  t.equal((await s.staff.post('/api/tickets', { serviceId: 'id-pickup' })).status, 201, 'a ticket is issued while it runs');
  // The download is given up half-way, as a browser closes the connection.
  half.destroy();
  await once(half, 'close');
  // While a reader holds its snapshot, a full checkpoint of the write-ahead log cannot finish.
  const end = Date.now() + 5000;
  let busy = 1;
  while (busy !== 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    busy = (s.app.sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]!.busy;
  }
  t.equal(busy, 0, 'the export closed its read of the database');
});
