/**
 * The hall display's memory over many calls: `npm run bench:display-memory -- [--calls 10000] [--every 500] [--voice]`
 * (tsx scripts/display-memory.ts).
 *
 * The built server (as `npm start` runs it) in a fresh temp data folder, and the hall display page
 * (/display/) in Debian's Chromium, 1920x1080, paired as the server machine's own display (it pairs
 * itself). Then `--calls` calls, driven through the API as fast as the display shows them: a ticket is
 * taken, the next counter in turn (of the demo office's eight) calls it, and the next call is made only
 * once the board shows that ticket as the latest call. Numbers run up to 9,999 a day, so 10,000 calls fit
 * in one office day.
 *
 * Announcements are off: the display's quiet hours cover the whole day, so every call shows (and flashes)
 * but nothing is said; calls come far faster than a voice could say them. `--voice` keeps the display's
 * default announcements on (chime, Romanian and English) to see what a backlog of them costs.
 *
 * Every `--every` calls (and at the start) the page's garbage is collected (CDP HeapProfiler.collectGarbage)
 * and its JS heap (Performance.getMetrics JSHeapUsedSize), DOM nodes, event listeners and documents are
 * read, with the VmRSS of the page's renderer process (from SystemInfo.getProcessInfo and /proc).
 * Reports start, end, max and the least-squares slope per 1,000 calls, and writes
 * artifacts/display-memory.json. Exits 1 when a call fails or the board does not show it within 10 s.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { Client } from '../server/test/helper';
import { AUTOPLAY, CHROMIUM_ARGS, ensureBuilt, newPage } from './test-support/browser';
import { load, machine, rssMiB, seedOffice, startServer, stopServer, type RunningServer } from './lib/appliance';
import { Latencies, r2, series } from './lib/stats';

const { values: argv } = parseArgs({
  options: { calls: { type: 'string', default: '10000' }, every: { type: 'string', default: '500' }, voice: { type: 'boolean', default: false } },
});
const CALLS = Number(argv.calls);
const EVERY = Number(argv.every);
const VOICE = argv.voice;
const SHOW_TIMEOUT_MS = 10_000;
const MiB = 1024 * 1024;

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

function log(msg: string): void {
  process.stderr.write(`[display-memory ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

interface Sample {
  calls: number;
  seconds: number;
  jsHeapUsedMiB: number;
  jsHeapTotalMiB: number;
  rendererRssMiB: number;
  domNodes: number;
  eventListeners: number;
  documents: number;
  layoutObjects: number;
  /** Voice clips the page has started (its test record, window.__qmsAnnounced). */
  clipsHeard: number;
  serverRssMiB: number;
}

/** What the page's own scripts see, as far as this file uses it (the scripts are type-checked without the DOM). */
interface PageGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

/**
 * The renderer processes that can hold a page, with the CPU seconds each has used (Chromium's own
 * browser-UI renderer, --top-chrome-webui, is left out).
 */
async function renderers(browser: Browser): Promise<{ pid: number; cpuTime: number }[]> {
  const session = await browser.newBrowserCDPSession();
  try {
    const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] };
    return info.processInfo
      .filter((p) => p.type === 'renderer')
      .filter((p) => {
        try {
          return !readFileSync(`/proc/${p.id}/cmdline`, 'utf8').split('\0').includes('--top-chrome-webui');
        } catch {
          return false;
        }
      })
      .map((p) => ({ pid: p.id, cpuTime: p.cpuTime }));
  } finally {
    await session.detach();
  }
}

/** The page's renderer: of those that can hold a page, the one that has worked most (a spare one has done nothing). */
async function pageRenderer(browser: Browser): Promise<number> {
  const list = await renderers(browser);
  if (list.length === 0) throw new Error('no renderer process found');
  return list.reduce((a, b) => (b.cpuTime > a.cpuTime ? b : a)).pid;
}

async function measure(page: Page, cdp: CDPSession, rendererPid: number, server: RunningServer, calls: number, t0: number): Promise<Sample> {
  // Twice: objects freed by the first collection's finalizers go in the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const clipsHeard = await page.evaluate(() => (globalThis as unknown as { __qmsAnnounced?: unknown[] }).__qmsAnnounced?.length ?? 0);
  return {
    calls,
    seconds: r2((performance.now() - t0) / 1000),
    jsHeapUsedMiB: r2((m.JSHeapUsedSize ?? NaN) / MiB),
    jsHeapTotalMiB: r2((m.JSHeapTotalSize ?? NaN) / MiB),
    rendererRssMiB: r2(rssMiB(rendererPid)),
    domNodes: m.Nodes ?? NaN,
    eventListeners: m.JSEventListeners ?? NaN,
    documents: m.Documents ?? NaN,
    layoutObjects: m.LayoutObjects ?? NaN,
    clipsHeard,
    serverRssMiB: r2(rssMiB(server.pid)),
  };
}

