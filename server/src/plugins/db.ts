import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openDb, type Db } from '../db/open';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    sqlite: Database.Database;
  }
}

export default fp(
  async function db(app: FastifyInstance, opts: { dataDir: string; clock: () => number }) {
    const opened = openDb(opts.dataDir, opts.clock);
    app.decorate('db', opened.db);
    app.decorate('sqlite', opened.sqlite);
    app.addHook('onClose', async () => {
      opened.sqlite.close();
    });
  },
  { name: 'db' },
);
