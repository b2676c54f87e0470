#!/usr/bin/env node
// `npm test`: makes sure the system tools the tests drive are installed, type-checks every package, runs
// every test of every package with tap, and ends with one plain line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { systemTools } from './system-tools.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const has = (tool) => (tool.path ? existsSync(tool.path) : spawnSync('sh', ['-c', `command -v ${tool.command}`]).status === 0);

const missing = systemTools.filter((t) => !has(t));
if (missing.length > 0) {
  const pkgs = [...new Set(missing.map((t) => t.pkg))];
  if (process.getuid?.() === 0) {
    console.log(`Installing test tools: ${pkgs.join(' ')}`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const still = missing.filter((t) => !has(t));
  if (still.length > 0) {
    console.log(`Missing system package needed by the tests: ${[...new Set(still.map((t) => t.pkg))].join(' ')} (install it with apt-get as root)`);
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;

console.log('== typecheck');
const tsc = run('npm', ['run', '--silent', 'typecheck']);
if (tsc.status === 0) passed++;
else failed++;

// Browser tests drive the screens as the server serves them: built.
console.log('== build');
const build = run('npm', ['run', '--silent', 'build']);
if (build.status === 0) passed++;
else failed++;

console.log('== tests');
const tap = spawnSync('npx', ['tap', '--reporter=terse', ...process.argv.slice(2)], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
process.stdout.write(tap.stdout ?? '');
const summary = [...(tap.stdout ?? '').matchAll(/^# \{ total: (\d+)(?:, pass: (\d+))?(?:, fail: (\d+))?/gm)].at(-1);
if (summary) {
  passed += Number(summary[2] ?? 0);
  failed += Number(summary[3] ?? 0);
}
if (tap.status !== 0 && !(Number(summary?.[3] ?? 0) > 0)) failed++; // a crash or a timeout with no failed assertion still fails

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
