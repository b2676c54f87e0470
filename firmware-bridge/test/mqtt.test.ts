import { once } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import t, { type Test } from 'tap';
import { MqttBridge, RepeatFilter, type MqttBridgeOptions, type MqttCommand, type MqttIgnored } from '../src/mqtt/index';
import type { DeviceHealth } from '../src/actions';
import { startBroker } from './broker';

const broker = await startBroker();
t.teardown(() => broker.close());

let sites = 0;

/** A bridge on its own site, a fake clock, and a wireless button (a second MQTT client) on the same broker. */
async function setup(t: Test, options: Partial<MqttBridgeOptions> = {}) {
  const site = `office${++sites}`;
  const clock = { now: 1_700_000_000_000 };
  const bridge = new MqttBridge({
    url: broker.url,
    site,
    name: 'hall',
    counters: { 1: 'counter-one', 2: 'counter-two' },
    reconnectPeriodMs: 200,
    clock: () => clock.now,
    ...options,
  });
  const commands: MqttCommand[] = [];
  const ignored: MqttIgnored[] = [];
  const healths: DeviceHealth[] = [];
  bridge.on('command', (c) => commands.push(c));
  bridge.on('ignored', (i) => ignored.push(i));
  bridge.on('health', (h) => healths.push(h));
  const button = await client(t);
  t.teardown(() => bridge.close());
  await waitFor(() => bridge.health().connected, 'the bridge connects and subscribes');

  const press = (counter: number, payload: unknown, opts: { retain?: boolean } = {}) =>
    button.publishAsync(`qms/${site}/counter/${counter}/cmd`, typeof payload === 'string' ? payload : JSON.stringify(payload), {
      qos: 1,
      retain: opts.retain ?? false,
    });

  // A press on counter 2 is accepted once; each later resend of it comes back as an ignored repeat. Since the broker
  // keeps one publisher's messages in order, when the resend has been seen everything sent before it has been too.
  await press(2, { action: 'finish', id: 'barrier' });
  await waitFor(() => commands.some((c) => c.id === 'barrier'), 'first press on counter 2');
  commands.length = 0;
  async function barrier(): Promise<void> {
    const before = ignored.filter((i) => i.reason === 'repeated-id' && i.topic.endsWith('/2/cmd')).length;
    await press(2, { action: 'finish', id: 'barrier' });
    await waitFor(() => ignored.filter((i) => i.reason === 'repeated-id' && i.topic.endsWith('/2/cmd')).length > before, 'barrier');
  }
  return { site, clock, bridge, button, commands, ignored, healths, press, barrier };
}

async function client(t: Test): Promise<MqttClient> {
  const c = await mqtt.connectAsync(broker.url, { reconnectPeriod: 200 });
  c.on('error', () => {});
  t.teardown(() => c.endAsync(true));
  return c;
}

