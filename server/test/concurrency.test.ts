import t from 'tap';
import type { Api, Client } from './helper';
import { build, WsClient } from './helper';

const COUNTERS = Array.from({ length: 8 }, (_, i) => `counter-${i + 1}`);
const SERVICES = ['id-applications', 'id-pickup', 'civil-status', 'cashier', 'information'] as const;
const PRIORITIES = [null, null, null, 'elderly', null, 'pregnant', null, 'disabled'] as const;

interface Issued {
  id: string;
  code: string;
  serviceId: string;
  priority: string | null;
}

interface Call {
  counterId: string;
  ticketId: string;
  code: string;
}

const callNext = (staff: Client, counterId: string, headers?: Record<string, string>): Promise<Api> =>
  staff.post(`/api/counters/${counterId}/call-next`, {}, headers);

t.test('8 counters calling concurrently never call a ticket twice and leave none behind', async (t) => {
  const s = await build(t);
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue']);

  // 200 tickets for every service, some of them priority, issued 20 at a time; the clock moves a
  // second between batches so waiting times differ.
  const issued: Issued[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const n = batch * 20 + i;
        const body: Record<string, unknown> = { serviceId: SERVICES[n % SERVICES.length] };
        const priority = PRIORITIES[n % PRIORITIES.length];
        if (priority) body.priority = priority;
        return s.staff.post('/api/tickets', body);
      }),
    );
    for (const r of replies) {
      if (r.status !== 201) t.fail(`issuing failed: ${r.status} ${JSON.stringify(r.body)}`);
      else issued.push({ id: r.body.id, code: r.body.code, serviceId: r.body.serviceId, priority: r.body.priority });
    }
    s.clock.advance(1000);
  }
  t.equal(issued.length, 200, 'all 200 tickets were issued');
  t.equal(new Set(issued.map((x) => x.code)).size, 200, 'every issued ticket has its own code');

  const before = await s.staff.get('/api/queue');
  t.equal(
    before.body.services.reduce((n: number, sv: { waiting: number }) => n + sv.waiting, 0),
    200,
    'the queue shows 200 tickets waiting before the counters start',
  );

  const calls: Call[] = [];
  const servesOf = new Map<string, string[]>();
  const unexpected: Api[] = [];
  const record = (counterId: string, r: Api): boolean => {
    if (r.status === 200) {
      calls.push({ counterId, ticketId: r.body.ticket.id, code: r.body.ticket.code });
      servesOf.set(counterId, r.body.counter.services.map((x: { serviceId: string }) => x.serviceId));
      if (r.body.ticket.status !== 'called' || r.body.ticket.counterId !== counterId || r.body.counter.currentTicketId !== r.body.ticket.id) {
        unexpected.push(r);
      }
      return true;
    }
    if (r.status !== 409 || r.body?.code !== 'QMS_ERR_NO_TICKET_WAITING') unexpected.push(r);
    return false;
  };

  let rounds = 0;
  let burstDone = false;
  for (;;) {
    rounds++;
    if (rounds > 200) {
      t.fail('the queue did not empty after 200 rounds');
      break;
    }
    s.clock.advance(1000);
    let anyCalled = false;
    if (rounds === 6 && !burstDone) {
      // A burst: every counter fires 5 overlapping calls (a clerk hammering the button, a flaky network).
      burstDone = true;
      const jobs = COUNTERS.flatMap((c) => Array.from({ length: 5 }, () => callNext(s.staff, c).then((r) => record(c, r))));
      anyCalled = (await Promise.all(jobs)).some(Boolean);
    } else {
      const results = await Promise.all(COUNTERS.map((c) => callNext(s.staff, c).then((r) => record(c, r))));
      anyCalled = results.some(Boolean);
    }
    if (!anyCalled) break;
  }
  t.ok(burstDone, 'the overlapping burst ran');
  t.same(unexpected, [], 'every call-next answered 200 with the called ticket, or 409 QMS_ERR_NO_TICKET_WAITING');

  // No ticket is ever called twice.
  const byId = new Map<string, Call[]>();
  for (const c of calls) byId.set(c.ticketId, [...(byId.get(c.ticketId) ?? []), c]);
  const twice = [...byId.values()].filter((cs) => cs.length > 1).map((cs) => `${cs[0]!.code} at ${cs.map((c) => c.counterId).join(', ')}`);
  t.same(twice, [], 'no ticket id was called twice');
  const codes = calls.map((c) => c.code);
  t.equal(new Set(codes).size, codes.length, 'no ticket code was called twice');

  // Every issued ticket (each demo service has a counter) is called exactly once, by a counter that serves it.
  const calledIds = new Set(calls.map((c) => c.ticketId));
  t.same(
    issued.filter((x) => !calledIds.has(x.id)).map((x) => x.code),
    [],
    'every issued ticket was called',
  );
  t.equal(calls.length, issued.length, 'exactly one call per issued ticket');
  const issuedById = new Map(issued.map((x) => [x.id, x]));
  const wrongCounter = calls.filter((c) => !servesOf.get(c.counterId)?.includes(issuedById.get(c.ticketId)?.serviceId ?? '?'));
  t.same(wrongCounter, [], 'every ticket was called by a counter that serves its service');

  // GET /api/queue agrees: nothing waits; each counter holds the one ticket it called last.
  const q = await s.staff.get('/api/queue');
  t.equal(q.status, 200);
  t.same(
    q.body.services.map((sv: { id: string; waiting: number }) => [sv.id, sv.waiting]),
    SERVICES.map((id) => [id, 0]),
    'no service has anyone waiting',
  );
  t.same(
    q.body.services.map((sv: { id: string; issuedToday: number }) => [sv.id, sv.issuedToday]),
    SERVICES.map((id) => [id, 40]),
    'issuedToday counts 40 tickets per service',
  );
  const counterViews = q.body.counters as { id: string; currentTicketId: string | null; current: { id: string; code: string; status: string } | null }[];
  const holding = counterViews.filter((c) => c.currentTicketId !== null);
  t.same(
    (q.body.tickets as { id: string; status: string }[]).map((x) => x.id).sort(),
    holding.map((c) => c.currentTicketId).sort(),
    'the only tickets still in play are the ones at the counters',
  );
  for (const c of counterViews) {
    const mine = calls.filter((x) => x.counterId === c.id);
    if (mine.length === 0) {
      t.equal(c.current, null, `${c.id} called nothing and holds nothing`);
      continue;
    }
    t.ok(c.current && mine.some((x) => x.ticketId === c.current!.id), `${c.id} holds a ticket it called`);
    t.equal(c.current?.status, 'called', `${c.id}'s ticket shows as called`);
  }

  // Each ticket tells the same story: done, or still called at the counter holding it.
  const current = new Set(holding.map((c) => c.currentTicketId));
  const callOf = new Map(calls.map((c) => [c.ticketId, c]));
  const wrongStory: string[] = [];
  await Promise.all(
    issued.map(async (x) => {
      const r = await s.staff.get(`/api/tickets/${x.id}`);
      const expected = current.has(x.id) ? 'called' : 'done';
      if (r.status !== 200 || r.body.status !== expected || r.body.counterId !== callOf.get(x.id)?.counterId || r.body.code !== x.code) {
        wrongStory.push(`${x.code}: ${r.status} ${r.body?.status} at ${r.body?.counterId}, expected ${expected} at ${callOf.get(x.id)?.counterId}`);
      }
    }),
  );
  t.same(wrongStory, [], 'GET /api/tickets/:id shows every ticket done or called, at the counter that called it');

  // The live feed saw each call once, and inside one service and pool nobody was passed over: tickets were
  // called in the order they were issued.
  const lastSeq = q.body.seq as number;
  await ws.waitFor((m) => 'seq' in m && m.type.includes('.') && m.seq === lastSeq);
  const called = ws.events('ticket.called') as { seq: number; data: { ticket: { id: string; code: string; serviceId: string; priority: string | null } } }[];
  t.equal(called.length, calls.length, 'the WebSocket saw one ticket.called per call');
  t.equal(new Set(called.map((e) => e.data.ticket.id)).size, called.length, 'the WebSocket never saw a ticket called twice');
  const order = new Map<string, string[]>();
  for (const e of [...called].sort((a, b) => a.seq - b.seq)) {
    const k = `${e.data.ticket.serviceId}/${e.data.ticket.priority === null ? 'normal' : 'priority'}`;
    order.set(k, [...(order.get(k) ?? []), e.data.ticket.code]);
  }
  for (const [k, seen] of order) t.same(seen, [...seen].sort(), `${k}: called first come, first served`);
});

