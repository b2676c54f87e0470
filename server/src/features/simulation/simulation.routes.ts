import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { QmsError } from '@qms/shared';
import { Type } from 'typebox';

/**
 * The clock of a server in simulation mode: it stands still until the simulator moves it, and only ever
 * forwards, so a day of an office replays in seconds with every timestamp as it would have been.
 */
export class SimulatedClock {
  constructor(public ms: number) {}
  now = (): number => this.ms;
}

const ClockBody = Type.Object({ at: Type.String({ format: 'date-time' }) }, { additionalProperties: false });

const routes: FastifyPluginAsyncTypebox<{ clock: SimulatedClock }> = async (app, opts) => {
  app.log.warn('SIMULATION MODE: the clock is set through /api/simulation/clock; never run an office like this');
  app.get('/api/simulation/clock', { schema: { tags: ['simulation'], summary: "The simulated clock's time" } }, async () => ({ at: new Date(opts.clock.ms).toISOString() }));
  app.post(
    '/api/simulation/clock',
    { schema: { tags: ['simulation'], summary: 'Move the simulated clock forward', body: ClockBody }, onRequest: app.requireStaff('admin') },
    async (request) => {
      const at = Date.parse(request.body.at);
      if (Number.isNaN(at)) throw new QmsError('QMS_ERR_VALIDATION', { detail: 'at must be an ISO 8601 instant' });
      if (at < opts.clock.ms) throw new QmsError('QMS_ERR_VALIDATION', { detail: 'the simulated clock only moves forward' });
      opts.clock.ms = at;
      return { at: new Date(at).toISOString() };
    },
  );
};

export default routes;
