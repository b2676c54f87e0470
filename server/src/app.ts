import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import officeRoutes from './features/admin/office.routes';
import setupRoutes from './features/admin/setup.routes';
import announcementsRoutes from './features/announcements/announcements.routes';
import appointmentsRoutes from './features/appointments/appointments.routes';
import auditRoutes from './features/audit/audit.routes';
import backupsRoutes from './features/backups/backups.routes';
import authRoutes from './features/auth/auth.routes';
import countersRoutes from './features/counters/counters.routes';
import devicesRoutes from './features/devices/devices.routes';
import displayRoutes from './features/display/display.routes';
import healthRoutes from './features/health/health.routes';
import homeRoutes from './features/home/home.routes';
import kioskRoutes from './features/kiosk/kiosk.routes';
import printsRoutes from './features/printing/prints.routes';
import publicRoutes from './features/public/public.routes';
import signageRoutes from './features/signage/signage.routes';
import simulationRoutes, { type SimulatedClock } from './features/simulation/simulation.routes';
import queueRoutes from './features/queue/queue.routes';
import reportsRoutes from './features/reports/reports.routes';
import servicesRoutes from './features/services/services.routes';
import ticketsRoutes from './features/tickets/tickets.routes';
import usersRoutes from './features/users/users.routes';
import appointments from './plugins/appointments';
import audit from './plugins/audit';
import backups from './plugins/backups';
import auth from './plugins/auth';
import db from './plugins/db';
import devices from './plugins/devices';
import localBridge from './plugins/local-bridge';
import docs from './plugins/docs';
import errors from './plugins/errors';
import printing from './plugins/printing';
import queue from './plugins/queue';
import security from './plugins/security';
import signage from './plugins/signage';
import ui from './plugins/ui';
import ws from './plugins/ws';

export interface AppOptions {
  config: Config;
  /** The time source; tests pass their own to cross midnight on purpose. */
  clock?: () => number;
  newId?: () => string;
  logger?: boolean;
  /** Simulation mode (QMS_SIMULATION): this clock, moved through the API. */
  simulation?: SimulatedClock;
  /** Sync appointments in the background (tests turn it off and sync by hand). */
  appointmentSync?: boolean;
}

/** Builds the whole server from its plugins, without listening. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const clock = opts.simulation?.now ?? opts.clock ?? Date.now;
  const app = Fastify({
    logger: opts.logger === false ? false : { level: opts.config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    // Unknown properties are refused, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    bodyLimit: 64 * 1024,
    // Two log lines per request cost more than the request at a busy kiosk hour; requests are logged at
    // debug level below, errors always.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (opts.config.LOG_LEVEL === 'debug' || opts.config.LOG_LEVEL === 'trace') {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug({ method: request.method, url: request.routeOptions.url, statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request');
    });
  }

  await app.register(errors, { dataDir: opts.config.DATA_DIR });
  await app.register(security);
  await app.register(docs);
  await app.register(db, { dataDir: opts.config.DATA_DIR, clock });
  await app.register(queue, { clock, newId: opts.newId ?? randomUUID });
  await app.register(audit);
  await app.register(backups, { dataDir: opts.config.DATA_DIR, keep: opts.config.QMS_BACKUP_KEEP });
  await app.register(auth, { admin: opts.config.QMS_ADMIN });
  await app.register(devices, { localBridge: opts.config.QMS_BRIDGE_CONFIG !== undefined });
  await app.register(printing, { dataDir: opts.config.DATA_DIR, localPrinter: opts.config.QMS_PRINTER, publicUrl: opts.config.QMS_PUBLIC_URL, checkEverySeconds: 60 });
  await app.register(signage, { dataDir: opts.config.DATA_DIR });
  await app.register(appointments, { autoSync: opts.appointmentSync ?? true });
  await app.register(ws, { heartbeatSeconds: opts.config.WS_HEARTBEAT_SECONDS });
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(auditRoutes);
  await app.register(servicesRoutes);
  await app.register(officeRoutes);
  await app.register(setupRoutes);
  await app.register(countersRoutes);
  await app.register(ticketsRoutes);
  await app.register(queueRoutes);
  await app.register(devicesRoutes);
  await app.register(kioskRoutes);
  await app.register(printsRoutes);
  await app.register(publicRoutes);
  await app.register(announcementsRoutes);
  await app.register(signageRoutes);
  await app.register(displayRoutes);
  await app.register(reportsRoutes);
  await app.register(appointmentsRoutes);
  await app.register(backupsRoutes);
  await app.register(import('./features/events/events.routes'));
  if (opts.simulation) await app.register(simulationRoutes, { clock: opts.simulation });
  if (opts.config.QMS_BRIDGE_CONFIG) await app.register(localBridge, { configFile: opts.config.QMS_BRIDGE_CONFIG });
  await app.register(homeRoutes);
  await app.register(ui);
  return app;
}
