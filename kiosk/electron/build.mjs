// Bundles the shell's main process and preload into electron/dist (CommonJS, electron left external) and copies
// the shell's own pages next to them. Run from anywhere: `node kiosk/electron/build.mjs [output folder]`.
import { cpSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = process.argv[2] ? resolve(process.argv[2]) : `${here}dist`;
const { build } = await import('esbuild');

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: { main: `${here}main.ts`, preload: `${here}preload.ts` },
  outdir: dist,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  logLevel: 'warning',
});
cpSync(`${here}pages`, `${dist}/pages`, { recursive: true });
console.log(`kiosk shell built in ${dist}`);
