#!/usr/bin/env node
// `npm test`: makes sure the system tools the tests drive are installed, type-checks every package, runs
// every test of every package with tap, and ends with one plain line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'tap-parser';
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
// Each test file's own TAP output is kept in .tap/test-results; those files, not the runner's closing line, are
// what is counted, so a runner that dies after the last file still leaves a true count, and a file that never
// reported (or stopped half-way) counts as failed.
const args = process.argv.slice(2);
const results = join(root, '.tap/test-results');
rmSync(results, { recursive: true, force: true });
const tapBin = join(root, 'node_modules/.bin/tap');
const listed = spawnSync(tapBin, ['list', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const files = listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
if (listed.status !== 0 || files.length === 0) {
  console.log('tap found no test files');
  failed++;
}
const tap = spawnSync(tapBin, ['--reporter=terse', ...args], { cwd: root, stdio: 'inherit' });

const fileTally = (text) => {
  const tally = { pass: 0, fail: 0, skip: 0, todo: 0, ok: false };
  // A subtest's closing point stands for its own assertions; one with none counts as one, as tap counts it.
  const watch = (parser) => {
    const own = { points: 0 };
    const open = [];
    parser.on('child', (child) => open.push(watch(child)));
    parser.on('assert', (point) => {
      own.points++;
      const child = open.shift();
      if (child && child.points > 0) return;
      if (point.todo) tally.todo++;
      else if (point.skip) tally.skip++;
      else if (point.ok) tally.pass++;
      else tally.fail++;
    });
    return own;
  };
  const parser = new Parser((final) => (tally.ok = final.ok && final.plan.end !== null));
  watch(parser);
  parser.end(text);
  return tally;
};

const unfinished = [];
let skipped = 0;
for (const file of files) {
  const path = join(results, `${file}.tap`);
  const tally = existsSync(path) ? fileTally(readFileSync(path, 'utf8')) : null;
  if (!tally) {
    unfinished.push(`${file} (no result)`);
    failed++;
    continue;
  }
  passed += tally.pass;
  failed += tally.fail;
  skipped += tally.skip + tally.todo;
  if (!tally.ok && tally.fail === 0) {
    unfinished.push(`${file} (stopped before its end)`);
    failed++;
  }
}
if (unfinished.length > 0) console.log(`Test files that did not finish:\n  ${unfinished.join('\n  ')}`);
if (tap.signal) {
  // Killed from outside: what every file reported above still stands, and a file it cut short counts as failed.
  console.log(`tap itself was ended by ${tap.signal}; the counts below are the test files' own results`);
} else if (tap.status !== 0 && failed === 0) {
  // tap judged a file failed that reported no failed assertion (a crash after its last test, say).
  console.log(`tap ended with exit code ${tap.status} although every file's assertions passed`);
  failed++;
}
if (skipped > 0) console.log(`${skipped} skipped or todo`);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
