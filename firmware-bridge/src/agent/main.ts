/**
 * The bridge agent: `npm run bridge -- --config bridge.json`. Runs on the machine the counter displays,
 * keypads and the wireless-button broker are reachable from, as a device paired with the server.
 */
import { HidKeypad, HidScanner, openHid } from '../hid/index';
import { BridgeAgent } from './agent';
import { ConfigError, loadConfig } from './config';

const at = process.argv.indexOf('--config');
const file = at >= 0 ? process.argv[at + 1] : undefined;
if (!file) {
  console.error('usage: npm run bridge -- --config <file.json>   (the format is in the README, "Firmware bridge")');
  process.exit(2);
}

let config;
try {
  config = loadConfig(file);
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : String(e));
  process.exit(2);
}

const log = (message: string, detail: Record<string, unknown> = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), msg: message, ...detail }));
const agent = new BridgeAgent(config, {
  log,
  keypad: (entry, onAction) => {
    const keypad = new HidKeypad({ open: () => openHid({ vendorId: entry.vendorId, productId: entry.productId, path: entry.path }), keymap: entry.keys });
    keypad.on('action', (e) => onAction(e.action));
    void keypad.start();
    return { health: () => keypad.health(), close: () => keypad.stop() };
  },
  scanner: (entry, onCode) => {
    const scanner = new HidScanner({ open: () => openHid({ vendorId: entry.vendorId, productId: entry.productId, path: entry.path }) });
    scanner.on('code', onCode);
    void scanner.start();
    return { health: () => scanner.health(), close: () => scanner.stop() };
  },
});
agent.link.on('health', (h) => log('server link', { connected: h.connected, error: h.error }));
agent.start();
log('bridge started', { name: config.name, server: config.server?.url });

const stop = async (signal: string) => {
  log(`${signal}: closing`);
  await agent.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
