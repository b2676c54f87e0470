import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { build, TestClock, type Built, type Client } from './helper';

// Thursday 26 November 2026, Bucharest (UTC+2).
const local = (hhmm: string, day = '2026-11-26') => Date.parse(`${day}T${hhmm}:00+02:00`);

async function importCsv(s: Built, csv: string) {
  const res = await fetch(`${s.url}/api/appointments/import`, { method: 'POST', headers: { cookie: s.staff.cookie, 'content-type': 'text/csv; charset=utf-8' }, body: csv });
  return { status: res.status, body: (await res.json()) as any };
}

const CSV = [
  'referinta;data;ora;nume;serviciu',
  'RZ-1001;26.11.2026;10:00;Ștefan Țurcanu;A',
  'RZ-1002;26.11.2026;09:00;Ioana Mărgărit;id-pickup',
  'RZ-1003;26.11.2026;08:00;Ana Pop;Stare civilă',
  'RZ-1004;26.11.2026;25:00;Dan Ion;A',
  'RZ-1005;26.11.2026;11:00;Mihai Ene;Pașapoarte',
].join('\n');

async function office(t: Test) {
  const s = await build(t, { clock: new TestClock(local('09:20')) });
  const imported = await importCsv(s, CSV);
  return { s, imported, kiosk: await s.localKiosk() };
}

t.test('a CSV list of the day: imported line by line, bad lines reported with the reason', async (t) => {
  const { s, imported } = await office(t);
  t.equal(imported.status, 200);
  t.equal(imported.body.imported, 3);
  t.equal(imported.body.problems.length, 2, 'a bad time and an unknown service');
  t.match(JSON.stringify(imported.body.problems), /25:00/);
  t.match(JSON.stringify(imported.body.problems), /Pașapoarte/);
  const list = (await s.staff.get('/api/appointments?day=2026-11-26')).body;
  t.same(
    list.map((a: { ref: string; name: string; serviceId: string }) => [a.ref, a.name, a.serviceId]),
    [
      ['RZ-1003', 'Ana Pop', 'civil-status'],
      ['RZ-1002', 'Ioana Mărgărit', 'id-pickup'],
      ['RZ-1001', 'Ștefan Țurcanu', 'id-applications'],
    ],
    'in slot order, with Romanian names intact',
  );
  t.same((await s.staff.get('/api/appointments?q=turcanu')).body.map((a: { ref: string }) => a.ref), ['RZ-1001'], 'found by name without diacritics');
  const broken = await importCsv(s, 'referinta;nume\nRZ-9;Ion');
  t.match(broken, { status: 400, body: { code: 'QMS_ERR_VALIDATION', field: 'file' } }, 'a file without the needed columns is refused as a whole');
  const again = await importCsv(s, CSV);
  t.same([again.body.imported, again.body.updated], [0, 0], 'importing the same file again changes nothing');
  t.equal((await s.staff.get('/api/appointments')).body.length, 3, 'and duplicates nothing');
  await s.createUser('ioana', 'clerk-password-1', 'clerk');
  const clerk = await s.signIn('ioana', 'clerk-password-1');
  t.equal((await clerk.get('/api/appointments')).status, 403, 'the day list is for managers');
});

