/**
 * The pages' HTTP client against a fake fetch: JSON both ways, the device token, one Idempotency-Key
 * through the retries of a request that got no answer, and refusals as errors with the server's code.
 */
import t from 'tap';
import { ApiClient, ApiError, NETWORK_ERROR, newKey } from '../web/api';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records each request and answers with the next of `answers` (an Error: no answer). */
function fakeFetch(answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const next = answers.shift();
    if (!next || next instanceof Error) throw next ?? new Error('no answer');
    return next;
  }) as typeof fetch;
  return { calls, fetchFn };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

t.test('idempotency keys are random and of the allowed form', async (t) => {
  const a = newKey('kiosk');
  const b = newKey('kiosk');
  t.not(a, b);
  t.match(a, /^[A-Za-z0-9._:-]{8,128}$/);
});

t.test('JSON in and out, with the device token', async (t) => {
  const { calls, fetchFn } = fakeFetch([json(200, { ticket: 'A001' })]);
  const api = new ApiClient({ base: 'http://office', fetchFn });
  api.token = 'tok-1';
  t.same(await api.request('POST', '/api/kiosk/tickets', { serviceId: 'cashier' }), { ticket: 'A001' });
  t.equal(calls[0]!.url, 'http://office/api/kiosk/tickets');
  t.match(calls[0]!.headers, { authorization: 'Bearer tok-1', 'content-type': 'application/json', accept: 'application/json' });
  t.same(calls[0]!.body, { serviceId: 'cashier' });
});

t.test('a request that got no answer is tried again with the same key, then fails as a network error', async (t) => {
  const lost = fakeFetch([new Error('reset'), json(201, { ok: true })]);
  const api = new ApiClient({ fetchFn: lost.fetchFn });
  t.same(await api.request('POST', '/api/counters/c1/call-next', undefined, { idempotencyKey: 'ctr-abc12345', retries: 2, retryDelayMs: 1 }), { ok: true });
  t.same(
    lost.calls.map((c) => c.headers['idempotency-key']),
    ['ctr-abc12345', 'ctr-abc12345'],
    'one key for both tries, so the server acts once',
  );
  t.equal(lost.calls[0]!.headers.authorization, undefined, 'no token: none sent');

  const gone = fakeFetch([new Error('refused'), new Error('refused')]);
  const err = await new ApiClient({ fetchFn: gone.fetchFn }).request('GET', '/api/queue', undefined, { retries: 1, retryDelayMs: 1 }).catch((e: unknown) => e);
  t.ok(err instanceof ApiError);
  t.match(err, { status: 0, code: NETWORK_ERROR });
});

t.test("a refusal: the server's status, code, message and body; a body that is not JSON gives its text", async (t) => {
  const refused = fakeFetch([json(409, { statusCode: 409, code: 'QMS_ERR_SERVICE_CLOSED', message: 'Service Casierie is closed', serviceId: 'cashier' })]);
  const err = await new ApiClient({ fetchFn: refused.fetchFn }).request('POST', '/api/kiosk/tickets', {}).catch((e: unknown) => e);
  t.ok(err instanceof ApiError);
  t.match(err, { status: 409, code: 'QMS_ERR_SERVICE_CLOSED', message: 'Service Casierie is closed', body: { serviceId: 'cashier' } });

  const proxy = fakeFetch([new Response('Bad gateway', { status: 502 })]);
  const err2 = await new ApiClient({ fetchFn: proxy.fetchFn }).request('GET', '/api/queue').catch((e: unknown) => e);
  t.match(err2, { status: 502, code: 'HTTP_502', message: 'Bad gateway' });
});
