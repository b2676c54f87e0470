import { buildApp } from './app';
import { loadConfig } from './config';
import { SimulatedClock } from './features/simulation/simulation.routes';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`Configuration error: ${(error as Error).message}`);
  process.exit(1);
}

let app;
try {
  app = await buildApp({ config, simulation: config.QMS_SIMULATION ? new SimulatedClock(Date.now()) : undefined });
} catch (error) {
  // A damaged database or an unreadable data folder: say so plainly and stop, changing nothing.
  console.error((error as Error).message);
  process.exit(1);
}
const close = async (signal: string) => {
  app.log.info(`${signal}: closing`);
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void close('SIGINT'));
process.once('SIGTERM', () => void close('SIGTERM'));
await app.listen({ port: config.PORT, host: config.HOST });
