import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { CounterState } from '@qms/shared';
import mqtt, { type MqttClient } from 'mqtt';
import type { CounterAction, DeviceHealth } from '../actions';
import { RepeatFilter } from './repeats';
import { counterNumberOf, isTopicLevel, mqttTopics as topics, parseMqttCommand } from './topics';

export interface MqttBridgeOptions {
  /** Broker address: mqtt://host:1883, mqtts://host:8883, ws://host/mqtt or wss://. */
  url: string;
  /** Site (office) name, one topic level: `qms/<site>/...`. */
  site: string;
  /** This bridge's name, one topic level: its status is `qms/<site>/bridge/<name>/status`. */
  name: string;
  /** Counters served by this bridge: counter number (as in the topics) -> counter id on the server. */
  counters: Record<number, string>;
  username?: string;
  password?: string;
  /** The same action from the same counter within this time counts once; default 2000 ms. */
  repeatWindowMs?: number;
  /** How long a command id is remembered, so a resent command is ignored; default 10 minutes. */
  idMemoryMs?: number;
  /** At most this many ids are remembered; default 5000. */
  idMemorySize?: number;
  /** Wait between reconnection attempts; default 1000 ms. */
  reconnectPeriodMs?: number;
  /** Current time in epoch milliseconds; default Date.now. */
  clock?: () => number;
}

/** A press of a wireless button, once per press. */
export interface MqttCommand {
  counterId: string;
  counterNumber: number;
  action: CounterAction;
  /** The id the button gave the press. */
  id: string;
}

/** A message on a command topic that did not become a command. Repeats are expected and are not errors. */
export interface MqttIgnored {
  topic: string;
  reason: 'invalid' | 'unknown-counter' | 'retained' | 'repeated-id' | 'repeated-press';
  detail: string;
}

/** What a small display above a counter shows. `code` is null when no ticket is being served. */
export interface MqttCounterState {
  code: string | null;
  counterState: CounterState;
}

interface MqttBridgeEvents {
  command: [MqttCommand];
  ignored: [MqttIgnored];
  health: [DeviceHealth];
}

const counterStates: readonly CounterState[] = ['open', 'paused', 'closed'];

/**
 * Wireless call buttons and small displays over MQTT. Buttons publish commands, the bridge publishes each counter's
 * state (retained) and its own status (`online`, or `offline` by the broker as the last will).
 */
export class MqttBridge extends EventEmitter<MqttBridgeEvents> {
  readonly site: string;
  readonly name: string;
  readonly statusTopic: string;
  private readonly counters: Map<number, string>;
  private readonly clock: () => number;
  private readonly repeats: RepeatFilter;
  private readonly client: MqttClient;
  /** The last state of each counter, published again on every connection (a restarted broker forgets them). */
  private readonly states = new Map<number, string>();
  private closing = false;
  private current: DeviceHealth;

