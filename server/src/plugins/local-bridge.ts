import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Devices plugged into the server's own machine (QMS_BRIDGE_CONFIG): the server runs the bridge agent
 * itself, as its own paired bridge ("Punte locală"), with the same drivers and configuration format as a
 * separate bridge, talking to itself over the loopback. Loaded only when configured, so a server without
 * hardware never loads the serial, HID or MQTT drivers.
 */
export default fp(
  async function localBridge(app: FastifyInstance, opts: { configFile: string }) {
    const { loadConfig, BridgeAgent, HidKeypad, HidScanner, openHid } = await import('@qms/firmware-bridge');
    const config = loadConfig(opts.configFile);
    let agent: InstanceType<typeof BridgeAgent> | null = null;
    app.addHook('onListen', async () => {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 8080;
      const token = app.localToken('bridge');
      if (!token) {
        app.log.warn('QMS_BRIDGE_CONFIG is set but the local bridge was revoked: its devices are not driven');
        return;
      }
      agent = new BridgeAgent(
        { ...config, server: { url: `http://127.0.0.1:${port}`, token } },
        {
          log: (msg, detail) => app.log.info(detail ?? {}, `bridge: ${msg}`),
          keypad: (entry, onAction) => {
            const keypad = new HidKeypad({ open: () => openHid({ vendorId: entry.vendorId, productId: entry.productId, path: entry.path }), keymap: entry.keys });
            keypad.on('action', (e: { action: Parameters<typeof onAction>[0] }) => onAction(e.action));
            void keypad.start();
            return { health: () => keypad.health(), close: () => keypad.stop() };
          },
          scanner: (entry, onCode) => {
            const scanner = new HidScanner({ open: () => openHid({ vendorId: entry.vendorId, productId: entry.productId, path: entry.path }) });
            scanner.on('code', onCode);
            void scanner.start();
            return { health: () => scanner.health(), close: () => scanner.stop() };
          },
        },
      );
      agent.start();
      app.log.info({ name: config.name }, 'the local bridge drives the devices of this machine');
    });
    app.addHook('preClose', async () => {
      await agent?.close();
    });
  },
  { name: 'local-bridge', dependencies: ['devices'] },
);
