import t from 'tap';
import { Proxy } from '../../scripts/test-support/browser';
import { build } from '../../server/test/helper';
import { ServerLink, type CounterView } from '../src/agent/server-link';

async function pairBridge(s: Awaited<ReturnType<typeof build>>, counters: string[]): Promise<string> {
  const start = await s.anon.post('/api/pairing', { kind: 'bridge' });
  await s.staff.post('/api/devices', { code: start.body.code, name: 'Punte test', settings: { counters } });
  return (await s.anon.get(`/api/pairing/${start.body.pairingId}`)).body.token;
}

function nextState(link: ServerLink, counterId: string, want: (v: CounterView) => boolean, ms = 5000): Promise<CounterView> {
  const now = link.view(counterId);
  if (now && want(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no such state of ${counterId}: ${JSON.stringify(link.view(counterId))}`)), ms);
    const on = (id: string, v: CounterView) => {
      if (id !== counterId || !want(v)) return;
      clearTimeout(timer);
      link.off('state', on);
      resolve(v);
    };
    link.on('state', on);
  });
}

t.test("the bridge follows its counters' state live and its presses act once, also across a server restart", async (t) => {
  const dir = t.testdir();
  let s = await build(t, { dataDir: `${dir}/data` });
  const proxy = new Proxy();
  const url = await proxy.listen(t);
  proxy.to(s.url);
  const token = await pairBridge(s, ['counter-1']);
  const link = new ServerLink({ url, token, counters: ['counter-1'], pressTtlMs: 20_000 });
  t.teardown(() => link.close());
  link.start();
  t.same(await nextState(link, 'counter-1', () => true), { code: null, counterState: 'open' }, 'the state from the snapshot');

  for (let i = 0; i < 4; i++) await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/counters/counter-1/call-next');
  t.same(await nextState(link, 'counter-1', (v) => v.code === 'A001'), { code: 'A001', counterState: 'open' }, 'a call shows at once');

  t.same(await link.press({ counterId: 'counter-1', action: 'finish', id: 'k1', at: Date.now() }), { ok: true });
  t.same(await nextState(link, 'counter-1', (v) => v.code === null), { code: null, counterState: 'open' }, 'finished: the display blanks');
  await link.press({ counterId: 'counter-1', action: 'pause', id: 'k2', at: Date.now() });
  await nextState(link, 'counter-1', (v) => v.counterState === 'paused');
  await link.press({ counterId: 'counter-1', action: 'resume', id: 'k3', at: Date.now() });
  const refused = await link.press({ counterId: 'counter-1', action: 'recall', id: 'k4', at: Date.now() });
  t.match(refused, { ok: false, code: 'QMS_ERR_NO_CURRENT_TICKET' }, "the server's refusal comes back, to show on the device");

  // The server goes away; a press made meanwhile is delivered once when it is back.
  proxy.to(null);
  proxy.dropAll();
  await s.close();
  const pending = link.press({ counterId: 'counter-1', action: 'next', id: 'k5', at: Date.now() });
  await new Promise((r) => setTimeout(r, 1500));
  s = await build(t, { dataDir: `${dir}/data` });
  proxy.to(s.url);
  t.same(await pending, { ok: true }, 'delivered when the server returned');
  t.same(await link.press({ counterId: 'counter-1', action: 'next', id: 'k5', at: Date.now() }), { ok: true }, 'the same press again');
  const queue = (await s.anon.get('/api/queue')).body;
  t.same(
    queue.tickets.filter((x: { status: string }) => x.status === 'called').map((x: { code: string }) => x.code),
    ['A002'],
    'one ticket called, not two',
  );
  t.same(await nextState(link, 'counter-1', (v) => v.code === 'A002'), { code: 'A002', counterState: 'open' }, 'and the link caught up by itself');

  // A press older than its time to live is dropped, never delivered late.
  proxy.to(null);
  proxy.dropAll();
  const short = new ServerLink({ url, token, counters: ['counter-1'], pressTtlMs: 800 });
  t.teardown(() => short.close());
  t.match(await short.press({ counterId: 'counter-1', action: 'next', id: 'k6', at: Date.now() }), { ok: false, code: 'BRIDGE_SERVER_UNREACHABLE' });
  proxy.to(s.url);
  await new Promise((r) => setTimeout(r, 500));
  t.equal((await s.anon.get('/api/queue')).body.tickets.filter((x: { status: string }) => x.status === 'called').length, 1, 'the dropped press called nobody');
});