  constructor(options: MqttBridgeOptions) {
    super();
    if (!/^(mqtts?|wss?):\/\/[^/]/i.test(options.url)) throw new TypeError(`not an MQTT broker address: ${options.url}`);
    for (const [label, value] of [['site', options.site], ['name', options.name]] as const) {
      if (!isTopicLevel(value)) throw new TypeError(`the ${label} must be one MQTT topic level (no / + #): ${JSON.stringify(value)}`);
    }
    this.site = options.site;
    this.name = options.name;
    this.statusTopic = topics.status(this.site, this.name);
    this.counters = new Map();
    for (const [key, counterId] of Object.entries(options.counters)) {
      const n = Number(key);
      if (!Number.isInteger(n) || n < 1) throw new TypeError(`counter numbers are positive integers: ${key}`);
      this.counters.set(n, counterId);
    }
    this.clock = options.clock ?? Date.now;
    this.repeats = new RepeatFilter({
      windowMs: options.repeatWindowMs ?? 2000,
      idMemoryMs: options.idMemoryMs ?? 10 * 60_000,
      idMemorySize: options.idMemorySize ?? 5000,
    });
    this.current = { name: this.name, kind: 'mqtt', connected: false, lastSeenAt: null, error: null };

    this.client = mqtt.connect(options.url, {
      clientId: `qms-bridge-${this.site}-${this.name}-${randomBytes(4).toString('hex')}`,
      username: options.username,
      password: options.password,
      clean: true,
      reconnectPeriod: options.reconnectPeriodMs ?? 1000,
      reconnectOnConnackError: true,
      connectTimeout: 5000,
      keepalive: 30,
      // Subscriptions are made again on each connection, below.
      resubscribe: false,
      will: { topic: this.statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client.on('connect', () => void this.onConnect());
    this.client.on('close', () => {
      if (this.current.connected && !this.closing) this.setHealth({ connected: false, error: 'lost the connection to the broker' });
      else this.setHealth({ connected: false });
    });
    this.client.on('error', (err) => this.setHealth({ error: `broker: ${err.message}` }));
    this.client.on('packetreceive', () => {
      this.current = { ...this.current, lastSeenAt: this.clock() };
    });
    this.client.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet.retain));
  }

  /** Connected, last message from the broker, last problem. The 'health' event fires when connected or error change. */
  health(): DeviceHealth {
    return { ...this.current };
  }

  /**
   * Publishes a counter's state (retained, QoS 1) as `{"code": "A023", "state": "open"}`. While the broker is
   * unreachable the latest state is kept and published on reconnection. Rejects only for invalid arguments (TypeError);
   * broker problems go to health().
   */
  async publishState(counterNumber: number, state: MqttCounterState): Promise<void> {
    if (!Number.isInteger(counterNumber) || counterNumber < 1) throw new TypeError(`not a counter number: ${counterNumber}`);
    if (!counterStates.includes(state.counterState)) throw new TypeError(`not a counter state: ${state.counterState}`);
    if (state.code !== null && typeof state.code !== 'string') throw new TypeError('the ticket code is a string or null');
    const payload = JSON.stringify({ code: state.code, state: state.counterState });
    this.states.set(counterNumber, payload);
    if (this.client.connected) await this.publish(topics.state(this.site, counterNumber), payload);
  }

  /** Publishes `offline`, then disconnects; no reconnection afterwards. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.client.connected) {
      const limit = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
      await Promise.race([this.publish(this.statusTopic, 'offline'), limit]);
    }
    await this.client.endAsync(!this.client.connected);
    this.setHealth({ connected: false, error: null });
  }

  /** Connected means subscribed: from then on button presses reach this bridge. */
  private async onConnect(): Promise<void> {
    await this.publish(this.statusTopic, 'online');
    let error: string | null = null;
    try {
      const granted = await this.client.subscribeAsync([topics.commands(this.site), this.statusTopic], { qos: 1 });
      const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
      if (refused.length > 0) error = `broker refused subscription to ${refused.join(', ')}`;
    } catch (err) {
      error = `subscribe: ${(err as Error).message}`;
    }
    if (this.closing || !this.client.connected) return;
    this.setHealth({ connected: true, error });
    for (const [n, payload] of this.states) await this.publish(topics.state(this.site, n), payload);
  }

  private onMessage(topic: string, payload: Buffer, retained: boolean): void {
    if (topic === this.statusTopic) {
      // A stale connection of this bridge (or a connection the broker has just timed out) left its last will.
      if (payload.toString() === 'offline' && this.client.connected && !this.closing) void this.publish(this.statusTopic, 'online');
      return;
    }
    const ignore = (reason: MqttIgnored['reason'], detail: string, isError: boolean) => {
      if (isError) this.setHealth({ error: `ignored a message on ${topic}: ${detail}` });
      this.emit('ignored', { topic, reason, detail });
    };
    if (retained) return ignore('retained', 'a retained command is not a button press', true);
    const counterNumber = counterNumberOf(topic, this.site);
    const counterId = counterNumber === null ? undefined : this.counters.get(counterNumber);
    if (counterNumber === null || counterId === undefined) return ignore('unknown-counter', 'no such counter on this bridge', true);
    const parsed = parseMqttCommand(payload);
    if (!parsed.ok) return ignore('invalid', parsed.reason, true);
    const verdict = this.repeats.check(counterNumber, parsed.action, parsed.id, this.clock());
    if (verdict !== 'accepted') {
      return ignore(verdict, verdict === 'repeated-id' ? `id ${parsed.id} already seen` : `${parsed.action} repeated within the window`, false);
    }
    this.setHealth({ error: null });
    this.emit('command', { counterId, counterNumber, action: parsed.action, id: parsed.id });
  }

  private async publish(topic: string, payload: string): Promise<void> {
    try {
      await this.client.publishAsync(topic, payload, { qos: 1, retain: true });
    } catch (err) {
      if (!this.closing) this.setHealth({ error: `publish ${topic}: ${(err as Error).message}` });
    }
  }

  private setHealth(change: Partial<Pick<DeviceHealth, 'connected' | 'error'>>): void {
    const next = { ...this.current, ...change };
    const changed = next.connected !== this.current.connected || next.error !== this.current.error;
    this.current = next;
    if (changed) this.emit('health', this.health());
  }
}
