import type { WireEvent } from '@qms/shared';
import { once } from 'node:events';
import t from 'tap';
import WebSocket from 'ws';
import { build, TestClock, WsClient } from './helper';

const isEvent = (m: { type: string }): m is WireEvent => m.type.includes('.');

t.test('a client gets a snapshot, then every event as {seq, type, at, data}', async (t) => {
  const s = await build(t);
  await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue']);
  const snap = ws.messages[0]!;
  t.equal(snap.type, 'snapshot');
  if (snap.type === 'snapshot') {
    t.equal(snap.seq, 1);
    t.match(snap.data, { officeDay: String, tickets: [{ code: 'D001', status: 'waiting' }] });
  }

  const issued = (await s.staff.post('/api/tickets', { serviceId: 'cashier' })).body;
  const ev = await ws.waitFor((m) => m.type === 'ticket.issued');
  t.match(ev, { seq: 2, type: 'ticket.issued', at: issued.issuedAt, data: { ticket: { id: issued.id, code: 'D002' } } });

  await s.staff.post('/api/counters/counter-8/call-next');
  const called = await ws.waitFor((m) => m.type === 'ticket.called');
  t.match(called, { seq: 3, data: { ticket: { code: 'D001', counterId: 'counter-8' }, counter: { number: 8 } } });

  await s.staff.post('/api/counters/counter-3/pause', { reason: 'technical' });
  t.match(await ws.waitFor((m) => m.type === 'counter.paused'), { data: { counter: { id: 'counter-3', state: 'paused', pauseReason: 'technical' } } });
  const seqs = ws.events().map((m) => (m as WireEvent).seq);
  t.same(seqs, [2, 3, 4], 'in order, none missing');
});

t.test('topics: a counter screen gets its own counter, not the whole hall', async (t) => {
  const s = await build(t);
  const mine = new WsClient(s.url);
  const hall = new WsClient(s.url);
  t.teardown(() => {
    mine.close();
    hall.close();
  });
  await mine.hello(['counter:counter-2']);
  await hall.hello(['queue']);
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/counters/counter-1/call-next');
  await s.staff.post('/api/counters/counter-2/call-next');
  await hall.waitFor((m) => isEvent(m) && m.type === 'ticket.called' && m.data.ticket.code === 'A002');
  await mine.waitFor((m) => m.type === 'ticket.called');
  t.same(
    mine.events().map((m) => m.type),
    ['ticket.called'],
    'only the call to counter 2',
  );
  t.equal((mine.events()[0] as WireEvent & { type: 'ticket.called' }).data.ticket.code, 'A002');
  t.equal(hall.events().length, 4);
});

t.test('a client that reconnects after a server restart catches up without losing an event', async (t) => {
  const dataDir = t.testdir();
  const clock = new TestClock(Date.now());
  let s = await build(t, { dataDir, clock });
  const ws = new WsClient(s.url);
  await ws.hello(['queue']);
  await s.staff.post('/api/tickets', { serviceId: 'id-pickup' });
  await s.staff.post('/api/tickets', { serviceId: 'id-pickup' });
  const last = (await ws.waitFor((m) => isEvent(m) && m.seq === 2)) as WireEvent;
  const closed = once(ws.socket, 'close');
  await s.close();
  const [code] = await closed;
  t.equal(code, 1012, 'told the server is restarting');

  s = await build(t, { dataDir, clock });
  // Events the client missed while it was away.
  await s.staff.post('/api/counters/counter-5/call-next');
  await s.staff.post('/api/tickets', { serviceId: 'id-pickup' });

  const back = new WsClient(s.url);
  t.teardown(() => back.close());
  await back.hello(['queue'], last.seq);
  t.match(back.messages[0], { type: 'replay', fromSeq: 3, toSeq: 4 });
  t.same(
    back.events().map((m) => [(m as WireEvent).seq, m.type]),
    [
      [3, 'ticket.called'],
      [4, 'ticket.issued'],
    ],
  );
  await s.staff.post('/api/counters/counter-5/call-next');
  const live = (await back.waitFor((m) => isEvent(m) && m.seq === 6)) as WireEvent;
  t.equal(live.type, 'ticket.called', 'then the live feed, seq 5 (finished) and 6 (called)');
  t.same(
    back.events().map((m) => (m as WireEvent).seq),
    [3, 4, 5, 6],
  );

  const fresh = new WsClient(s.url);
  t.teardown(() => fresh.close());
  await fresh.hello(['queue'], 9999);
  t.equal(fresh.messages[0]!.type, 'snapshot', 'a seq from the future (a replaced database) gets a snapshot');
});

t.test('heartbeats both ways; a silent client is dropped; bad messages are answered', async (t) => {
  const s = await build(t, { heartbeatSeconds: 0.2 });
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello();
  t.match(await ws.waitFor((m) => m.type === 'heartbeat'), { type: 'heartbeat', seq: 0 });
  ws.send({ type: 'ping' });
  t.match(await ws.waitFor((m) => m.type === 'pong'), { type: 'pong', seq: 0 });
  ws.socket.send('not json');
  t.match(await ws.waitFor((m) => m.type === 'error'), { code: 'QMS_ERR_VALIDATION' });

  const silent = new WebSocket(s.url.replace('http', 'ws') + '/ws?topics=queue', { autoPong: false });
  await once(silent, 'open');
  const started = Date.now();
  await once(silent, 'close');
  const after = Date.now() - started;
  t.ok(after >= 500 && after < 3000, `dropped after ${after} ms without answering`);
  t.equal(ws.socket.readyState, WebSocket.OPEN, 'the client that answers stays connected');
});
