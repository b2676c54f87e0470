import t from 'tap';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CsvSource,
  EasyAppointmentsSource,
  IcsSource,
  JsonFeedSource,
  SourceError,
  dayOf,
  localToEpoch,
  parseAppointmentsCsv,
  parseIcs,
  sourceFromConfig,
  type ExternalAppointment,
  type FetchResult,
} from '../src/features/appointments/sources/index';

const TZ = 'Europe/Bucharest';
const DAY = '2026-05-14';
const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`./fixtures/appointments/${name}`, import.meta.url)), 'utf8');
const utc = (iso: string): number => Date.parse(iso);
const byId = (r: FetchResult): Record<string, ExternalAppointment> =>
  Object.fromEntries(r.appointments.map((a) => [a.externalId, a]));
const reasons = (r: FetchResult): Record<string, string> =>
  Object.fromEntries(r.problems.map((p) => [p.record, p.reason]));

async function sourceError(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('expected a SourceError');
}

// ---------------------------------------------------------------- a stand-in Easy!Appointments and feeds

const TOKEN = 'tok-7f3a9';
const USER = 'admin';
const PASSWORD = 'parolă-bună';

const customers: Record<string, { firstName: string; lastName: string }> = {
  '1': { firstName: 'Ștefan', lastName: 'Țurcanu' },
  '2': { firstName: 'Ioana', lastName: 'Mărgărit' },
  '3': { firstName: 'Ână', lastName: 'Îmbrăcăminte-Popescu' },
  '4': { firstName: 'Mihai', lastName: 'Ionescu' },
  '5': { firstName: 'Elena', lastName: 'Dumitrescu' },
};

