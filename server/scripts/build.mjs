// Bundles the server and the shared core into dist/server.mjs; npm packages stay external and load from
// node_modules. Running plain JavaScript in production keeps the TypeScript loader out of the appliance's
// memory and start-up time.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../src/server.ts', import.meta.url).pathname],
  outdir: new URL('../dist/', import.meta.url).pathname,
  outExtension: { '.js': '.mjs' },
  // Code only some servers use (the drivers of a local bridge) goes into its own chunk, loaded on demand,
  // so its npm packages (serialport, node-hid, mqtt) are not loaded by a server that does not need them.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@qms/') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
