import t from 'tap';
import { build, deviceClient, TestClock, WsClient, type Client } from './helper';

/** Monday 2026-03-16, 10:00 in Bucharest. */
const MONDAY_10 = '2026-03-16T08:00:00Z';

const weekHours = () => ({
  mon: [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '16:30' }],
  tue: [{ from: '08:00', to: '16:30' }],
  wed: [{ from: '08:00', to: '16:30' }],
  thu: [{ from: '10:00', to: '18:30' }],
  fri: [{ from: '08:00', to: '14:00' }],
  sat: [],
  sun: [],
});

/** Every setting of the office, none left at its default. */
const settings = () => ({
  name: 'Direcția de Evidență a Persoanelor Sector 3',
  timeZone: 'Europe/Bucharest',
  openingHours: weekHours(),
  specialDays: [
    { date: '2026-03-19', hours: [{ from: '08:00', to: '12:00' }], note: 'Program redus' },
    { date: '2026-12-01', hours: [], note: 'Ziua Națională a României' },
  ],
  languages: ['ro', 'en', 'hu'],
  priorityRatio: { priority: 3, normal: 2 },
  noShowGraceMinutes: 20,
  appointmentEarlyMinutes: 5,
  appointmentLateMinutes: 25,
  ticketHeader: 'Primăria Sectorului 3\nStr. Parfumului nr. 2',
  ticketFooter: 'Vă rugăm să așteptați să fiți chemat.',
});

const put = (c: Client, body: unknown) => c.request('PUT', '/api/office', body);

async function localDisplay(url: string): Promise<Client> {
  const r = await fetch(`${url}/api/devices/local-display`, { method: 'POST' });
  return deviceClient(url, ((await r.json()) as { token: string }).token);
}

t.test('the office settings with their defaults; every setting saved is read back, also after a restart', async (t) => {
  const dataDir = t.testdir();
  const clock = new TestClock(Date.parse(MONDAY_10));
  const s = await build(t, { dataDir, clock });
  const first = await s.staff.get('/api/office');
  t.equal(first.status, 200);
  t.same(first.body.officeDay, '2026-03-16');
  t.match(first.body.settings, {
    timeZone: 'Europe/Bucharest',
    specialDays: [],
    languages: ['ro', 'en'],
    ticketHeader: '',
    ticketFooter: 'Vă mulțumim! Păstrați bonul până la ghișeu.',
  });

  const saved = await put(s.staff, settings());
  t.equal(saved.status, 200, JSON.stringify(saved.body));
  t.same(saved.body, { settings: settings(), officeDay: '2026-03-16' });
  t.same((await s.staff.get('/api/office')).body.settings, settings());
  const audit = (await s.staff.get('/api/audit?limit=5')).body as { action: string; username: string; target: string }[];
  t.match(audit[0], { action: 'office/update', username: 'admin', target: 'office' }, 'the change is audited');

  await s.close();
  const again = await build(t, { dataDir, clock });
  t.same((await again.staff.get('/api/office')).body.settings, settings(), 'kept in the database');
});

t.test('a refused change names its field and leaves everything as it was', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  await put(s.staff, settings());
  const before = (await s.staff.get('/api/office')).body;
  const cases: [string, (b: ReturnType<typeof settings>) => unknown, number, string, string][] = [
    ['an unknown time zone', (b) => ({ ...b, timeZone: 'Europe/Atlantis' }), 400, 'QMS_ERR_BAD_TIME_ZONE', 'timeZone'],
    ['hours ending before they start', (b) => ({ ...b, openingHours: { ...b.openingHours, thu: [{ from: '18:00', to: '10:00' }] } }), 400, 'QMS_ERR_BAD_HOURS', 'openingHours.thu'],
    [
      'overlapping hours',
      (b) => ({ ...b, openingHours: { ...b.openingHours, mon: [{ from: '08:00', to: '12:00' }, { from: '11:30', to: '14:00' }] } }),
      400,
      'QMS_ERR_BAD_HOURS',
      'openingHours.mon',
    ],
    ['a special day twice', (b) => ({ ...b, specialDays: [...b.specialDays, { date: '2026-12-01', hours: [] }] }), 400, 'QMS_ERR_DUPLICATE_DAY', 'specialDays.2.date'],
    ['bad hours on a special day', (b) => ({ ...b, specialDays: [{ date: '2026-12-24', hours: [{ from: '13:00', to: '09:00' }] }] }), 400, 'QMS_ERR_BAD_HOURS', 'specialDays.0.hours'],
    ['Romanian not first', (b) => ({ ...b, languages: ['en', 'ro'] }), 400, 'QMS_ERR_BAD_LANGUAGES', 'languages'],
    ['an unknown language', (b) => ({ ...b, languages: ['ro', 'es'] }), 400, 'QMS_ERR_BAD_LANGUAGES', 'languages'],
    ['a language twice', (b) => ({ ...b, languages: ['ro', 'hu', 'hu'] }), 400, 'QMS_ERR_BAD_LANGUAGES', 'languages'],
    ['a malformed time', (b) => ({ ...b, openingHours: { ...b.openingHours, mon: [{ from: '8:00', to: '12:00' }] } }), 400, 'QMS_ERR_VALIDATION', 'openingHours.mon.0.from'],
    ['a malformed date', (b) => ({ ...b, specialDays: [{ date: '1 dec', hours: [] }] }), 400, 'QMS_ERR_VALIDATION', 'specialDays.0.date'],
    ['a missing setting', ({ ticketHeader: _h, ...rest }) => rest, 400, 'QMS_ERR_VALIDATION', 'ticketHeader'],
    ['an unknown setting', (b) => ({ ...b, colour: 'blue' }), 400, 'QMS_ERR_VALIDATION', 'colour'],
    ['a ratio of zero', (b) => ({ ...b, priorityRatio: { priority: 0, normal: 1 } }), 400, 'QMS_ERR_VALIDATION', 'priorityRatio.priority'],
  ];
  for (const [name, change, status, code, field] of cases) {
    const r = await put(s.staff, change(settings()));
    t.same([r.status, r.body.code, r.body.field], [status, code, field], name);
    t.type(r.body.message, 'string');
  }
  t.same((await s.staff.get('/api/office')).body, before, 'nothing changed');
});

