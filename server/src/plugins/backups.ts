import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Backups } from '../features/backups/backups';

declare module 'fastify' {
  interface FastifyInstance {
    backups: Backups;
  }
}

/** The daily backup: at start when today has none, then checked every hour. */
export default fp(
  async function backups(app: FastifyInstance, opts: { dataDir: string; keep: number; checkEveryMs?: number }) {
    const b = new Backups(app.sqlite, opts.dataDir, opts.keep);
    app.decorate('backups', b);
    const run = () =>
      b.daily(app.clock(), app.queue.current.settings.timeZone).then(
        (made) => made && app.log.info({ backup: made.name, bytes: made.bytes }, 'daily backup taken'),
        (e: unknown) => app.log.error({ err: e }, 'the daily backup failed'),
      );
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      void run();
      timer = setInterval(() => void run(), opts.checkEveryMs ?? 3600_000);
      timer.unref();
    });
    app.addHook('preClose', async () => {
      if (timer) clearInterval(timer);
    });
  },
  { name: 'backups', dependencies: ['db', 'queue'] },
);