/** Subscribes a fresh client and records what arrives on one topic, retained flag included. */
async function watch(t: Test, topic: string) {
  const c = await client(t);
  const seen: { payload: string; retain: boolean }[] = [];
  c.on('message', (tp, payload, packet) => {
    if (tp === topic) seen.push({ payload: payload.toString(), retain: packet.retain });
  });
  await c.subscribeAsync(topic, { qos: 1 });
  return seen;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

t.test('a button press becomes one command, and the bridge says it is online', async (t) => {
  const { site, bridge, commands, press, barrier } = await setup(t);
  const status = await watch(t, `qms/${site}/bridge/hall/status`);
  await waitFor(() => status.length > 0, 'retained status');
  t.same(status[0], { payload: 'online', retain: true }, 'a client subscribing later reads "online"');

  await press(1, { action: 'next', id: 'esp32-1-0001' });
  await barrier();
  t.same(commands, [{ counterId: 'counter-one', counterNumber: 1, action: 'next', id: 'esp32-1-0001' }]);

  const health = bridge.health();
  t.match(health, { name: 'hall', kind: 'mqtt', connected: true, error: null });
  t.type(health.lastSeenAt, 'number', 'last seen is set');
});

t.test('the same id sent three times calls one ticket', async (t) => {
  const { clock, commands, press, barrier } = await setup(t);
  for (let i = 0; i < 3; i++) {
    await press(1, { action: 'next', id: 'same' });
    clock.now += 5000; // even far apart: an id counts once
  }
  await barrier();
  t.equal(commands.length, 1, 'one command');
  t.equal(commands[0]?.id, 'same');
});

t.test('presses repeated within the window count once, a press after it counts again', async (t) => {
  const { clock, commands, ignored, press, barrier } = await setup(t, { repeatWindowMs: 2000 });
  for (const id of ['r1', 'r2', 'r3']) {
    await press(1, { action: 'next', id });
    clock.now += 500;
  }
  await barrier();
  t.same(commands.map((c) => c.id), ['r1'], 'three radio repeats, one command');
  t.equal(ignored.filter((i) => i.reason === 'repeated-press').length, 2, 'the two repeats are reported as ignored');

  await press(1, { action: 'recall', id: 'other-action' });
  await press(2, { action: 'next', id: 'other-counter' });
  await barrier();
  t.same(commands.map((c) => c.id), ['r1', 'other-action', 'other-counter'], 'another action or another counter is not a repeat');

  clock.now += 1000; // 2500 ms after the first press
  await press(1, { action: 'next', id: 'r4' });
  await barrier();
  t.same(commands.map((c) => c.id), ['r1', 'other-action', 'other-counter', 'r4'], 'after the window the press counts');
});

t.test('bad messages are ignored with a note and the bridge keeps working', async (t) => {
  const { site, bridge, commands, ignored, press, barrier } = await setup(t);
  const bad: [number, unknown, MqttIgnored['reason']][] = [
    [1, 'not json {', 'invalid'],
    [1, '[1, 2]', 'invalid'],
    [1, { action: 'dance', id: 'x1' }, 'invalid'],
    [1, { action: 'next' }, 'invalid'],
    [1, { action: 'next', id: '' }, 'invalid'],
    [1, 'x'.repeat(5000), 'invalid'],
    [9, { action: 'next', id: 'x2' }, 'unknown-counter'],
  ];
  for (const [counter, payload] of bad) await press(counter, payload);
  await barrier();
  t.same(commands, [], 'none became a command');
  t.same(
    ignored.filter((i) => i.reason !== 'repeated-id').map((i) => i.reason),
    bad.map((b) => b[2]),
    'each one is reported with its reason',
  );
  t.match(bridge.health().error, `qms/${site}/counter/9/cmd`, 'the last problem shows in health');

  // A retained command would be replayed on every reconnection: it is not a press.
  await press(1, { action: 'next', id: 'kept' }, { retain: true });
  await barrier();
  const other = new MqttBridge({ url: broker.url, site, name: 'other', counters: { 1: 'counter-one' } });
  t.teardown(() => other.close());
  const [note] = (await once(other, 'ignored')) as [MqttIgnored];
  t.equal(note.reason, 'retained', 'a retained command is ignored');
  await press(1, '', { retain: true }); // clears the retained message from the broker

  await press(1, { action: 'start', id: 'after-bad', extra: 'ignored field' });
  await barrier();
  t.same(commands.map((c) => c.action), ['next', 'start'], 'good commands still work');
  t.equal(bridge.health().error, null, 'an accepted command clears the note');
  t.equal(bridge.health().connected, true);
});

t.test('counter state is published retained for displays', async (t) => {
  const { site, bridge } = await setup(t);
  await bridge.publishState(3, { code: 'A023', counterState: 'open' });
  const later = await watch(t, `qms/${site}/counter/3/state`);
  await waitFor(() => later.length > 0, 'retained state');
  t.same(later, [{ payload: '{"code":"A023","state":"open"}', retain: true }], 'a display subscribing later gets it');

  await bridge.publishState(3, { code: null, counterState: 'paused' });
  await waitFor(() => later.length > 1, 'new state');
  t.same(JSON.parse(later[1]!.payload), { code: null, state: 'paused' }, 'paused: no ticket');

  await t.rejects(bridge.publishState(3, { code: 'A1', counterState: 'busy' as never }), TypeError);
  await t.rejects(bridge.publishState(0, { code: 'A1', counterState: 'open' }), TypeError);
});

t.test('when the bridge connection dies, the broker publishes the last will; the bridge comes back', async (t) => {
  const { site, bridge, healths, commands, press, barrier } = await setup(t);
  const status = await watch(t, `qms/${site}/bridge/hall/status`);
  await waitFor(() => status.length === 1, 'retained online');

  healths.length = 0;
  (bridge as unknown as { client: { stream: { destroy(): void } } }).client.stream.destroy();
  await waitFor(() => status.some((s) => s.payload === 'offline'), 'last will');
  t.same(status[1], { payload: 'offline', retain: false }, 'the broker sent "offline" (the last will)');
  const stored = await watch(t, `qms/${site}/bridge/hall/status`);
  await waitFor(() => stored.length > 0, 'retained status');
  t.equal(stored[0]?.payload, 'offline', 'and kept it for later subscribers');

  await waitFor(() => status.at(-1)?.payload === 'online', 'online again');
  t.same(healths.map((h) => h.connected), [false, true], 'health: disconnected, then connected');
  await press(1, { action: 'next', id: 'after-drop' });
  await barrier();
  t.same(commands.map((c) => c.id), ['after-drop'], 'commands flow again');
});

t.test('after a broker restart the bridge reconnects, says online and republishes state', async (t) => {
  const { site, bridge, button, commands, healths, press, barrier } = await setup(t);
  await bridge.publishState(1, { code: 'B007', counterState: 'open' });

  healths.length = 0;
  await broker.restart();
  // The socket error may be reported while still connected, so wait for a connection that follows a disconnection.
  const reconnected = () => {
    const lost = healths.findIndex((h) => !h.connected);
    return lost >= 0 && healths.slice(lost + 1).some((h) => h.connected);
  };
  await waitFor(reconnected, 'bridge reconnected', 8000);
  await waitFor(() => button.connected, 'button reconnected');
  const gone = healths.findIndex((h) => !h.connected);
  t.match(healths[gone], { connected: false, error: /broker/ }, 'health showed the broker was gone, with the reason');
  t.ok(healths.slice(gone + 1).some((h) => h.connected), 'and then connected again');

  const status = await watch(t, `qms/${site}/bridge/hall/status`);
  const state = await watch(t, `qms/${site}/counter/1/state`);
  await waitFor(() => status.length > 0 && state.length > 0, 'retained messages on the new broker');
  t.equal(status[0]?.payload, 'online', 'online again');
  t.same(JSON.parse(state[0]!.payload), { code: 'B007', state: 'open' }, 'the state the restarted broker forgot is back');

  await press(1, { action: 'next', id: 'after-restart' });
  await barrier();
  t.same(commands.map((c) => c.id), ['after-restart'], 'commands flow again');
});

t.test('a bridge started before the broker connects once it is up', async (t) => {
  await broker.stop();
  const bridge = new MqttBridge({ url: broker.url, site: 'early', name: 'hall', counters: { 1: 'c1' }, reconnectPeriodMs: 200 });
  t.teardown(() => bridge.close());
  await waitFor(() => bridge.health().error !== null, 'an error in health');
  t.match(bridge.health(), { connected: false, error: /ECONNREFUSED/ });
  await broker.restart();
  await waitFor(() => bridge.health().connected, 'connected', 8000);
  t.equal(bridge.health().error, null, 'the error clears');
});

t.test('close() publishes offline and stops reconnecting', async (t) => {
  const { site, bridge } = await setup(t);
  const status = await watch(t, `qms/${site}/bridge/hall/status`);
  await waitFor(() => status.length === 1, 'online');
  await bridge.close();
  await waitFor(() => status.length === 2, 'offline');
  t.equal(status[1]?.payload, 'offline');
  t.equal(bridge.health().connected, false);
  await new Promise((r) => setTimeout(r, 500));
  t.equal(status.length, 2, 'no reconnection after close');
  t.equal(bridge.health().connected, false);
});

t.test('configuration errors are refused at once', async (t) => {
  const base = { url: broker.url, site: 's', name: 'n', counters: { 1: 'c' } };
  t.throws(() => new MqttBridge({ ...base, url: 'http://x' }), TypeError);
  t.throws(() => new MqttBridge({ ...base, site: 'a/b' }), TypeError);
  t.throws(() => new MqttBridge({ ...base, name: '#' }), TypeError);
  t.throws(() => new MqttBridge({ ...base, counters: { 0: 'c' } }), TypeError);
});

t.test('remembered ids are bounded in number and time', async (t) => {
  const filter = new RepeatFilter({ windowMs: 0, idMemoryMs: 60_000, idMemorySize: 3 });
  for (const id of ['a', 'b', 'c', 'd', 'e']) t.equal(filter.check(1, 'next', id, 1000), 'accepted');
  t.equal(filter.rememberedIds, 3, 'only the newest three');
  t.equal(filter.check(1, 'next', 'e', 1000), 'repeated-id', 'a recent id is still known');
  t.equal(filter.check(1, 'next', 'a', 1000), 'accepted', 'the oldest was forgotten');
  t.equal(filter.check(2, 'next', 'e', 1000), 'accepted', 'ids are per counter');
  t.equal(filter.check(1, 'next', 'e', 61_000), 'accepted', 'and forgotten after their time');
});