const at = (minutes: number): string =>
  `${DAY} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

/** 45 appointments on DAY, every tenth minute from 08:00, with the odd ones the API can give. */
function dayRecords(): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (let id = 1; id <= 45; id++) {
    const start = 8 * 60 + (id - 1) * 10;
    records.push({
      id,
      book: '2026-05-10 12:00:00',
      start: at(start),
      end: at(start + 10),
      hash: `h${id}q9`,
      status: 'Booked',
      notes: '',
      customerId: ((id - 1) % 5) + 1,
      providerId: 2,
      serviceId: id % 2 ? 7 : 8,
      location: 'Ghișeul 1',
      color: '#7cbae8',
    });
  }
  const r = (id: number) => records[id - 1]!;
  r(3).status = 'Cancelled';
  r(4).status = 'Rescheduled';
  delete r(5).status; // an older Easy!Appointments
  r(6).status = 'Draft';
  delete r(7).start;
  r(8).start = '2026-13-45 10:00:00';
  Object.assign(r(9), { start: `${DAY} 10:00:00`, end: `${DAY} 09:30:00` });
  r(10).customerId = 999; // deleted customer
  Object.assign(r(11), { start: '2026-05-15 09:00:00', end: '2026-05-15 09:10:00' }); // the date filter let it through
  delete r(12).hash;
  r(13).status = 'Confirmed';
  return records;
}

const recordsByDate: Record<string, Record<string, unknown>[]> = {
  [DAY]: dayRecords(),
  '2026-03-29': [
    { id: 101, start: '2026-03-29 02:30:00', end: '2026-03-29 02:50:00', customerId: 1, serviceId: 7, hash: 'd1' },
    { id: 102, start: '2026-03-29 03:30:00', end: '2026-03-29 04:40:00', customerId: 2, serviceId: 7, hash: 'd2' },
    { id: 103, start: '2026-03-29 02:50:00', end: '2026-03-29 04:10:00', customerId: 3, serviceId: 7, hash: 'd3' },
    { id: 104, start: '2026-03-29 10:00:00', end: '2026-03-29 10:20:00', customerId: 4, serviceId: 7, hash: 'd4' },
  ],
  '2026-10-25': [
    { id: 201, start: '2026-10-25 00:15:00', end: '2026-10-25 00:30:00', customerId: 1, serviceId: 7, hash: 'a1' },
    { id: 202, start: '2026-10-25 03:30:00', end: '2026-10-25 03:50:00', customerId: 2, serviceId: 7, hash: 'a2' },
    { id: 203, start: '2026-10-25 10:00:00', end: '2026-10-25 10:20:00', customerId: 3, serviceId: 7, hash: 'a3' },
  ],
};

const log: { path: string; query: URLSearchParams }[] = [];
let customersInFlight = 0;
let customersMaxInFlight = 0;

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  log.push({ path: url.pathname, query: url.searchParams });
  const ea = /^\/ea\/index\.php\/api\/v1\/(appointments|customers\/(\w+))$/.exec(url.pathname);
  if (ea) {
    const auth = req.headers.authorization ?? '';
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    if (auth !== `Bearer ${TOKEN}` && auth !== basic) return json(res, 401, { message: 'Unauthorized' });
    if (ea[2]) {
      customersInFlight++;
      customersMaxInFlight = Math.max(customersMaxInFlight, customersInFlight);
      setTimeout(() => {
        customersInFlight--;
        const c = customers[ea[2]!];
        if (!c) return json(res, 404, { message: 'The requested record was not found!' });
        json(res, 200, { id: Number(ea[2]), ...c, email: 'x@example.ro', phone: '0700000000' });
      }, 15);
      return;
    }
    const page = Number(url.searchParams.get('page'));
    const length = Number(url.searchParams.get('length'));
    const all = recordsByDate[url.searchParams.get('date') ?? ''] ?? [];
    return json(res, 200, all.slice((page - 1) * length, page * length));
  }
  switch (url.pathname) {
    case '/html/index.php/api/v1/appointments':
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><html><body>Site în mentenanță</body></html>');
    case '/object/index.php/api/v1/appointments':
      return json(res, 200, { message: 'The API is disabled' });
    case '/broken/index.php/api/v1/appointments':
      return json(res, 500, { message: 'Internal error' });
    case '/hang/index.php/api/v1/appointments':
      return; // never answers
    case '/feed.json':
      if (req.headers['x-api-key'] !== 'k-1') return json(res, 403, { error: 'forbidden' });
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(fixture('feed.json'));
    case '/feed-local.json':
      return json(res, 200, [{ id: 1, at: `${DAY}T10:00:00Z`, who: 'Ștefan Țurcanu', svc: 'SC' }]);
    case '/calendar.ics':
      res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' });
      return res.end(fixture('programari.ics'));
    case '/not-a-calendar.ics':
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>Login</html>');
    default:
      json(res, 404, { message: 'not found' });
  }
});

let base = '';
t.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});

// ---------------------------------------------------------------- local time

t.test('office wall times become instants, right on the nights the clocks change', async (t) => {
  t.equal(localToEpoch(DAY, '10:00', TZ), utc('2026-05-14T07:00:00Z'), 'summer time, UTC+3');
  t.equal(localToEpoch('2026-01-15', '10:00:00', TZ), utc('2026-01-15T08:00:00Z'), 'winter time, UTC+2');
  t.equal(localToEpoch('2026-03-29', '02:59', TZ), utc('2026-03-29T00:59:00Z'), 'just before the spring gap');
  t.equal(
    localToEpoch('2026-03-29', '03:30', TZ),
    utc('2026-03-29T01:30:00Z'),
    'a skipped wall time moves forward by the gap: 03:30 is read as 04:30 summer time',
  );
  t.equal(localToEpoch('2026-03-29', '04:00', TZ), utc('2026-03-29T01:00:00Z'), 'first summer minute');
  t.equal(
    localToEpoch('2026-10-25', '03:30', TZ),
    utc('2026-10-25T00:30:00Z'),
    'a wall time that happens twice is the first one, still summer time',
  );
  t.equal(localToEpoch('2026-10-25', '04:00', TZ), utc('2026-10-25T02:00:00Z'), 'after the change, winter time');
  t.equal(localToEpoch('2026-11-01', '01:30', 'America/New_York'), utc('2026-11-01T05:30:00Z'), 'other zones too');
  t.equal(dayOf(utc('2026-05-13T21:30:00Z'), TZ), DAY, '00:30 local belongs to the new day');
  t.equal(dayOf(utc('2026-05-13T20:59:00Z'), TZ), '2026-05-13');
  t.throws(() => localToEpoch('2026-13-45', '10:00', TZ), { name: 'RangeError', message: "'2026-13-45' is not a date" });
  t.throws(() => localToEpoch('2026-02-29', '10:00', TZ), { message: "'2026-02-29' is not a date" }, 'not a leap year');
  t.throws(() => localToEpoch(DAY, '24:00', TZ), { message: "'24:00' is not a time" });
});

// ---------------------------------------------------------------- Easy!Appointments

t.test('Easy!Appointments: all pages, names, statuses and broken records', async (t) => {
  log.length = 0;
  customersMaxInFlight = 0;
  const source = new EasyAppointmentsSource({ baseUrl: `${base}/ea/`, auth: { type: 'bearer', token: TOKEN } });
  const result = await source.fetchDay(DAY, TZ);

  const pages = log.filter((r) => r.path.endsWith('/appointments'));
  t.same(
    pages.map((r) => [r.query.get('date'), r.query.get('page'), r.query.get('length')]),
    [
      [DAY, '1', '20'],
      [DAY, '2', '20'],
      [DAY, '3', '20'],
    ],
    '45 records at 20 a page: pages 1, 2 and 3, each once',
  );
  const customerCalls = log.filter((r) => r.path.includes('/customers/')).map((r) => r.path.split('/').pop());
  t.same([...customerCalls].sort(), ['1', '2', '3', '4', '5', '999'], 'each customer read once');
  t.ok(customersMaxInFlight > 1 && customersMaxInFlight <= 4, `customers read in parallel, a few at a time (${customersMaxInFlight})`);

  const a = byId(result);
  t.equal(result.appointments.length, 39, '45, less a draft, four broken records and one of another day');
  t.same(a['1'], {
    externalId: '1',
    ref: 'h1q9',
    start: utc('2026-05-14T05:00:00Z'),
    end: utc('2026-05-14T05:10:00Z'),
    name: 'Ștefan Țurcanu',
    externalService: '7',
    status: 'booked',
    sequence: 0,
  });
  t.equal(a['3']!.status, 'cancelled', 'Cancelled');
  t.equal(a['3']!.name, 'Ână Îmbrăcăminte-Popescu');
  t.equal(a['4']!.status, 'booked', 'Rescheduled is still a booking');
  t.equal(a['5']!.status, 'booked', 'no status (older version) is a booking');
  t.equal(a['13']!.status, 'booked', 'Confirmed');
  t.notOk(a['6'], 'a draft is not a booking');
  t.same(reasons(result)['6'], undefined, 'and not a problem either');
  t.equal(a['12']!.ref, '12', 'without a hash the id is the reference');
  t.equal(a['2']!.name, 'Ioana Mărgărit');
  t.equal(a['2']!.externalService, '8');
  t.notOk(a['11'], 'a record of another day is left out');
  t.equal(a['45']!.start, utc('2026-05-14T12:20:00Z'), 'last page read too');

  t.same(reasons(result), {
    '7': 'no start time',
    '8': "start '2026-13-45 10:00:00' is not a date",
    '9': 'ends (2026-05-14 09:30:00) before it starts (2026-05-14 10:00:00)',
    '10': 'customer 999 could not be read: 404',
  });
});

t.test('Easy!Appointments: Basic authentication, and a page length of its own', async (t) => {
  log.length = 0;
  const source = sourceFromConfig({
    kind: 'easyappointments',
    baseUrl: `${base}/ea`,
    auth: { type: 'basic', username: USER, password: PASSWORD },
    pageLength: 50,
  });
  const result = await source.fetchDay(DAY, TZ);
  t.equal(result.appointments.length, 39);
  t.same(
    log.filter((r) => r.path.endsWith('/appointments')).map((r) => r.query.get('page')),
    ['1'],
    'one short page is the last',
  );
});

t.test('Easy!Appointments: wrong credentials are refused', async (t) => {
  const bearer = new EasyAppointmentsSource({ baseUrl: `${base}/ea`, auth: { type: 'bearer', token: 'expired' } });
  const e1 = await sourceError(bearer.fetchDay(DAY, TZ));
  t.equal(e1.code, 'SOURCE_REFUSED');
  t.match(e1.message, /refused access \(HTTP 401\).*token or the user name and password/);
  const basic = new EasyAppointmentsSource({
    baseUrl: `${base}/ea`,
    auth: { type: 'basic', username: USER, password: 'parola-buna' },
  });
  t.equal((await sourceError(basic.fetchDay(DAY, TZ))).code, 'SOURCE_REFUSED');
});

t.test('Easy!Appointments on the nights the clocks change', async (t) => {
  const source = new EasyAppointmentsSource({ baseUrl: `${base}/ea`, auth: { type: 'bearer', token: TOKEN } });
  const spring = byId(await source.fetchDay('2026-03-29', TZ));
  t.equal(spring['101']!.start, utc('2026-03-29T00:30:00Z'), '02:30 is still winter time');
  t.equal(spring['102']!.start, utc('2026-03-29T01:30:00Z'), '03:30 does not exist: read as 04:30 summer time');
  t.equal(spring['102']!.end! - spring['102']!.start, 10 * 60_000, 'until 04:40: ten minutes');
  t.equal(spring['103']!.end! - spring['103']!.start, 20 * 60_000, '02:50 to 04:10 across the gap is 20 minutes');
  t.equal(spring['104']!.start, utc('2026-03-29T07:00:00Z'), '10:00 summer time');

  const autumn = byId(await source.fetchDay('2026-10-25', TZ));
  t.equal(autumn['201']!.start, utc('2026-10-24T21:15:00Z'), '00:15 local is on the day though the UTC date is not');
  t.equal(autumn['202']!.start, utc('2026-10-25T00:30:00Z'), '03:30 happens twice: the first, summer time');
  t.equal(autumn['203']!.start, utc('2026-10-25T08:00:00Z'), '10:00 winter time');
});

t.test('Easy!Appointments that cannot be read at all', async (t) => {
  const auth = { type: 'bearer' as const, token: TOKEN };
  const html = await sourceError(new EasyAppointmentsSource({ baseUrl: `${base}/html`, auth }).fetchDay(DAY, TZ));
  t.equal(html.code, 'SOURCE_BAD_RESPONSE');
  t.match(html.message, /did not answer with JSON \(it began '<!doctype html>/);
  const object = await sourceError(new EasyAppointmentsSource({ baseUrl: `${base}/object`, auth }).fetchDay(DAY, TZ));
  t.equal(object.code, 'SOURCE_BAD_RESPONSE');
  t.match(object.message, /not answer with a list of appointments/);
  const broken = await sourceError(new EasyAppointmentsSource({ baseUrl: `${base}/broken`, auth }).fetchDay(DAY, TZ));
  t.equal(broken.code, 'SOURCE_UNREACHABLE', 'a server error is worth retrying');

  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  let started = Date.now();
  const refused = await sourceError(
    new EasyAppointmentsSource({ baseUrl: `http://127.0.0.1:${port}`, auth }).fetchDay(DAY, TZ),
  );
  t.equal(refused.code, 'SOURCE_UNREACHABLE');
  t.match(refused.message, /could not be reached: the connection was refused/);
  t.ok(Date.now() - started < 2000, 'a closed port fails at once');

  started = Date.now();
  const silent = await sourceError(
    new EasyAppointmentsSource({ baseUrl: `${base}/hang`, auth, timeoutMs: 300 }).fetchDay(DAY, TZ),
  );
  t.equal(silent.code, 'SOURCE_UNREACHABLE');
  t.match(silent.message, /did not answer within 0.3 s/);
  t.ok(Date.now() - started < 2000, 'the timeout holds');
});

