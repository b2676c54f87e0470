// Bundles the server and the shared core into dist/server.mjs; npm packages stay external and load from
// node_modules. Running plain JavaScript in production keeps the TypeScript loader out of the appliance's
// memory and start-up time.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../src/server.ts', import.meta.url).pathname],
  outfile: new URL('../dist/server.mjs', import.meta.url).pathname,
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
