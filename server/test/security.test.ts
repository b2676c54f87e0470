import t from 'tap';
import { build } from './helper';

t.test('security headers and a Content-Security-Policy on every page and answer', async (t) => {
  const s = await build(t);
  for (const path of ['/api/health', '/counter/', '/kiosk/', '/display/', '/api/queue']) {
    const res = await fetch(s.url + path);
    const csp = res.headers.get('content-security-policy') ?? '';
    t.match(csp, /default-src 'self'/, `${path}: a CSP`);
    t.match(csp, /script-src 'self'(;|$)/, `${path}: scripts only from this server`);
    t.match(csp, /frame-ancestors 'none'/, `${path}: not framed by another site`);
    t.notMatch(csp, /upgrade-insecure-requests/, `${path}: plain http on the office network keeps working`);
    t.equal(res.headers.get('x-content-type-options'), 'nosniff');
    t.ok(res.headers.get('x-frame-options'), `${path}: x-frame-options`);
    t.equal(res.headers.get('strict-transport-security'), null, 'no HSTS for http on a LAN');
  }
  const docs = await fetch(`${s.url}/docs/static/index.html`);
  t.equal(docs.status, 200, 'the API documentation still loads');
});