// ---------------------------------------------------------------- JSON feed

const feedMapping = {
  list: 'data.bookings',
  id: 'bookingId',
  ref: 'code',
  start: 'slot.from',
  end: 'slot.to',
  name: 'citizen.fullName',
  service: 'service.code',
  status: 'state',
};

t.test('JSON feed: a nested list read through a mapping', async (t) => {
  const source = new JsonFeedSource({ url: `${base}/feed.json`, headers: { 'X-Api-Key': 'k-1' }, mapping: feedMapping });
  const result = await source.fetchDay(DAY, TZ);
  const a = byId(result);
  t.same(Object.keys(a).sort(), ['501', '502', '503']);
  t.same(a['501'], {
    externalId: '501',
    ref: 'RZ-501',
    start: utc('2026-05-14T06:00:00Z'),
    end: utc('2026-05-14T06:20:00Z'),
    name: 'Ștefan Țurcanu',
    externalService: 'SC',
    status: 'booked',
    sequence: 0,
  });
  t.equal(a['502']!.start, utc('2026-05-14T06:30:00Z'), 'an offset is honoured');
  t.equal(a['502']!.status, 'cancelled', "'Anulat' is a cancellation whatever its case");
  t.equal(a['503']!.start, utc('2026-05-14T08:00:00Z'), 'a time without zone is office time');
  t.equal(a['503']!.ref, '503', 'no reference field: the id');
  t.equal(a['503']!.end, null);
  t.equal(a['503']!.name, 'Ână Îmbrăcăminte-Popescu');
  t.same(reasons(result), {
    '505': "start '2026-02-30T09:00:00' is not a date",
    '#6': 'no id (bookingId)',
    '507': 'ends before it starts',
    '508': 'no name (citizen.fullName)',
  });

  const refused = await sourceError(new JsonFeedSource({ url: `${base}/feed.json`, mapping: feedMapping }).fetchDay(DAY, TZ));
  t.equal(refused.code, 'SOURCE_REFUSED', 'without its key');
  const nowhere = await sourceError(
    new JsonFeedSource({
      url: `${base}/feed.json`,
      headers: { 'X-Api-Key': 'k-1' },
      mapping: { ...feedMapping, list: 'data.items' },
    }).fetchDay(DAY, TZ),
  );
  t.equal(nowhere.code, 'SOURCE_BAD_RESPONSE');
  t.match(nowhere.message, /no list at 'data.items'/);
});

