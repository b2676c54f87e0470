import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppointmentsRepository } from '../features/appointments/appointments.repository';
import { AppointmentSync } from '../features/appointments/sync';

declare module 'fastify' {
  interface FastifyInstance {
    appointments: AppointmentsRepository;
    appointmentSync: AppointmentSync;
  }
}

/** Appointments from the booking system, synced in the background; the office works on without them. */
export default fp(
  async function appointments(app: FastifyInstance, opts: { autoSync: boolean }) {
    const repo = new AppointmentsRepository(app.db);
    const sync = new AppointmentSync(repo, () => app.queue.current, app.clock, app.log);
    app.decorate('appointments', repo);
    app.decorate('appointmentSync', sync);
    if (opts.autoSync) app.addHook('onReady', async () => sync.start());
    app.addHook('onClose', async () => sync.stop());
  },
  { name: 'appointments', dependencies: ['db', 'queue'] },
);
