import type { Ticket } from '@qms/shared';
import { officeDayOf, WaitEstimator } from '@qms/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { QueueEngine } from '../features/queue/queue.engine';
import { QueueRepository } from '../features/queue/queue.repository';
import { demoOffice } from '../seed/demo-office';

declare module 'fastify' {
  interface FastifyInstance {
    queue: QueueEngine;
    queueRepo: QueueRepository;
    clock: () => number;
    /** Wait estimates from the pace of today's calls. */
    estimator: WaitEstimator;
  }
}

export default fp(
  async function queue(app: FastifyInstance, opts: { clock: () => number; newId: () => string }) {
    const repo = new QueueRepository(app.db, app.sqlite);
    if (!repo.hasOffice()) {
      const now = opts.clock();
      const demo = demoOffice(now);
      repo.insertOffice(demo.settings, officeDayOf(now, demo.settings.timeZone), demo.services, demo.counters);
      app.log.info('empty database: seeded the demo office');
    }
    const engine = new QueueEngine(app.sqlite, repo, opts.clock, opts.newId);
    app.decorate('queue', engine);
    app.decorate('queueRepo', repo);
    app.decorate('clock', opts.clock);

    const estimator = new WaitEstimator();
    for (const { event } of repo.latestOfDay(engine.current.officeDay, ['ticket.called'], 2000).reverse()) {
      estimator.called((event.data as { ticket: Ticket }).ticket.serviceId, event.at);
    }
    engine.bus.on('event', ({ event }) => {
      if (event.type === 'ticket.called') estimator.called(event.data.ticket.serviceId, event.at);
      else if (event.type === 'day.started') estimator.reset();
    });
    app.decorate('estimator', estimator);
    app.addHook('onReady', async () => {
      await engine.rolloverIfDue();
      engine.startDayTimer();
    });
    app.addHook('preClose', async () => engine.close());
  },
  { name: 'queue', dependencies: ['db'] },
);