async function main(): Promise<void> {
  const loadBefore = load();
  const info = machine();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'qms-display-memory-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let failed = '';
  log(`${CALLS} calls, measured every ${EVERY}; voice ${VOICE ? 'on' : 'off (quiet hours all day)'}; load before: ${loadBefore.uptime}`);
  try {
    await ensureBuilt('display');
    // A first start creates the database and the demo office; its numbering is widened for the run.
    await stopServer((await startServer(dataDir)).child);
    const office = seedOffice(dataDir, { counters: 8, kiosks: 0, displays: 0, numberEnd: 9999 });
    server = await startServer(dataDir);
    const staff = await new Client(server.url).login();

    // The server machine's own display, as the page will pair itself; its announcements set first.
    const local = await new Client(server.url).post('/api/devices/local-display');
    if (local.status !== 200) throw new Error(`no local display: ${JSON.stringify(local.body)}`);
    const announce = VOICE ? {} : { quietHours: [{ from: '00:00', to: '24:00' }] };
    const set = await staff.patch(`/api/devices/${local.body.device.id}`, { settings: { announce } });
    if (set.status !== 200) throw new Error(`display settings: ${JSON.stringify(set.body)}`);

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, AUTOPLAY] });
    const { context, page } = await newPage(browser, { viewport: { width: 1920, height: 1080 }, baseURL: server.url, locale: 'ro-RO', timezoneId: 'Europe/Bucharest' });
    page.on('pageerror', (e) => (failed ||= `page error: ${e.message}`));
    await page.goto('/display/');
    await page.getByTestId('board').waitFor({ timeout: 20_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const rendererPid = await pageRenderer(browser);
    log(`renderer of the page: pid ${rendererPid}`);

    const shown = new Latencies();
    const samples: Sample[] = [];
    const t0 = performance.now();
    samples.push(await measure(page, cdp, rendererPid, server, 0, t0));
    log(`start: heap ${samples[0]!.jsHeapUsedMiB} MiB, renderer ${samples[0]!.rendererRssMiB} MiB, ${samples[0]!.domNodes} DOM nodes`);
    for (let i = 1; i <= CALLS; i++) {
      const counter = office.counters[(i - 1) % office.counters.length]!;
      const issued = await staff.post('/api/tickets', { serviceId: counter.services[0] });
      if (issued.status !== 201) throw new Error(`call ${i}: issue ${issued.status} ${JSON.stringify(issued.body)}`);
      const called = await staff.post(`/api/counters/${counter.id}/call-next`, {});
      if (called.status !== 200) throw new Error(`call ${i}: call-next ${called.status} ${JSON.stringify(called.body)}`);
      const code = called.body.ticket.code as string;
      const c0 = performance.now();
      await page.waitForFunction(
        (want) => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="latest-code"]')?.textContent?.trim() === want,
        code,
        { polling: 'raf', timeout: SHOW_TIMEOUT_MS },
      );
      shown.record('call shown', performance.now() - c0);
      if (failed) throw new Error(failed);
      if (i % EVERY === 0) {
        const s = await measure(page, cdp, rendererPid, server, i, t0);
        samples.push(s);
        log(`${i} calls: heap ${s.jsHeapUsedMiB} MiB, renderer ${s.rendererRssMiB} MiB, ${s.domNodes} DOM nodes, ${s.eventListeners} listeners, server ${s.serverRssMiB} MiB`);
      }
    }

    const per1000 = (key: keyof Sample, from = 0) => {
      const pts = samples.filter((s) => s.calls >= from).map((s) => ({ x: s.calls / 1000, y: s[key] as number }));
      return series(pts);
    };
    const warm = Math.min(1000, CALLS / 2);
    const report = {
      what: 'Hall display page memory over many calls, in Chromium',
      machine: info,
      machineLoad: { before: loadBefore, after: load() },
      chromium: browser.version(),
      rendererPid,
      calls: CALLS,
      measuredEvery: EVERY,
      announcements: VOICE ? 'on: the display defaults (chime, Romanian, English), calls faster than they can be said' : 'off: quiet hours 00:00-24:00 (calls show and flash, nothing is said)',
      seconds: r2((performance.now() - t0) / 1000),
      callShownMs: shown.summary()['call shown'],
      jsHeapUsedMiB: { ...per1000('jsHeapUsedMiB'), slopePer1000CallsAfterWarmUp: per1000('jsHeapUsedMiB', warm).slope },
      rendererRssMiB: { ...per1000('rendererRssMiB'), slopePer1000CallsAfterWarmUp: per1000('rendererRssMiB', warm).slope },
      domNodes: { ...per1000('domNodes'), slopePer1000CallsAfterWarmUp: per1000('domNodes', warm).slope },
      eventListeners: per1000('eventListeners'),
      serverRssMiB: per1000('serverRssMiB'),
      samples,
      notes: [
        'Slopes are least-squares lines over the samples, per 1,000 calls; "after warm-up" leaves out the samples before 1,000 calls.',
        'The JS heap is read after two forced garbage collections; the renderer RSS is VmRSS of the page\'s renderer process (MiB = 1024 * 1024 bytes).',
        'callShownMs: from the call-next answer to the board showing the ticket as the latest call (polled every animation frame).',
      ],
    };
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'display-memory.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(JSON.stringify({ ...report, samples: undefined }, null, 2));
    log(
      `JS heap ${report.jsHeapUsedMiB.start} -> ${report.jsHeapUsedMiB.end} MiB (max ${report.jsHeapUsedMiB.max}, after warm-up ${report.jsHeapUsedMiB.slopePer1000CallsAfterWarmUp} MiB/1000 calls); ` +
        `renderer RSS ${report.rendererRssMiB.start} -> ${report.rendererRssMiB.end} MiB (max ${report.rendererRssMiB.max}, after warm-up ${report.rendererRssMiB.slopePer1000CallsAfterWarmUp} MiB/1000 calls); ` +
        `DOM nodes ${report.domNodes.start} -> ${report.domNodes.end}`,
    );
    log(`load after: ${report.machineLoad.after.uptime}`);
    log(`JSON: ${join(artifacts, 'display-memory.json')}`);
  } catch (e) {
    failed = (e as Error).stack ?? String(e);
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopServer(server.child).catch(() => undefined);
    if (process.env.BENCH_KEEP === '1') log(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) {
    log(`failed: ${failed}`);
    if (server) log(`server stderr: ${server.stderrTail()}`);
    process.exit(1);
  }
  process.exit(0);
}

void main();