t.test('the same Idempotency-Key calls one ticket, however often it is sent', async (t) => {
  const s = await build(t);
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue']);
  for (let i = 0; i < 3; i++) t.equal((await s.staff.post('/api/tickets', { serviceId: 'civil-status' })).status, 201);

  // Open a few keep-alive connections first, so the two presses below travel at the same moment on two of
  // them and reach the server together rather than one after the other's connection set-up.
  await Promise.all(Array.from({ length: 4 }, () => s.staff.get('/api/health')));
  const key = { 'Idempotency-Key': 'press-0001-counter-6' };
  const [first, second] = await Promise.all([callNext(s.staff, 'counter-6', key), callNext(s.staff, 'counter-6', key)]);
  s.clock.advance(5000);
  const later = await callNext(s.staff, 'counter-6', key);
  t.equal(first!.status, 200, 'the first press calls a ticket');
  t.equal(first!.body.ticket.code, 'C001');
  t.same(second, first, 'the concurrent retry gets the very same reply');
  t.same(later, first, 'a later retry gets the very same reply');

  let q = await s.staff.get('/api/queue');
  t.equal(q.body.services.find((x: { id: string }) => x.id === 'civil-status').waiting, 2, 'only one civil-status ticket left the queue');
  t.equal(q.body.counters.find((c: { id: string }) => c.id === 'counter-6').current.code, 'C001', 'counter 6 holds C001');

  const next = await callNext(s.staff, 'counter-6');
  t.equal(next.body.ticket.code, 'C002', 'the next press without the key calls C002, so C002 was not taken before');
  const replay = await callNext(s.staff, 'counter-6', key);
  t.same(replay, first, 'replaying the old key still answers C001 ...');
  q = await s.staff.get('/api/queue');
  t.equal(q.body.counters.find((c: { id: string }) => c.id === 'counter-6').current.code, 'C002', '... and does not move counter 6 off C002');
  t.equal(q.body.services.find((x: { id: string }) => x.id === 'civil-status').waiting, 1, 'C003 still waits');

  await ws.waitFor((m) => 'seq' in m && m.type.includes('.') && m.seq === q.body.seq);
  t.same(
    ws.events('ticket.called').map((e) => (e as unknown as { data: { ticket: { code: string } } }).data.ticket.code),
    ['C001', 'C002'],
    'displays announced C001 once, then C002',
  );

  // A key is bound to one counter: the same key at another counter is a different request.
  const elsewhere = await callNext(s.staff, 'counter-7', key);
  t.equal(elsewhere.status, 422);
  t.equal(elsewhere.body.code, 'QMS_ERR_IDEMPOTENCY_CONFLICT');
});

