import { countOf } from '@qms/shared';
import type { FastifyPluginAsync } from 'fastify';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The appliance's front page: where the IT person lands after `npm start`. */
const routes: FastifyPluginAsync = async (app) => {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const state = app.queue.current;
    const needsSetup = app.authRepo.userCount() === 0;
    const waiting = Object.values(state.waitingCount).reduce((a, b) => a + b, 0);
    const open = Object.values(state.counters).filter((c) => c.state === 'open').length;
    const html = `<!doctype html>
<html lang="ro"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(state.settings.name)}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}.en{color:#444}a{color:#0b3d91}li{margin:.4rem 0}.warn{background:#fff4d6;padding:.8rem;border-left:4px solid #b26b00}</style></head>
<body><h1>${escape(state.settings.name)}</h1>
<p>Ziua ${escape(state.officeDay)} · ${countOf('ro', waiting, { one: 'bon', few: 'bonuri', other: 'de bonuri' })} în așteptare · ${countOf('ro', open, { one: 'ghișeu deschis', few: 'ghișee deschise', other: 'de ghișee deschise' })}<br>
<span class="en" lang="en">Day ${escape(state.officeDay)} · ${countOf('en', waiting, { one: 'ticket', other: 'tickets' })} waiting · ${countOf('en', open, { one: 'counter', other: 'counters' })} open</span></p>
${needsSetup ? '<p class="warn">Nu există încă niciun cont de personal: <a href="/setup">creați administratorul</a>.<br><span lang="en">No staff account yet: <a href="/setup">create the administrator</a>.</span></p>' : ''}
<ul>
<li><a href="/counter/">Panoul ghișeului</a> <span class="en" lang="en">· counter panel for clerks</span></li>
<li><a href="/docs">Documentația API</a> <span class="en" lang="en">· API documentation (OpenAPI)</span></li>
<li><a href="/api/queue">Coada, acum (JSON)</a> <span class="en" lang="en">· the queue now</span></li>
<li><a href="/api/health">Starea serverului</a> <span class="en" lang="en">· server health</span></li>
</ul></body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
};

export default routes;
