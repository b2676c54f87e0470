import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The screens the server serves, each a Vite build in `<app>/dist` of the workspace. */
export const uiApps = ['counter', 'kiosk', 'display'] as const;

/** The workspace root, seen from src/plugins/ when run from source or from dist/ when bundled. */
function workspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'server', 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export default fp(
  async function ui(app: FastifyInstance, opts: { root?: string }) {
    const root = opts.root ?? workspaceRoot();
    // The hall display's voice clips and chime (assets/audio, replaceable by the office's own recordings).
    await app.register(fastifyStatic, {
      root: join(root, 'assets', 'audio'),
      prefix: '/audio/',
      decorateReply: false,
      setHeaders: (res) => res.header('cache-control', 'public, max-age=3600'),
    });
    let first = true;
    for (const name of uiApps) {
      const dist = join(root, name, 'dist');
      if (!existsSync(join(dist, 'index.html'))) {
        app.log.warn(`the ${name} screen is not built: run npm run build -w ${name}`);
        const notBuilt = async (_request: unknown, reply: FastifyReply) =>
          reply.code(503).type('text/plain; charset=utf-8').send(`Ecranul nu este construit · The screen is not built: npm run build -w ${name}`);
        app.get(`/${name}/*`, { schema: { hide: true } }, notBuilt);
        if (name === 'kiosk') app.get('/t/:token', { schema: { hide: true } }, notBuilt);
        continue;
      }
      await app.register(fastifyStatic, {
        root: dist,
        prefix: `/${name}/`,
        decorateReply: first,
        wildcard: false,
        // index.html must never be cached: it names the hashed bundles of the current version.
        setHeaders: (res, path) => res.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
      });
      first = false;
      // Deep links of the single-page app land on its index.
      app.get(`/${name}/*`, { schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html', dist));
      app.get(`/${name}`, { schema: { hide: true } }, async (_request, reply) => reply.redirect(`/${name}/`));
      // The citizen's phone opens the link on the ticket: the kiosk build's second page.
      if (name === 'kiosk') app.get('/t/:token', { schema: { hide: true } }, async (_request, reply) => reply.sendFile('ticket.html', dist));
    }
  },
  { name: 'ui' },
);
