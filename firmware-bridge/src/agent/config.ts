import { readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { counterActions } from '../actions';

const strict = { additionalProperties: false } as const;
const CounterId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Action = Type.Enum([...counterActions]);

/**
 * The bridge's configuration file (JSON): where the server is and the bridge's device token, and which
 * device works for which counter. Documented in the README with an example.
 */
export const BridgeConfig = Type.Object(
  {
    /** Left out when the server itself runs the bridge (QMS_BRIDGE_CONFIG): it then uses its own address and token. */
    server: Type.Optional(Type.Object({ url: Type.String({ pattern: '^https?://' }), token: Type.String({ pattern: '^qmsd_' }) }, strict)),
    /** A name for this bridge, shown in health reports and MQTT topics. */
    name: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
    serialPorts: Type.Optional(
      Type.Array(Type.Object({ id: Type.String({ minLength: 1 }), path: Type.String({ minLength: 1 }), baudRate: Type.Optional(Type.Integer({ minimum: 1200, maximum: 115200 })) }, strict)),
    ),
    displays: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Object({ counter: CounterId, port: Type.String(), protocol: Type.Literal('modbus'), unitId: Type.Integer({ minimum: 1, maximum: 247 }), register: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })) }, strict),
          Type.Object({ counter: CounterId, port: Type.String(), protocol: Type.Literal('ascii'), address: Type.Integer({ minimum: 0, maximum: 99 }), width: Type.Optional(Type.Integer({ minimum: 2, maximum: 16 })) }, strict),
        ]),
      ),
    ),
    keypads: Type.Optional(
      Type.Array(
        Type.Object(
          {
            counter: CounterId,
            vendorId: Type.Integer({ minimum: 0, maximum: 65535 }),
            productId: Type.Integer({ minimum: 0, maximum: 65535 }),
            path: Type.Optional(Type.String()),
            keys: Type.Record(Type.String({ minLength: 1, maxLength: 20 }), Action),
          },
          strict,
        ),
      ),
    ),
    /** HID-mode barcode scanners standing at kiosks: each code goes to that kiosk's check-in. */
    scanners: Type.Optional(
      Type.Array(
        Type.Object(
          {
            kiosk: Type.String({ minLength: 1, maxLength: 64, description: "the kiosk's device id (Dispozitive)" }),
            vendorId: Type.Integer({ minimum: 0, maximum: 65535 }),
            productId: Type.Integer({ minimum: 0, maximum: 65535 }),
            path: Type.Optional(Type.String()),
          },
          strict,
        ),
      ),
    ),
    mqtt: Type.Optional(
      Type.Object(
        {
          url: Type.String({ pattern: '^mqtts?://' }),
          site: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
          username: Type.Optional(Type.String()),
          password: Type.Optional(Type.String()),
          /** Counter number in the topic -> counter id. */
          counters: Type.Record(Type.String({ pattern: '^[0-9]{1,3}$' }), CounterId),
        },
        strict,
      ),
    ),
    /** How long a press waits for a server that is down before it is dropped; default 30. */
    pressTtlSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
  },
  strict,
);
export type BridgeConfig = Static<typeof BridgeConfig>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and checks a configuration; every problem is named with its place in the file. */
export function parseConfig(text: string, file = 'the configuration'): BridgeConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Value.Check(BridgeConfig, data)) {
    const problems = [...Value.Errors(BridgeConfig, data)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new ConfigError(`${file} is not valid: ${problems.join('; ')}`);
  }
  const ports = new Set((data.serialPorts ?? []).map((p) => p.id));
  for (const d of data.displays ?? []) {
    if (!ports.has(d.port)) throw new ConfigError(`${file}: the display of ${d.counter} names serial port '${d.port}', which serialPorts does not list`);
  }
  return data;
}

export function loadConfig(path: string): BridgeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseConfig(text, path);
}

/** Every counter some device of this bridge works for. */
export function countersOf(c: BridgeConfig): string[] {
  return [...new Set([...(c.displays ?? []).map((d) => d.counter), ...(c.keypads ?? []).map((k) => k.counter), ...Object.values(c.mqtt?.counters ?? {})])];
}
