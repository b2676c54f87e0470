import { envSchema } from 'env-schema';
import { resolve } from 'node:path';

export interface Config {
  PORT: number;
  HOST: string;
  DATA_DIR: string;
  LOG_LEVEL: string;
  /** `user:password` of an administrator created (or whose password is reset) at boot, for automated installs. */
  QMS_ADMIN?: string;
  /** Seconds between heartbeats on the WebSocket. */
  WS_HEARTBEAT_SECONDS: number;
  /** The printer of the server machine's own kiosk when it has none set: tcp://host:9100, /dev/usb/lp0, lp:<queue>. */
  QMS_PRINTER?: string;
  /** The address phones open from a ticket's QR code, e.g. http://192.168.1.10:8080 or https://coada.primarie.ro. */
  QMS_PUBLIC_URL?: string;
  /** Simulation mode: the server's clock is set through the API (scripts/simulate-day.ts). Never in an office. */
  QMS_SIMULATION: boolean;
  /** A bridge configuration for devices plugged into this machine; the server then drives them itself. */
  QMS_BRIDGE_CONFIG?: string;
  /** How many daily backups are kept in DATA_DIR/backups. */
  QMS_BACKUP_KEEP: number;
}

const schema = {
  type: 'object',
  required: [],
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    HOST: { type: 'string', minLength: 1, default: '0.0.0.0' },
    DATA_DIR: { type: 'string', minLength: 1, default: './data' },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    QMS_ADMIN: { type: 'string', pattern: '^[A-Za-z0-9._-]{3,40}:.{8,200}$' },
    WS_HEARTBEAT_SECONDS: { type: 'number', exclusiveMinimum: 0, maximum: 300, default: 5 },
    QMS_PRINTER: { type: 'string', minLength: 1, maxLength: 200 },
    QMS_SIMULATION: { type: 'boolean', default: false },
    QMS_BRIDGE_CONFIG: { type: 'string', minLength: 1 },
    QMS_BACKUP_KEEP: { type: 'integer', minimum: 1, maximum: 365, default: 14 },
    QMS_PUBLIC_URL: { type: 'string', pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' },
  },
} as const;

/** Reads and checks the environment; a wrong value stops the boot with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = envSchema<Config>({ schema, data: env, dotenv: false });
  return { ...config, DATA_DIR: resolve(config.DATA_DIR) };
}
