/**
 * The shell's build (electron/build.mjs) and its packaging (electron-builder.yml). Electron itself cannot be
 * downloaded here, so packaging runs with a stand-in Electron binary: enough for electron-builder to lay out the
 * app, write app.asar and set the fuses, which is what the configuration decides.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const kiosk = join(root, 'kiosk');
const dist = join(kiosk, 'electron/dist');
const require = createRequire(join(root, 'package.json'));

execFileSync(process.execPath, [join(kiosk, 'electron/build.mjs')], { stdio: 'pipe' });

interface BuilderConfig {
  appId: string;
  productName: string;
  electronVersion: string;
  directories: { output: string };
  beforeBuild: string;
  linux: { target: string[]; category: string; executableName: string };
  win: { target: Array<{ target: string; arch: string[] }> };
  nsis: { oneClick: boolean; perMachine: boolean };
}
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

const requires = (file: string): string[] => [...readFileSync(join(dist, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);

t.test('the build writes the main process, the preload and the pages', async (t) => {
  for (const file of ['main.cjs', 'preload.cjs', 'pages/offline.html', 'pages/offline.js', 'pages/settings.html', 'pages/settings.js', 'pages/shell.css']) {
    t.ok(existsSync(join(dist, file)), file);
  }
  const main = (JSON.parse(readFileSync(join(kiosk, 'package.json'), 'utf8')) as { main: string }).main;
  t.ok(existsSync(join(kiosk, main)), `package.json's main (${main}) is built`);
  t.same(requires('preload.cjs'), ['electron'], 'the sandboxed preload needs nothing but electron');
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  t.same(
    requires('main.cjs').filter((m) => m !== 'electron' && !builtins.has(m)),
    [],
    'the main process needs no package beside electron (the app ships without node_modules)',
  );
});

t.test('electron-builder.yml: Linux AppImage and deb, a Windows installer for the whole machine', async (t) => {
  t.equal(config.productName, 'QMS Chioșc');
  t.match(config.appId, /^[a-z]+(\.[a-z0-9-]+)+$/);
  t.same([...config.linux.target].sort(), ['AppImage', 'deb']);
  t.equal(config.linux.category, 'Office');
  t.same(config.win.target.map((x) => x.target), ['nsis']);
  t.match(config.nsis, { oneClick: false, perMachine: true });
  t.equal(config.electronVersion, (require('electron/package.json') as { version: string }).version, 'the installed electron version');
  const output = resolve(kiosk, config.directories.output);
  t.equal(relative(root, output), join('dist', 'kiosk-packages'), 'packages land in dist/kiosk-packages at the root (git-ignored)');
  const beforeBuild = (await import(resolve(kiosk, config.beforeBuild))) as { default: () => Promise<boolean> };
  t.equal(await beforeBuild.default(), false, 'electron-builder is told not to install dependencies into the app');

  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as typeof import('app-builder-lib/out/util/config/config');
  const loaded = await getConfig(kiosk, '../electron-builder.yml', null);
  await t.resolves(validateConfiguration(loaded, { isEnabled: false, add() {} } as never), 'matches electron-builder\'s schema');
});

t.test('packaging with a stand-in Electron: app.asar holds the built shell only, and the fuses are set', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'kiosk-package-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const electronDist = join(work, 'electron');
  mkdirSync(electronDist);
  // A file with Electron's fuse wire (version 1, eight fuses, all enabled) where the binary would be.
  const { SENTINEL } = require('@electron/fuses/dist/constants') as { SENTINEL: string };
  writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('11111111')]), { mode: 0o755 });
  const out = join(work, 'out');
  execFileSync(
    process.execPath,
    [require.resolve('electron-builder/cli.js'), '--config', '../electron-builder.yml', '--projectDir', '.', '--linux', 'dir', '--publish', 'never',
      `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`],
    { cwd: kiosk, stdio: 'pipe' },
  );
  const app = join(out, 'linux-unpacked');
  t.ok(existsSync(join(app, 'qms-kiosk')), 'the executable is qms-kiosk');
  const asar = require('@electron/asar') as { listPackage(file: string, options: object): string[] };
  const files = asar.listPackage(join(app, 'resources/app.asar'), {}).map((f) => f.replaceAll('\\', '/'));
  t.same(
    files.filter((f) => !['/electron', '/electron/dist', '/electron/dist/pages'].includes(f)).sort(),
    ['/electron/dist/main.cjs', '/electron/dist/pages/offline.html', '/electron/dist/pages/offline.js', '/electron/dist/pages/settings.html',
      '/electron/dist/pages/settings.js', '/electron/dist/pages/shell.css', '/electron/dist/preload.cjs', '/package.json'],
    'package.json and electron/dist, no sources and no node_modules',
  );
  const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as typeof import('@electron/fuses');
  const wire = (await getCurrentFuseWire(join(app, 'qms-kiosk'))) as unknown as Record<number, number>;
  const off = 48;
  t.equal(wire[FuseV1Options.RunAsNode], off, 'the binary cannot be run as plain Node');
  t.equal(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], off, 'NODE_OPTIONS is ignored');
  t.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], off, 'no --inspect');
  t.not(wire[FuseV1Options.OnlyLoadAppFromAsar], off, 'only app.asar is loaded');
});