t.test('the same Idempotency-Key with a different ticket request is refused', async (t) => {
  const s = await build(t);
  const key = { 'Idempotency-Key': 'kiosk-1:issue-0001' };
  const first = await s.staff.post('/api/tickets', { serviceId: 'id-pickup' }, key);
  t.equal(first.status, 201);
  t.equal(first.body.code, 'B001');
  const again = await s.staff.post('/api/tickets', { serviceId: 'id-pickup' }, key);
  t.same(again, first, 'the same request again is answered from the first, not issued twice');

  const other = await s.staff.post('/api/tickets', { serviceId: 'cashier' }, key);
  t.equal(other.status, 422, 'another service under the same key is refused');
  t.equal(other.body.code, 'QMS_ERR_IDEMPOTENCY_CONFLICT');
  const withPriority = await s.staff.post('/api/tickets', { serviceId: 'id-pickup', priority: 'elderly' }, key);
  t.equal(withPriority.status, 422, 'the same service with a priority under the same key is refused');
  t.equal(withPriority.body.code, 'QMS_ERR_IDEMPOTENCY_CONFLICT');

  const q = await s.staff.get('/api/queue');
  const sv = (id: string) => q.body.services.find((x: { id: string }) => x.id === id);
  t.equal(sv('id-pickup').issuedToday, 1, 'one id-pickup ticket in all');
  t.equal(sv('cashier').issuedToday, 0, 'no cashier ticket was issued');
  t.equal(q.body.tickets.length, 1);
});

t.test('the same Idempotency-Key with different ticket requests in flight at once', async (t) => {
  const s = await build(t);
  const wrong: string[] = [];
  let conflicts = 0;
  for (let round = 0; round < 10; round++) {
    const key = { 'Idempotency-Key': `kiosk-2:issue-${String(round).padStart(4, '0')}` };
    const asked = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? 'id-pickup' : 'cashier'));
    const replies = await Promise.all(asked.map((serviceId) => s.staff.post('/api/tickets', { serviceId }, key)));
    const ids = new Set<string>();
    replies.forEach((r, i) => {
      if (r.status === 201) {
        ids.add(r.body.id);
        if (r.body.serviceId !== asked[i]) wrong.push(`round ${round}: asked for ${asked[i]}, was handed ${r.body.code} (${r.body.serviceId})`);
      } else if (r.status === 422 && r.body.code === 'QMS_ERR_IDEMPOTENCY_CONFLICT') conflicts++;
      else wrong.push(`round ${round}: unexpected ${r.status} ${JSON.stringify(r.body)}`);
    });
    t.equal(ids.size, 1, `round ${round}: one key issued one ticket`);
  }
  const q = await s.staff.get('/api/queue');
  t.equal(q.body.tickets.length, 10, 'ten keys, ten tickets in all');
  if (wrong.length > 0) t.comment(`${wrong.length} requests got someone else's ticket, e.g. ${wrong.slice(0, 3).join('; ')}`);
  t.same(wrong, [], 'nobody is handed a ticket for a service they did not ask for');
  t.equal(conflicts, 40, 'every request under a used key with the other service gets 422 QMS_ERR_IDEMPOTENCY_CONFLICT');
});