t.test('JSON feed: local times, even when labelled UTC', async (t) => {
  const mapping = { id: 'id', start: 'at', name: 'who', service: 'svc' };
  const iso = await new JsonFeedSource({ url: `${base}/feed-local.json`, mapping }).fetchDay(DAY, TZ);
  t.equal(iso.appointments[0]!.start, utc('2026-05-14T10:00:00Z'), "'iso': Z means UTC");
  const local = await new JsonFeedSource({ url: `${base}/feed-local.json`, mapping, timeFormat: 'local' }).fetchDay(DAY, TZ);
  t.equal(local.appointments[0]!.start, utc('2026-05-14T07:00:00Z'), "'local': 10:00 at the office");
});

// ---------------------------------------------------------------- iCalendar

t.test('iCalendar file: bookings of the day, with their zones', async (t) => {
  const result = await new IcsSource({ text: fixture('programari.ics') }).fetchDay(DAY, TZ);
  const a = byId(result);
  t.same(Object.keys(a), [
    'ev-1@programari.primarie.ro',
    'ev-2@programari.primarie.ro',
    'ev-3@programari.primarie.ro',
    'ev-10@programari.primarie.ro',
    'ev-11@programari.primarie.ro',
    'ev-12@programari.primarie.ro',
  ], 'in file order, the day only');
  t.same(a['ev-1@programari.primarie.ro'], {
    externalId: 'ev-1@programari.primarie.ro',
    ref: 'SC-7Q2K',
    start: utc('2026-05-14T06:00:00Z'),
    end: utc('2026-05-14T06:20:00Z'),
    name: 'Ștefan Țurcanu',
    externalService: 'Stare civilă',
    status: 'booked',
    sequence: 2,
  });
  const ev2 = a['ev-2@programari.primarie.ro']!;
  t.match(ev2, { name: 'Ioana Mărgărit', status: 'cancelled', sequence: 1, externalService: 'Căsătorii' });
  t.equal(ev2.ref, 'ev-2@programari.primarie.ro', 'no X-BOOKING-REF: the UID');
  t.equal(ev2.start, utc('2026-05-14T07:30:00Z'), 'UTC');
  const ev3 = a['ev-3@programari.primarie.ro']!;
  t.equal(ev3.name, 'Ână Îmbrăcăminte-Popescu', 'a folded line is joined, diacritics intact');
  t.equal(ev3.start, utc('2026-05-14T08:00:00Z'), 'a floating time is office time');
  t.equal(ev3.end, utc('2026-05-14T08:15:00Z'), 'DURATION gives the end');
  t.equal(ev3.externalService, '', 'no CATEGORIES: no service');
  t.equal(a['ev-10@programari.primarie.ro']!.start, utc('2026-05-14T07:00:00Z'), 'a TZID with no VTIMEZONE, by its IANA name');
  t.equal(
    a['ev-11@programari.primarie.ro']!.start,
    utc('2026-05-14T12:00:00Z'),
    "the file's own VTIMEZONE (W. Europe, UTC+2 in May)",
  );
  t.equal(a['ev-12@programari.primarie.ro']!.start, utc('2026-05-13T21:30:00Z'), '00:30 at the office is on the day');
  t.same(reasons(result), {
    'ev-4@programari.primarie.ro': 'recurring event, not a booking',
    'ev-6@programari.primarie.ro': 'all-day event, not a booking',
    '#7': 'no UID',
    'ev-8@programari.primarie.ro': 'ends before it starts',
    'ev-9@programari.primarie.ro': "start '2026-13-45T10:00:00' is not a date",
  });

  const fromUrl = await new IcsSource({ url: `${base}/calendar.ics` }).fetchDay(DAY, TZ);
  t.same(fromUrl, result, 'the same calendar over HTTP');
  t.equal(parseIcs(fixture('programari.ics'), { timeZone: TZ }).appointments.length, 8, 'every day, without a day');
});