t.test('check-in at the kiosk: early, on time, again, late, cancelled', async (t) => {
  const { s, kiosk } = await office(t);
  const checkIn = (ref: string) => kiosk.post('/api/kiosk/check-in', { ref });

  const early = await checkIn('RZ-1001'); // 10:00 slot at 09:20; check-in opens an hour before
  t.equal(early.status, 201, 'within the hour before the slot');
  t.match(early.body, { ticket: { code: 'A001', appointment: { ref: 'RZ-1001' } }, appointment: { late: false }, print: { ok: true } });

  s.clock.set(new Date(local('06:55')).toISOString()); // the clock never goes back in an office; a fresh server for this case
  const s2 = await build(t, { clock: new TestClock(local('07:30')), dataDir: `${t.testdir()}/early` });
  await importCsv(s2, CSV);
  const k2 = await s2.localKiosk();
  const tooEarly = await k2.post('/api/kiosk/check-in', { ref: 'rz-1002' });
  t.match(tooEarly.body, { statusCode: 409, code: 'QMS_ERR_CHECKIN_TOO_EARLY', opensAt: new Date(local('08:00')).toISOString() }, 'too early says when check-in opens');
  t.match(tooEarly.body.message, /09:00.*08:00/);

  s.clock.set(new Date(local('09:25')).toISOString());
  const second = await checkIn(' rz1001 ');
  t.equal(second.body.ticket.code, 'A001', 'a second scan gives the same ticket, whatever the case, spaces and dashes');

  const late = await checkIn('RZ-1003'); // 08:00 slot, 15 minutes' grace
  t.equal(late.status, 201);
  t.match(late.body, { appointment: { late: true }, ticket: { appointment: null, code: 'C001' } }, 'too late: a walk-in ticket, not an error');

  const unknown = await checkIn('NU-EXISTA');
  t.same([unknown.status, unknown.body.code], [404, 'QMS_ERR_APPOINTMENT_NOT_FOUND']);

  // The booking is cancelled in a newer list: the kiosk says so.
  const cancelled = CSV.replace('RZ-1002;26.11.2026;09:00;Ioana Mărgărit;id-pickup', 'RZ-1002;26.11.2026;09:00;Ioana Mărgărit;id-pickup;anulat').replace('serviciu', 'serviciu;stare');
  await importCsv(s, cancelled);
  const refused = await checkIn('RZ-1002');
  t.same([refused.status, refused.body.code], [409, 'QMS_ERR_APPOINTMENT_CANCELLED']);
});

t.test('the counter calls a checked-in appointment at its slot first, and only staff see the name', async (t) => {
  const { s, kiosk } = await office(t);
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' }); // a walk-in waiting since 09:20
  s.clock.set(new Date(local('09:50')).toISOString());
  const appt = await kiosk.post('/api/kiosk/check-in', { ref: 'RZ-1001' });
  t.equal(appt.body.ticket.code, 'A002');
  const called = await s.staff.post('/api/counters/counter-1/call-next');
  t.equal(called.body.ticket.code, 'A002', 'the appointment due now goes before the walk-in who came earlier');
  const who = await s.staff.get(`/api/appointments/for-ticket/${called.body.ticket.id}`);
  t.match(who.body, { name: 'Ștefan Țurcanu', ref: 'RZ-1001', slotAt: new Date(local('10:00')).toISOString() }, 'the clerk sees the name and slot');
  const snapshot = JSON.stringify((await s.anon.get('/api/queue')).body);
  t.notMatch(snapshot, /Țurcanu/, 'the public queue carries no name');
  t.equal((await s.anon.get(`/api/appointments/for-ticket/${called.body.ticket.id}`)).status, 401);
});

t.test('a manager checks someone in from the list', async (t) => {
  const { s } = await office(t);
  const [first] = (await s.staff.get('/api/appointments?q=Țurcanu')).body;
  const r = await s.staff.post(`/api/appointments/${first.id}/check-in`);
  t.equal(r.status, 201);
  t.match(r.body, { ref: 'RZ-1001', ticket: { code: 'A001', status: 'waiting' }, late: false });
  t.ok(r.body.checkedInAt);
});

