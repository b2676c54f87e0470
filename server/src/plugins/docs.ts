import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export default fp(
  async function docs(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Queue appliance API',
          description:
            'Tickets, counters and the live queue. Errors are `{statusCode, code, message}` with a stable `code`. ' +
            'Commands accept an `Idempotency-Key` header. Live events: WebSocket `/ws`.',
          version: '0.1.0',
        },
        tags: [
          { name: 'tickets' },
          { name: 'counters' },
          { name: 'services' },
          { name: 'queue' },
          { name: 'staff' },
          { name: 'health' },
        ],
        components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'qms_session' } } },
      },
    });
    // The documentation page brings its own scripts and styles, with its own Content-Security-Policy.
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'docs' },
);
