import t from 'tap';
import { build } from './helper';

/**
 * Every route of the API, read from its own OpenAPI description, called by someone who may not: an
 * anonymous caller, a paired device where staff are needed, a clerk where managers are, a manager where
 * administrators are. Routes anyone may call are listed here on purpose; a new route fails this test until
 * it is listed or protected. The refusal comes before the request is even read (an empty body gets 401 or
 * 403, not a validation error), so a caller without rights learns nothing of what a route expects.
 */
const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/services',
  'GET /api/counters',
  'GET /api/queue',
  'GET /api/tickets/{id}',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/setup',
  'POST /api/pairing',
  'GET /api/pairing/{pairingId}',
  'POST /api/devices/local',
  'POST /api/devices/local-display',
  'GET /api/public/tickets/{token}',
  'GET /api/announcements/preview',
  'GET /api/signage/ticker',
  'GET /api/office/ticket-logo',
]);
/** Routes for paired devices of one kind (a staff session does not open them). */
const DEVICE = new Map([
  ['GET /api/devices/me', 'any'],
  ['POST /api/devices/me/health', 'any'],
  ['POST /api/devices/{id}/scan', 'bridge'],
  ['GET /api/kiosk/home', 'kiosk'],
  ['POST /api/kiosk/tickets', 'kiosk'],
  ['POST /api/kiosk/tickets/{id}/reprint', 'kiosk'],
  ['GET /api/kiosk/printer', 'kiosk'],
  ['POST /api/kiosk/check-in', 'kiosk'],
  ['GET /api/display/home', 'display'],
  ['POST /api/display/media/{id}/shown', 'display'],
]);
/** Routes for managers and administrators: a clerk is refused. */
const MANAGERS = /^(GET|POST|PUT|PATCH|DELETE) \/api\/(devices|prints|reports|media|signage\/ticker|appointments(?!\/for-ticket)|office\/ticket-logo|office\/ticket-preview|events\/export|office$|admin\/|audit|services\/\{id\}\/(open|close))/;
/** Routes for administrators only. */
const ADMINS = /^((GET|POST|PUT|PATCH|DELETE) \/api\/(users|backups|appointments\/settings|simulation)|(POST|PUT|PATCH|DELETE) \/api\/(office$|admin\/))/;

t.test('no route of the API is open to a caller who should be refused', async (t) => {
  const s = await build(t);
  await s.createUser('ioana', 'clerk-password-1', 'clerk');
  const clerk = await s.signIn('ioana', 'clerk-password-1', 'counter-1');
  const kiosk = await s.localKiosk();
  const spec = (await s.anon.get('/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  t.ok(routes.length > 60, `${routes.length} routes described`);
  const concrete = (route: string) => route.replace(/\{[^}]+\}/g, (p) => (p === '{pairingId}' ? 'x'.repeat(24) : p === '{token}' ? 'x'.repeat(30) : p === '{name}' ? 'qms-2026-01-01.sqlite' : 'counter-1'));
  const call = (who: typeof s.anon, route: string) => {
    const [method, path] = route.split(' ') as [string, string];
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};
    return who.request(method, concrete(path), body);
  };

  const openToAnyone: string[] = [];
  const openToKiosk: string[] = [];
  const openToClerk: string[] = [];
  for (const route of routes) {
    if (PUBLIC.has(route)) continue;
    const anon = await call(s.anon, route);
    if (anon.status !== 401) openToAnyone.push(`${route} -> ${anon.status}`);
    const kind = DEVICE.get(route);
    if (kind === undefined) {
      const k = await call(kiosk, route);
      if (k.status !== 401 && k.status !== 403) openToKiosk.push(`${route} -> ${k.status}`);
    } else if (kind !== 'kiosk' && kind !== 'any') {
      const k = await call(kiosk, route);
      if (k.status !== 403) openToKiosk.push(`${route} -> ${k.status}`);
    }
    if (!DEVICE.has(route) && (MANAGERS.test(route) || ADMINS.test(route))) {
      const c = await call(clerk, route);
      if (c.status !== 403) openToClerk.push(`${route} -> ${c.status}`);
    }
  }
  t.same(openToAnyone, [], 'every route that is not public refuses an anonymous caller (401)');
  t.same(openToKiosk, [], "a kiosk's token opens only kiosk routes");
  t.same(openToClerk, [], "a clerk's session opens no manager or administrator route");

  const manager = await s.createUser('mihai', 'manager-password-1', 'manager').then(() => s.signIn('mihai', 'manager-password-1'));
  const openToManager: string[] = [];
  for (const route of routes.filter((r) => ADMINS.test(r))) {
    const m = await call(manager, route);
    if (m.status !== 403 && m.status !== 404) openToManager.push(`${route} -> ${m.status}`);
  }
  t.same(openToManager, [], "a manager's session opens no administrator route");
});