/** A booking system that speaks the Easy!Appointments API, with the day's appointments; `down` makes it refuse. */
async function bookingSystem(t: { teardown: (f: () => void) => void }, records: () => object[]) {
  const state = { down: false, requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    if (state.down) return res.destroy();
    if (req.headers.authorization !== 'Bearer secret-token') return res.writeHead(401).end();
    const url = new URL(req.url!, 'http://x');
    if (url.pathname.startsWith('/index.php/api/v1/customers/')) {
      const id = url.pathname.split('/').pop();
      return res.end(JSON.stringify({ id: Number(id), firstName: 'Client', lastName: `Nr. ${id}` }));
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    const length = Number(url.searchParams.get('length') ?? '20');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(records().slice((page - 1) * length, page * length)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

t.test('sync from the booking system: settings with masked credentials, sync now, an outage keeps the last list', async (t) => {
  const s = await build(t, { clock: new TestClock(local('07:00')) });
  let records = [
    { id: 1, hash: 'H1', start: '2026-11-26 09:00:00', end: '2026-11-26 09:15:00', status: 'Booked', customerId: 7, serviceId: 3 },
    { id: 2, hash: 'H2', start: '2026-11-26 09:30:00', end: '2026-11-26 09:45:00', status: 'Confirmed', customerId: 8, serviceId: 3 },
  ];
  const booking = await bookingSystem(t, () => records);
  const settings = {
    sources: [{ id: 'programari', name: 'Programări online', kind: 'easyappointments', options: { baseUrl: booking.url, auth: { type: 'bearer', token: 'secret-token' } }, serviceMap: { '3': 'id-applications' }, enabled: true }],
    dailyAt: '06:30',
    refreshMinutes: 10,
    retentionDays: 30,
    checkInEarlyMinutes: 60,
    checkInLateMinutes: 15,
  };
  const saved = await s.staff.request('PUT', '/api/appointments/settings', settings);
  t.equal(saved.status, 200);
  t.equal(saved.body.sources[0].options.auth.token, '••••••', 'the token is never sent back');
  const bad = await s.staff.request('PUT', '/api/appointments/settings', { ...settings, sources: [{ ...settings.sources[0], serviceMap: { '3': 'no-such-service' } }] });
  t.match(bad.body, { code: 'QMS_ERR_APPOINTMENTS_CONFIG', field: 'serviceMap' });
  // Saving what was read (with the mask) keeps the stored token.
  await s.staff.request('PUT', '/api/appointments/settings', (await s.staff.get('/api/appointments/settings')).body);

  const first = await s.staff.post('/api/appointments/sync');
  t.match(first.body.runs[0], { source: 'programari', ok: true, imported: 2, cancelled: 0 });
  t.same((await s.staff.get('/api/appointments')).body.map((a: { name: string }) => a.name), ['Client Nr. 7', 'Client Nr. 8']);

  // Rescheduled and cancelled, then the booking system goes down.
  records = [{ ...records[0]!, start: '2026-11-26 11:00:00', end: '2026-11-26 11:15:00', status: 'Rescheduled' }, { ...records[1]!, status: 'Cancelled' }];
  const second = await s.staff.post('/api/appointments/sync');
  t.match(second.body.runs[0], { ok: true, updated: 1, cancelled: 1 });
  const list = (await s.staff.get('/api/appointments')).body;
  t.same(list.map((a: { ref: string; status: string; slotAt: string }) => [a.ref, a.status, a.slotAt]), [
    ['H2', 'cancelled', new Date(local('09:30')).toISOString()],
    ['H1', 'booked', new Date(local('11:00')).toISOString()],
  ]);

  booking.state.down = true;
  const failed = await s.staff.post('/api/appointments/sync');
  t.match(failed.body.runs[0], { ok: false, imported: 0 });
  t.ok(failed.body.runs[0].error.length > 0, `the error in plain words: ${failed.body.runs[0].error}`);
  const status = (await s.staff.get('/api/appointments/status')).body;
  t.match(status.sources[0], { id: 'programari', lastRun: { ok: false } });
  t.ok(status.sources[0].lastSuccessAt, 'the last success is shown');
  t.ok(status.sources[0].nextAttemptAt, 'and when it tries again');
  t.equal((await s.staff.get('/api/appointments')).body.length, 2, 'the last good list stays in use');

  // The scheduler retries by itself once the back-off has passed.
  booking.state.down = false;
  s.clock.advance(61_000);
  const runs = await s.app.appointmentSync.tick();
  t.match(runs, [{ ok: true }], 'a minute later the sync is tried again and works');
});

t.test('names are erased a set number of days after the appointment; check-ins survive a later sync', async (t) => {
  const { s, kiosk } = await office(t);
  await kiosk.post('/api/kiosk/check-in', { ref: 'RZ-1001' });
  // A later list without RZ-1001 (moved away by mistake) does not lose the check-in.
  await importCsv(s, CSV.split('\n').filter((l) => !l.startsWith('RZ-1001')).join('\n'));
  const kept = (await s.staff.get('/api/appointments?q=RZ-1001')).body[0];
  t.match(kept, { status: 'booked', ticket: { code: 'A001' } });

  s.clock.set(new Date(local('09:00', '2026-12-28')).toISOString());
  await s.staff.login();
  await s.app.appointmentSync.syncNow();
  const old = (await s.staff.get('/api/appointments?day=2026-11-26')).body;
  t.ok(old.length > 0);
  t.ok(old.every((a: { name: string | null }) => a.name === null), 'no names left after 30 days');
});
