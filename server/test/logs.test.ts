import type { ChildProcess } from 'node:child_process';
import t from 'tap';
import { ADMIN, Client, deviceClient, spawnServer } from './helper';

/** Today's date in Bucharest (the demo office's zone) as DD.MM.YYYY, and a time half an hour from now. */
function soon(): { date: string; time: string } {
  const at = new Date(Date.now() + 30 * 60_000);
  const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('ro-RO', { timeZone: 'Europe/Bucharest', ...o }).format(at);
  const date = part({ day: '2-digit', month: '2-digit', year: 'numeric' });
  const time = part({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return { date, time };
}

t.test('the server log keeps no password, token, cookie or citizen name, at the most detailed level', async (t) => {
  let log = '';
  const { url, child } = await spawnServer(t.testdir(), { env: { LOG_LEVEL: 'trace' }, onOutput: (text) => (log += text) });
  t.teardown(() => void (child as ChildProcess).kill('SIGKILL'));

  const staff = await new Client(url).login();
  const session = staff.cookie.split('=')[1]!;
  const CLERK_PASSWORD = 'clerk-secret-Zx81';
  t.equal((await staff.post('/api/users', { username: 'maria', password: CLERK_PASSWORD, role: 'clerk' })).status, 201);
  await new Client(url).post('/api/auth/login', { username: 'maria', password: 'wrong-guess-Qy17' });
  const clerk = new Client(url);
  t.equal((await clerk.post('/api/auth/login', { username: 'maria', password: CLERK_PASSWORD, counterId: 'counter-1' })).status, 200);
  await clerk.post('/api/auth/counter', { counterId: 'counter-1' });

  // A kiosk paired by its code: the token it collects goes with every request.
  const start = await new Client(url).post('/api/pairing', { kind: 'kiosk' });
  t.equal((await staff.post('/api/devices', { code: start.body.code, name: 'Chioșc intrare' })).status, 201);
  const token = (await new Client(url).get(`/api/pairing/${start.body.pairingId}`)).body.token as string;
  t.ok(token, 'a device token');
  const kiosk = deviceClient(url, token);

  // A citizen with an appointment, checked in at the kiosk, and a walk-in following the ticket on a phone.
  const CITIZEN = 'Ștefania Țăranu-Vlădescu';
  const { date, time } = soon();
  const csv = `referinta;data;ora;nume;serviciu\nRZ-7731;${date};${time};${CITIZEN};A`;
  const imported = await fetch(`${url}/api/appointments/import`, { method: 'POST', headers: { cookie: staff.cookie, 'content-type': 'text/csv; charset=utf-8' }, body: csv });
  t.equal(imported.status, 200, 'the day list is imported');
  const checkedIn = await kiosk.post('/api/kiosk/check-in', { ref: 'RZ-7731' });
  t.equal(checkedIn.status, 201, 'the citizen checks in');
  const walkIn = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-pickup' });
  t.equal(walkIn.status, 201);
  const called = await clerk.post('/api/counters/counter-1/call-next');
  t.equal(called.status, 200);
  t.equal((await staff.get(`/api/appointments/for-ticket/${called.body.ticket.id}`)).status, 200, "the clerk's screen reads the name");
  await clerk.post(`/api/tickets/${called.body.ticket.id}/finish`, { outcome: `Cerere depusă pentru ${CITIZEN}` });

  // A new password signs the clerk out: last.
  const NEW_PASSWORD = 'changed-secret-Kp44';
  await staff.patch(`/api/users/${(await staff.get('/api/users')).body.find((u: { username: string }) => u.username === 'maria').id}`, { password: NEW_PASSWORD });

  await new Promise((r) => setTimeout(r, 300)); // the last lines reach the pipe
  t.match(log, /"url":"\/api\/kiosk\/tickets"/, 'requests are logged at this level (the test reads a real log)');
  t.match(log, /"url":"\/api\/auth\/login"/);
  for (const [what, secret] of [
    ['the first administrator password', ADMIN.password],
    ["a clerk's password", CLERK_PASSWORD],
    ['a wrong password tried', 'wrong-guess-Qy17'],
    ['a changed password', NEW_PASSWORD],
    ['the session cookie', session],
    ['the device token', token],
    ['the pairing code', String(start.body.code)],
    ["the citizen's name", CITIZEN],
    ["part of the citizen's name", 'Țăranu'],
  ] as const) {
    t.notOk(log.includes(secret), `no ${what} in the log`);
  }
});
