/**
 * The pages' live feed against a fake socket: the subscription with the last seq, replayed events told
 * apart from live ones, repeats dropped, a refetch when caught up or when signage changed, the server's
 * clock, reconnection with backoff after a drop, a silent server, and the hello of a page that says it.
 */
import t from 'tap';
import { LiveFeed, wsUrl, type SocketLike } from '../web/live';

class FakeSocket implements SocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  say(m: unknown): void {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const event = (seq: number, type: string) => ({ seq, type, at: '2025-03-12T08:30:00Z', data: {} });

t.test('subscribes with the last seq; replayed events are marked, live ones not; resumes after a drop', async (t) => {
  FakeSocket.made = [];
  const got: [string, boolean][] = [];
  let refreshes = 0;
  const statuses: string[] = [];
  const feed = new LiveFeed({
    url: 'ws://office/ws',
    topics: ['ticket:t-1', 'service:cashier'],
    lastSeq: 41,
    onEvent: (e, replayed) => got.push([e.type, replayed]),
    onRefresh: () => refreshes++,
    onStatus: (s) => statuses.push(s),
    backoffMs: [10],
    createSocket: (url) => new FakeSocket(url),
  });
  t.teardown(() => feed.stop());
  feed.start();
  const first = FakeSocket.made[0]!;
  t.equal(first.url, 'ws://office/ws?topics=ticket%3At-1,service%3Acashier&lastSeq=41', 'topics and the seq already seen');
  first.open();
  first.say({ type: 'replay', fromSeq: 42, toSeq: 43 });
  first.say(event(43, 'ticket.issued'));
  t.equal(refreshes, 0, 'nothing to fetch before the feed caught up');
  first.say({ type: 'ready', seq: 45 });
  t.equal(refreshes, 1, 'caught up: the page fetches once');
  first.say(event(46, 'ticket.called'));
  first.say(event(46, 'ticket.called'));
  first.say({ type: 'heartbeat', seq: 50, at: '2025-03-12T08:30:01Z' });
  t.same(
    got,
    [
      ['ticket.issued', true],
      ['ticket.called', false],
    ],
    'the replayed event marked, the live one not, the repeat dropped; heartbeats are not events',
  );
  t.same(statuses, ['live']);

  first.drop();
  t.same(statuses, ['live', 'offline'], 'a closed socket: offline at once');
  await sleep(40);
  const second = FakeSocket.made[1]!;
  t.ok(second, 'reconnected by itself');
  t.match(second.url, /&lastSeq=46$/, 'from the last seq it heard');
  second.open();
  second.say({ type: 'ready', seq: 52 });
  t.same(statuses, ['live', 'offline', 'live']);
  t.equal(refreshes, 2, 'and fetches again after catching up');
});

t.test("a new database: after a snapshot the seqs start over and events are not lost; signage changes and the server's clock", async (t) => {
  FakeSocket.made = [];
  const got: number[] = [];
  let refreshes = 0;
  const feed = new LiveFeed({
    url: 'ws://office/ws',
    topics: ['queue', 'signage'],
    lastSeq: 10,
    onEvent: (e) => got.push(e.seq),
    onRefresh: () => refreshes++,
    backoffMs: [1],
    createSocket: (url) => new FakeSocket(url),
  });
  t.teardown(() => feed.stop());
  feed.start();
  const s1 = FakeSocket.made[0]!;
  t.equal(s1.url, 'ws://office/ws?topics=queue,signage&lastSeq=10');
  s1.say({ type: 'ready', seq: 12 });
  s1.say({ type: 'heartbeat', seq: 12, at: new Date(Date.now() + 60_000).toISOString() });
  t.ok(Math.abs(feed.serverNow() - (Date.now() + 60_000)) < 1000, "the server's clock from its heartbeat");
  s1.say({ type: 'changed', what: 'signage' });
  t.equal(refreshes, 2, 'fetched after catching up and when signage changed');

  s1.drop(1012);
  await sleep(20);
  const s2 = FakeSocket.made[1]!;
  t.equal(s2.url, 'ws://office/ws?topics=queue,signage&lastSeq=12', 'back by itself, from the last seq heard');
  s2.say({ type: 'snapshot', seq: 3, data: {} });
  s2.say({ type: 'ready', seq: 3 });
  s2.say(event(4, 'ticket.called'));
  t.same(got, [4], 'the first event of the new database is told');
});

t.test('a server that goes silent counts as gone; the feed pings while it waits', async (t) => {
  FakeSocket.made = [];
  let now = 0;
  const statuses: string[] = [];
  const feed = new LiveFeed({
    url: 'ws://office/ws',
    topics: ['queue'],
    onStatus: (s) => statuses.push(s),
    silenceMs: 1000,
    pingMs: 100,
    backoffMs: [5000],
    createSocket: (url) => new FakeSocket(url),
    now: () => now,
  });
  t.teardown(() => feed.stop());
  feed.start();
  const socket = FakeSocket.made[0]!;
  t.equal(socket.url, 'ws://office/ws?topics=queue', 'no seq yet: the server starts from now');
  socket.open();
  socket.say({ type: 'ready', seq: 3 });
  now = 500;
  await sleep(600);
  t.same(socket.sent.map((m) => JSON.parse(m)), [{ type: 'ping' }], 'a ping while the server is quiet');
  now = 1600;
  await sleep(600);
  t.same(statuses, ['live', 'offline']);
  t.ok(socket.closed, 'the silent socket is closed');
});

t.test('a page that says hello: the subscription in a message once the socket is open', async (t) => {
  FakeSocket.made = [];
  const feed = new LiveFeed({ url: 'ws://office/ws', topics: ['queue'], lastSeq: 7, hello: true, createSocket: (url) => new FakeSocket(url) });
  t.teardown(() => feed.stop());
  feed.start();
  const socket = FakeSocket.made[0]!;
  t.equal(socket.url, 'ws://office/ws', 'nothing in the address');
  socket.open();
  t.same(JSON.parse(socket.sent[0]!), { type: 'hello', topics: ['queue'], lastSeq: 7 });
});

t.test('the /ws address of the server the page came from', async (t) => {
  t.equal(wsUrl({ protocol: 'http:', host: '192.168.1.10:8080' }), 'ws://192.168.1.10:8080/ws');
  t.equal(wsUrl({ protocol: 'https:', host: 'ghiseu.local' }), 'wss://ghiseu.local/ws');
});