t.test('iCalendar: VTIMEZONE rules on the nights the clocks change, and files that are not calendars', async (t) => {
  const vtimezones = fixture('programari.ics').match(/BEGIN:VTIMEZONE\r\n[\s\S]*?END:VTIMEZONE\r\n/g)!.join('');
  const event = (uid: string, tzid: string, start: string) =>
    `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART;TZID=${tzid}:${start}\r\nSUMMARY:Ioana Mărgărit\r\nEND:VEVENT\r\n`;
  const events = [
    event('ro-spring', 'Europe/Bucharest', '20260329T100000'),
    event('ro-autumn', 'Europe/Bucharest', '20261025T100000'),
    event('ro-gap', 'Europe/Bucharest', '20260329T033000'),
    event('ro-twice', 'Europe/Bucharest', '20261025T033000'),
    event('we-gap', 'W. Europe Standard Time', '20260329T023000'),
    event('we-twice', 'W. Europe Standard Time', '20261025T023000'),
    event('we-after', 'W. Europe Standard Time', '20261025T030000'),
  ];
  const text = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${vtimezones}${events.join('')}END:VCALENDAR\r\n`;
  const all = byId(parseIcs(text, { timeZone: TZ }));
  t.equal(all['ro-spring']!.start, utc('2026-03-29T07:00:00Z'), 'summer time from the rules');
  t.equal(all['ro-autumn']!.start, utc('2026-10-25T08:00:00Z'), 'winter time from the rules');
  t.equal(all['ro-gap']!.start, utc('2026-03-29T01:30:00Z'), 'a skipped 03:30 is 04:30 summer time, as elsewhere');
  t.equal(all['ro-twice']!.start, utc('2026-10-25T00:30:00Z'), 'a repeated 03:30 is the first, as elsewhere');
  t.equal(all['we-gap']!.start, utc('2026-03-29T01:30:00Z'), "the file's other zone: 02:30 skipped, read as 03:30 CEST");
  t.equal(all['we-twice']!.start, utc('2026-10-25T00:30:00Z'), "the file's other zone: the first 02:30, CEST");
  t.equal(all['we-after']!.start, utc('2026-10-25T02:00:00Z'), "the file's other zone: 03:00 CET");
  t.equal((await new IcsSource({ text }).fetchDay('2026-03-29', TZ)).appointments.length, 3, 'the spring day');

  const cancel = text.replace('VERSION:2.0', 'VERSION:2.0\r\nMETHOD:CANCEL');
  t.ok(
    parseIcs(cancel, { timeZone: TZ }).appointments.every((a) => a.status === 'cancelled'),
    'METHOD:CANCEL cancels them all',
  );

  const junk = await sourceError(new IcsSource({ text: 'Nume;Data\nȘtefan;14.05.2026' }).fetchDay(DAY, TZ));
  t.equal(junk.code, 'SOURCE_BAD_RESPONSE');
  t.match(junk.message, /^the calendar file is not an iCalendar file/);
  const page = await sourceError(new IcsSource({ url: `${base}/not-a-calendar.ics` }).fetchDay(DAY, TZ));
  t.equal(page.code, 'SOURCE_BAD_RESPONSE');
  const missing = await sourceError(new IcsSource({ url: `${base}/gone.ics` }).fetchDay(DAY, TZ));
  t.equal(missing.code, 'SOURCE_BAD_RESPONSE');
  t.match(missing.message, /HTTP 404: check the address/);
});

// ---------------------------------------------------------------- CSV

t.test('CSV with semicolons, Romanian columns and DD.MM.YYYY dates', async (t) => {
  const text = fixture('programari-punct-si-virgula.csv');
  const result = parseAppointmentsCsv(text, { timeZone: TZ, day: DAY });
  const a = byId(result);
  t.same(Object.keys(a), ['SC-101', 'SC-102', 'SC-103']);
  t.same(a['SC-101'], {
    externalId: 'SC-101',
    ref: 'SC-101',
    start: utc('2026-05-14T06:00:00Z'),
    end: null,
    name: 'Ștefan Țurcanu',
    externalService: 'Stare civilă',
    status: 'booked',
    sequence: 0,
  });
  t.equal(a['SC-102']!.status, 'cancelled', "'anulată'");
  t.equal(a['SC-102']!.name, 'Ioana Mărgărit');
  t.equal(a['SC-103']!.name, 'Îmbrăcăminte-Popescu; Ână', 'a quoted field keeps its separator');
  t.same(result.problems, [
    { record: 'line 6', reason: "time '25:00' is not a time" },
    { record: 'line 7', reason: "date '31.02.2026' is not a date" },
    { record: 'line 9', reason: 'no name' },
    { record: 'line 10', reason: 'reference SC-101 is already on line 2' },
  ]);

  const all = parseAppointmentsCsv(text, { timeZone: TZ });
  t.same(
    all.appointments.map((x) => [x.ref, dayOf(x.start, TZ)]),
    [
      ['SC-101', DAY],
      ['SC-102', DAY],
      ['SC-103', DAY],
      ['SC-106', '2026-05-15'],
      ['SC-108', '2026-05-04'],
    ],
    'without a day, every day in the file; 4.5.2026 8:30 is read too',
  );
  t.equal(all.appointments[4]!.start, utc('2026-05-04T05:30:00Z'));
});

t.test('CSV with commas and English columns', async (t) => {
  const result = parseAppointmentsCsv(fixture('appointments-comma.csv'), { timeZone: TZ, day: DAY });
  const a = byId(result);
  t.same(Object.keys(a), ['EN-1', 'EN-2', 'EN-3']);
  t.equal(a['EN-2']!.name, 'Îmbrăcăminte-Popescu, Ână');
  t.equal(a['EN-2']!.status, 'cancelled');
  t.equal(a['EN-1']!.status, 'booked');
  t.equal(a['EN-3']!.start, utc('2026-05-14T06:00:00Z'), '9:00');
  t.same(result.problems, [{ record: 'line 5', reason: "date '2026/05/14' is not a date" }]);
});

t.test('CSV from a spreadsheet: byte-order mark, CRLF, capitals, other column order', async (t) => {
  const source = new CsvSource({ text: fixture('programari-bom.csv') });
  const result = await source.fetchDay(DAY, TZ);
  t.same(
    result.appointments.map((a) => [a.ref, a.name, a.externalService, a.start]),
    [
      ['B-1', 'Ștefan Țurcanu', 'Stare civilă', utc('2026-05-14T07:00:00Z')],
      ['B-2', 'Ână Îmbrăcăminte-Popescu', 'Căsătorii', utc('2026-05-14T07:15:00Z')],
    ],
  );
  t.same(result.problems, []);

  const noTime = await sourceError(Promise.resolve().then(() => parseAppointmentsCsv('Ref;Data;Nume;Serviciu\nA;14.05.2026;X;Y\n', { timeZone: TZ })));
  t.equal(noTime.code, 'SOURCE_BAD_RESPONSE');
  t.match(noTime.message, /missing: ora \/ time/);
  t.same(parseAppointmentsCsv('Ref;Data;Ora;Nume;Serviciu\n', { timeZone: TZ }), { appointments: [], problems: [] });
});

// ---------------------------------------------------------------- settings

t.test('sources from settings, and settings that are wrong', async (t) => {
  t.type(sourceFromConfig({ kind: 'easyappointments', baseUrl: base, auth: { type: 'bearer', token: 'x' } }), EasyAppointmentsSource);
  t.type(sourceFromConfig({ kind: 'json', url: `${base}/f`, mapping: { id: 'id', start: 's', name: 'n', service: 'v' } }), JsonFeedSource);
  t.type(sourceFromConfig({ kind: 'ics', url: 'webcal://calendar.example.ro/programari.ics' }), IcsSource);
  t.type(sourceFromConfig({ kind: 'ics', text: fixture('programari.ics') }), IcsSource);
  t.type(sourceFromConfig({ kind: 'csv', text: fixture('programari-bom.csv') }), CsvSource);

  const bad: [unknown, RegExp][] = [
    [null, /must be an object/],
    [{ kind: 'outlook' }, /kind must be one of easyappointments, json, ics, csv \(got "outlook"\)/],
    [{ kind: 'easyappointments', baseUrl: base }, /auth is required/],
    [{ kind: 'easyappointments', baseUrl: 'ftp://x', auth: { type: 'bearer', token: 'x' } }, /baseUrl 'ftp:\/\/x' must start with http/],
    [{ kind: 'easyappointments', baseUrl: 'programari', auth: { type: 'bearer', token: 'x' } }, /is not a web address/],
    [{ kind: 'easyappointments', baseUrl: base, auth: { type: 'oauth' } }, /auth.type must be 'bearer' or 'basic'/],
    [{ kind: 'easyappointments', baseUrl: base, auth: { type: 'basic', username: 'a' } }, /auth.password is required/],
    [{ kind: 'easyappointments', baseUrl: base, auth: { type: 'bearer', token: 'x' }, pageLength: 0 }, /pageLength must be a whole number/],
    [{ kind: 'json', url: `${base}/f`, mapping: { id: 'id', name: 'n', service: 'v' } }, /mapping.start is required/],
    [{ kind: 'json', url: `${base}/f`, mapping: { id: 'id', start: 's', name: 'n', service: 'v' }, timeFormat: 'unix' }, /timeFormat must be 'iso' or 'local'/],
    [{ kind: 'json', url: `${base}/f`, headers: { a: 1 }, mapping: { id: 'id', start: 's', name: 'n', service: 'v' } }, /headers must be an object of text values/],
    [{ kind: 'ics' }, /url is required/],
  ];
  for (const [config, message] of bad) t.throws(() => sourceFromConfig(config), message, JSON.stringify(config));
});