t.test('who may read and who may change the settings', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  await s.createUser('mihai', 'manager-password-1', 'manager');
  await s.createUser('ioana', 'clerk-password-1', 'clerk');
  const manager = await s.signIn('mihai', 'manager-password-1');
  const clerk = await s.signIn('ioana', 'clerk-password-1', 'counter-1');
  const before = (await s.staff.get('/api/office')).body;
  t.equal((await manager.get('/api/office')).status, 200, 'a manager reads');
  t.match(await put(manager, settings()), { status: 403, body: { code: 'QMS_ERR_FORBIDDEN' } }, 'a manager may not change');
  t.match(await clerk.get('/api/office'), { status: 403 }, 'a clerk may not read');
  t.match(await s.anon.get('/api/office'), { status: 401 });
  t.match(await put(s.anon, settings()), { status: 401 });
  t.same((await s.staff.get('/api/office')).body, before);
});

t.test('a change takes effect at once: the event on the queue topic, and kiosks and displays told to fetch again', async (t) => {
  const s = await build(t, { clock: new TestClock(Date.parse(MONDAY_10)) });
  const ws = new WsClient(s.url);
  t.teardown(() => ws.close());
  await ws.hello(['queue', 'office']);
  const kiosk = await s.localKiosk();
  t.same((await kiosk.get('/api/kiosk/home')).body.languages, ['ro', 'en']);

  await put(s.staff, settings());
  const event = await ws.waitFor((m) => m.type === 'office.updated');
  t.match(event, { type: 'office.updated', data: { settings: { name: settings().name, languages: ['ro', 'en', 'hu'] } } });
  t.match(await ws.waitFor((m) => m.type === 'changed'), { type: 'changed', what: 'office' });
  const home = (await kiosk.get('/api/kiosk/home')).body;
  t.same(home.languages, ['ro', 'en', 'hu'], 'the kiosk offers the languages at once');
  t.match(home.office, { name: settings().name, openNow: true, openingHours: weekHours() });

  t.equal((await kiosk.post('/api/kiosk/tickets', { serviceId: 'cashier' })).status, 201);
  const [job] = (await s.staff.get('/api/prints')).body as { text: string }[];
  t.ok(job!.text.includes('Primăria Sectorului 3'), 'the ticket prints the new header');
  t.ok(job!.text.includes('Str. Parfumului nr. 2'), 'every line of it');
  t.ok(job!.text.includes('Vă rugăm să așteptați să fiți chemat.'), 'and the new footer');
});

t.test('a holiday closes the office that day; special days are announced two weeks ahead', async (t) => {
  const clock = new TestClock(Date.parse(MONDAY_10));
  const s = await build(t, { clock });
  const kiosk = await s.localKiosk();
  const display = await localDisplay(s.url);
  const holiday = { date: '2026-03-16', hours: [], note: 'Zi liberă' };
  const saturday = { date: '2026-03-21', hours: [{ from: '09:00', to: '12:00' }], note: 'Program special sâmbătă' };
  const later = { date: '2026-04-13', hours: [], note: 'A doua zi de Paște' };
  const r = await put(s.staff, { ...settings(), specialDays: [later, saturday, holiday] });
  t.equal(r.status, 200);
  t.same(r.body.settings.specialDays, [holiday, saturday, later], 'kept in date order');

  const issued = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-applications' });
  t.same([issued.status, issued.body.code], [409, 'QMS_ERR_OFFICE_CLOSED'], 'no ticket on a holiday within the weekly hours');
  const home = (await kiosk.get('/api/kiosk/home')).body;
  t.match(home.office, { openNow: false, specialDay: holiday, upcomingSpecialDays: [saturday] });
  t.equal(home.services[0].notIssuingReason, 'QMS_ERR_OFFICE_CLOSED');
  const board = (await display.get('/api/display/home')).body;
  t.match(board.office, { openNow: false, specialDay: holiday, upcomingSpecialDays: [saturday] });

  clock.set('2026-03-17T08:00:00Z');
  t.match((await kiosk.get('/api/kiosk/home')).body.office, { openNow: true, specialDay: null, upcomingSpecialDays: [saturday] }, 'an ordinary Tuesday');

  clock.set('2026-03-21T08:30:00Z');
  const home2 = (await kiosk.get('/api/kiosk/home')).body;
  t.match(home2.office, { openNow: true, specialDay: saturday }, 'a special opening on a Saturday');
  t.same(home2.office.upcomingSpecialDays, [], 'Easter Monday is more than two weeks away');
  const onSaturday = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-applications' });
  t.equal(onSaturday.status, 201, 'tickets during the special opening');

  clock.set('2026-03-30T08:30:00Z');
  t.same((await kiosk.get('/api/kiosk/home')).body.office.upcomingSpecialDays, [later], 'now within two weeks');
});
