import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MediaRepository } from '../features/signage/media.repository';

declare module 'fastify' {
  interface FastifyInstance {
    media: MediaRepository;
  }
}

/** The hall displays' playlist and ticker; media files are public, like the notice board they replace. */
export default fp(
  async function signage(app: FastifyInstance, opts: { dataDir: string }) {
    const repo = new MediaRepository(app.db, opts.dataDir);
    app.decorate('media', repo);
    // A file's name changes whenever its content does, so displays may keep it as long as they like.
    await app.register(fastifyStatic, {
      root: repo.dir,
      prefix: '/media/',
      decorateReply: false,
      serveDotFiles: false,
      setHeaders: (res) => res.header('cache-control', 'public, max-age=31536000, immutable'),
    });
  },
  { name: 'signage', dependencies: ['db'] },
);
