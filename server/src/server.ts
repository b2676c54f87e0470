import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { loadConfig, type Config } from './config';
import { auditRestored, keptName, swapBack, swapIn, type RestoreJob } from './features/backups/restore';
import { SimulatedClock } from './features/simulation/simulation.routes';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`Configuration error: ${(error as Error).message}`);
  process.exit(1);
}
const simulation = config.QMS_SIMULATION ? new SimulatedClock(Date.now()) : undefined;
/** Requests still running this long after a restart began (a download, say) are cut off. */
const CLOSE_GRACE_MS = 3000;

let app: FastifyInstance | null = null;
const stop = async (signal: string) => {
  const running = app;
  app = null;
  running?.log.info(`${signal}: closing`);
  await running?.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

const build = async (): Promise<FastifyInstance> => buildApp({ config, simulation });

/** Closes the app for a restart: the answers under way are finished, lingering connections cut after a grace period. */
async function closeForRestart(running: FastifyInstance): Promise<void> {
  const timer = setTimeout(() => running.server.closeAllConnections(), CLOSE_GRACE_MS);
  try {
    await running.close();
  } finally {
    clearTimeout(timer);
  }
}

// The server runs in a loop: build, listen, and when a backup is restored from the panel, close, swap the
// database file and build again on the same port, in this same process.
let port = config.PORT;
let restored: { job: RestoreJob; kept: string; keptPath: string } | null = null;
for (;;) {
  let next: FastifyInstance;
  try {
    next = await build();
  } catch (error) {
    if (!restored) {
      // A damaged database or an unreadable data folder: say so plainly and stop, changing nothing.
      console.error((error as Error).message);
      process.exit(1);
    }
    console.error(`The restored database cannot be started on (${(error as Error).message}); the replaced one is put back.`);
    swapBack(config.DATA_DIR, restored.keptPath, Date.now());
    restored = null;
    continue;
  }
  app = next;
  await next.listen({ port, host: config.HOST });
  // Port 0 (tests) picks a free port once; a restart keeps it.
  port = (next.server.address() as AddressInfo).port;
  if (restored) {
    auditRestored(next, restored.job, restored.kept);
    next.log.info({ backup: restored.job.name, kept: restored.kept }, 'backup restored');
    restored = null;
  }
  const job = await next.backups.nextRestore();
  if (app !== next) break; // stopped by a signal meanwhile
  app = null;
  next.log.info('restoring a backup: closing');
  await closeForRestart(next);
  const kept = keptName(Date.now());
  restored = { job, kept, keptPath: swapIn(config.DATA_DIR, job, kept) };
}
