import { randomBytes } from 'node:crypto';
import type { CounterAction, DeviceHealth } from '../actions';
import { AsciiLedDisplay, ModbusLedDisplay, SerialLink, type CounterDisplay } from '../display/index';
import { MqttBridge } from '../mqtt/index';
import type { BridgeConfig } from './config';
import { countersOf } from './config';
import { ServerLink, type CounterView } from './server-link';

/** Something that turns presses into counter actions: a keypad, a wireless-button broker. */
export interface PressSource {
  health(): DeviceHealth;
  close(): Promise<void>;
}

export interface AgentParts {
  /** Builds a keypad for a config entry; the HID driver by default (tests give a fake device). */
  keypad?: (entry: NonNullable<BridgeConfig['keypads']>[number], onAction: (action: CounterAction) => void) => PressSource;
  /** Builds a HID-mode scanner for a config entry; codes go to `onCode`. */
  scanner?: (entry: NonNullable<BridgeConfig['scanners']>[number], onCode: (code: string) => void) => PressSource;
  log?: (message: string, detail?: Record<string, unknown>) => void;
  healthEveryMs?: number;
}

/**
 * The bridge on the machine the devices are plugged into: it shows each counter's state on its LED display
 * and its MQTT topic, turns keypad and button presses into counter actions on the server, and reports the
 * health of everything to the server every few seconds.
 */
export class BridgeAgent {
  readonly link: ServerLink;
  private readonly links = new Map<string, SerialLink>();
  private readonly displays: { counter: string; display: CounterDisplay }[] = [];
  private readonly sources: PressSource[] = [];
  private mqtt: MqttBridge | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private readonly boot = randomBytes(4).toString('hex');
  private presses = 0;
  private lastDropped: string | null = null;

  private readonly server: { url: string; token: string };

  constructor(
    private readonly config: BridgeConfig,
    private readonly parts: AgentParts = {},
  ) {
    if (!config.server) throw new Error('the bridge configuration names no server (server.url and server.token)');
    this.server = config.server;
    this.link = new ServerLink({ url: config.server.url, token: config.server.token, counters: countersOf(config), pressTtlMs: (config.pressTtlSeconds ?? 30) * 1000 });
  }

  start(): void {
    const c = this.config;
    for (const p of c.serialPorts ?? []) this.links.set(p.id, new SerialLink({ path: p.path, baudRate: p.baudRate, name: p.id }));
    for (const d of c.displays ?? []) {
      const link = this.links.get(d.port)!;
      const display =
        d.protocol === 'modbus'
          ? new ModbusLedDisplay({ link, unitId: d.unitId, register: d.register, name: `afisaj ${d.counter}` })
          : new AsciiLedDisplay({ link, address: d.address, width: d.width, name: `afisaj ${d.counter}` });
      this.displays.push({ counter: d.counter, display });
    }
    if (c.mqtt) {
      const counters = Object.fromEntries(Object.entries(c.mqtt.counters).map(([n, id]) => [Number(n), id]));
      this.mqtt = new MqttBridge({ url: c.mqtt.url, site: c.mqtt.site, name: c.name, counters, username: c.mqtt.username, password: c.mqtt.password });
      this.mqtt.on('command', (cmd: { counterId: string; action: CounterAction; id: string | number }) => void this.press(cmd.counterId, cmd.action, `mqtt-${cmd.counterId}-${cmd.id}`));
    }
    for (const k of c.keypads ?? []) {
      if (!this.parts.keypad) continue;
      this.sources.push(this.parts.keypad(k, (action) => void this.press(k.counter, action, `key-${this.boot}-${++this.presses}`)));
    }
    for (const sc of c.scanners ?? []) {
      if (!this.parts.scanner) continue;
      this.sources.push(this.parts.scanner(sc, (code) => void this.scan(sc.kiosk, code)));
    }
    this.link.on('state', (counterId: string, view: CounterView) => this.show(counterId, view));
    this.link.on('health', () => void this.reportHealth());
    this.link.start();
    this.healthTimer = setInterval(() => void this.reportHealth(), this.parts.healthEveryMs ?? 15_000);
    this.healthTimer.unref();
  }

  /** Every device's health, as sent to the server. */
  health(): DeviceHealth[] {
    const list = [this.link.health(), ...[...this.links.values()].map((l) => l.health()), ...this.displays.map((d) => d.display.health()), ...this.sources.map((s) => s.health())];
    if (this.mqtt) list.push(this.mqtt.health());
    if (this.lastDropped) list[0] = { ...list[0]!, error: this.lastDropped };
    return list;
  }

  async close(): Promise<void> {
    if (this.healthTimer) clearInterval(this.healthTimer);
    await this.link.close();
    await Promise.all([...this.displays.map((d) => d.display.close()), ...this.sources.map((s) => s.close()), this.mqtt?.close()]);
    await Promise.all([...this.links.values()].map((l) => l.close()));
  }

  private show(counterId: string, view: CounterView): void {
    for (const d of this.displays) if (d.counter === counterId) void d.display.show(view);
    const n = Object.entries(this.config.mqtt?.counters ?? {}).find(([, id]) => id === counterId)?.[0];
    if (this.mqtt && n) void this.mqtt.publishState(Number(n), view).catch(() => undefined);
  }

  private async press(counterId: string, action: CounterAction, id: string): Promise<void> {
    const outcome = await this.link.press({ counterId, action, id, at: Date.now() });
    if (outcome.ok) return;
    this.parts.log?.('press refused', { counterId, action, code: outcome.code });
    // A press the server never got is a fault managers should see; a refusal (nobody waiting) is not.
    if (outcome.code === 'BRIDGE_SERVER_UNREACHABLE') {
      this.lastDropped = `a ${action} press at ${counterId} was dropped: ${outcome.message}`;
      void this.reportHealth();
      // The clerk sees it on the counter's display: 'Err' for a few seconds, then the counter as it is.
      for (const d of this.displays) if (d.counter === counterId) void d.display.show({ code: 'Err', counterState: 'open' });
      setTimeout(() => {
        const view = this.link.view(counterId);
        if (view) this.show(counterId, view);
      }, 4000).unref();
    }
  }

  /** A booking reference read at a kiosk goes to that kiosk's page, which checks the citizen in. */
  private async scan(kioskId: string, code: string): Promise<void> {
    try {
      const res = await fetch(`${this.server.url}/api/devices/${kioskId}/scan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) this.parts.log?.('scan refused', { kiosk: kioskId, status: res.status });
    } catch {
      this.parts.log?.('scan not delivered: the server did not answer', { kiosk: kioskId });
    }
  }

  private async reportHealth(): Promise<void> {
    try {
      await fetch(`${this.server.url}/api/devices/me/health`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ components: this.health().map((h) => ({ ...h, error: h.error?.slice(0, 300) ?? null })) }),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      // The server is away; the next report goes when it is back.
    }
  }
}
