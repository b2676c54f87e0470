import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { isAllowedUrl, kioskUrl, serverAnswers } from '../../electron/navigation';

t.test('the page for each mode, with the preset device token in the fragment', async (t) => {
  t.equal(kioskUrl({ serverUrl: 'http://10.0.0.5:3000', mode: 'kiosk', deviceToken: null }), 'http://10.0.0.5:3000/kiosk/');
  t.equal(kioskUrl({ serverUrl: 'https://qms.local', mode: 'display', deviceToken: null }), 'https://qms.local/display/');
  t.equal(kioskUrl({ serverUrl: 'http://qms', mode: 'kiosk', deviceToken: 'a+b/c=d' }), 'http://qms/kiosk/#token=a%2Bb%2Fc%3Dd');
});

t.test('only the server origin can be navigated to', async (t) => {
  const server = 'http://10.0.0.5:3000';
  for (const ok of ['http://10.0.0.5:3000/kiosk/', 'http://10.0.0.5:3000/t/abc?x=1#y', 'http://10.0.0.5:3000']) t.ok(isAllowedUrl(server, ok), ok);
  for (const bad of [
    'https://10.0.0.5:3000/kiosk/',
    'http://10.0.0.5:3001/kiosk/',
    'http://10.0.0.6:3000/',
    'http://10.0.0.5:3000.evil.example/',
    'https://www.google.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'not a url',
  ]) {
    t.notOk(isAllowedUrl(server, bad), bad);
  }
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

t.test('the server answers when its health check succeeds in time', async (t) => {
  let status = 200;
  const paths: string[] = [];
  const up = await listen((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  t.teardown(() => up.server.close());
  t.equal(await serverAnswers(up.url), true);
  t.same(paths, ['/api/health']);
  status = 503;
  t.equal(await serverAnswers(up.url), false, 'an error status is no answer');

  const silent = await listen(() => undefined);
  t.teardown(() => silent.server.closeAllConnections());
  t.teardown(() => silent.server.close());
  const since = Date.now();
  t.equal(await serverAnswers(silent.url, fetch, 300), false, 'a server that does not reply in time');
  t.ok(Date.now() - since < 2000, 'is given up on after the timeout');

  const gone = await listen(() => undefined);
  await new Promise((resolve) => gone.server.close(resolve));
  t.equal(await serverAnswers(gone.url), false, 'nothing listening');
});
