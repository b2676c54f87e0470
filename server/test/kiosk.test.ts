import { escposToText } from '@qms/firmware-bridge/printer';
import t from 'tap';
import { closedPort, startFakePrinter } from '../../firmware-bridge/test/fake-printer';
import { logoPng } from '../../firmware-bridge/test/ticket-data';
import { build } from './helper';

const key = (n: number | string) => ({ 'idempotency-key': `kiosk-touch-${n}` });

t.test('a citizen takes a ticket at the kiosk: issued, in the queue, printed, with a link for the phone', async (t) => {
  const s = await build(t);
  const kiosk = await s.localKiosk();

  const home = await kiosk.get('/api/kiosk/home');
  t.equal(home.status, 200);
  t.same(
    home.body.services.map((x: { prefix: string }) => x.prefix),
    ['A', 'B', 'C', 'D', 'E'],
    'every service, in the kiosk order',
  );
  t.match(home.body.services[0], { nameRo: 'Cărți de identitate – depunere cereri', nameEn: 'ID cards – applications', issuing: true, notIssuingReason: null, waiting: 0, etaMinutes: 0 });
  t.equal(home.body.office.openNow, true);

  const r = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-applications', lang: 'en' }, key(1));
  t.equal(r.status, 201);
  t.match(r.body.ticket, { code: 'A001', status: 'waiting', lang: 'en', ahead: 0 });
  t.match(r.body.service, { prefix: 'A', nameEn: 'ID cards – applications' });
  t.match(r.body.followUrl, /^http:\/\/[^/]+\/t\/[A-Za-z0-9_-]{40,}$/);
  t.same(r.body.print, { ok: true, status: { online: true, paperOut: false, paperNearEnd: false, coverOpen: false }, error: null });

  const queue = await s.anon.get('/api/queue');
  t.same(queue.body.tickets.map((x: { code: string }) => x.code), ['A001'], 'the ticket is in the queue');

  const prints = await s.staff.get('/api/prints');
  t.equal(prints.body.length, 1, 'one job on the virtual printer');
  t.match(prints.body[0], { ticketCode: 'A001', deviceName: 'Chioșc local' });
  t.match(prints.body[0].text, /Cărți de identitate – depunere cereri/);
  t.ok(prints.body[0].text.includes(`[QR: ${r.body.followUrl}]`), 'the QR on the paper is the link for the phone');
  const picture = await fetch(`${s.url}/api/prints/${prints.body[0].id}/picture.svg`, { headers: { cookie: s.staff.cookie } });
  t.equal(picture.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
  t.match(await picture.text(), /^<\?xml|^<svg/);
  t.equal((await s.anon.get('/api/prints')).status, 401, 'print jobs are for staff');

  const second = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-applications' }, key(2));
  t.match(second.body.ticket, { code: 'A002', ahead: 1 }, 'the next citizen has one person ahead');
  t.equal((await kiosk.get('/api/kiosk/home')).body.services[0].waiting, 2);
});

t.test('one touch is one ticket: the same touch sent again is answered, not issued or printed again', async (t) => {
  const s = await build(t);
  const kiosk = await s.localKiosk();
  const first = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-pickup' }, key('same'));
  const again = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-pickup' }, key('same'));
  t.equal(again.body.ticket.id, first.body.ticket.id);
  t.same(again.body.print, first.body.print, 'the first print is reported');
  t.equal((await s.anon.get('/api/queue')).body.tickets.length, 1);
  t.equal((await s.staff.get('/api/prints')).body.length, 1, 'printed once');
});

t.test('a rate limit per kiosk stops a child printing a hundred tickets', async (t) => {
  const s = await build(t);
  const kiosk = await s.localKiosk();
  const [device] = (await s.staff.get('/api/devices')).body;
  await s.staff.patch(`/api/devices/${device.id}`, { settings: { ticketsPerMinute: 3 } });
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await kiosk.post('/api/kiosk/tickets', { serviceId: 'information' }, key(`rl-${i}`)));
  t.same(
    answers.map((a) => a.status),
    [201, 201, 201, 429, 429, 429],
  );
  t.match(answers[3]!.body, { code: 'QMS_ERR_KIOSK_RATE_LIMITED', retryAfterSeconds: 60 });
  t.equal((await s.anon.get('/api/queue')).body.tickets.length, 3, 'three tickets, not six');

  s.clock.advance(61_000);
  t.equal((await kiosk.post('/api/kiosk/tickets', { serviceId: 'information' }, key('rl-later'))).status, 201, 'a minute later it gives tickets again');
});

t.test('services that give no tickets say why, and the kiosk issues nothing for them', async (t) => {
  const s = await build(t);
  const kiosk = await s.localKiosk();
  await s.staff.post('/api/services/civil-status/close');
  const home = await kiosk.get('/api/kiosk/home');
  const civil = home.body.services.find((x: { id: string }) => x.id === 'civil-status');
  t.match(civil, { issuing: false, notIssuingReason: 'QMS_ERR_SERVICE_CLOSED' }, 'still listed, with the reason');
  const r = await kiosk.post('/api/kiosk/tickets', { serviceId: 'civil-status' }, key('closed'));
  t.same([r.status, r.body.code], [409, 'QMS_ERR_SERVICE_CLOSED']);
  t.equal((await s.staff.get('/api/prints')).body.length, 0, 'nothing printed');
  const bad = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-pickup', priority: 'other' }, key('bad'));
  t.same([bad.status, bad.body.code], [400, 'QMS_ERR_VALIDATION'], "the staff-only priority class is not offered at the kiosk");
  const checkIn = await kiosk.post('/api/kiosk/check-in', { ref: 'ABC123' });
  t.same([checkIn.status, checkIn.body.code], [404, 'QMS_ERR_APPOINTMENT_NOT_FOUND']);
});

t.test('printing on a network printer: the ESC/POS job arrives with the code, the QR and the cut', async (t) => {
  const printer = await startFakePrinter();
  t.teardown(() => printer.close());
  const s = await build(t, { env: { QMS_PRINTER: printer.url } });
  const kiosk = await s.localKiosk();

  const r = await kiosk.post('/api/kiosk/tickets', { serviceId: 'civil-status', priority: 'elderly' }, key('tcp'));
  t.equal(r.body.print.ok, true, 'printed on the printer from QMS_PRINTER');
  t.match(r.body.ticket, { code: 'C001', priority: 'elderly' });
  const job = printer.connections.map((c) => c).find((c) => c.length > 100)!;
  t.ok(job, 'the printer received a job');
  const text = escposToText(job);
  t.match(text, /C\s+0\s+0\s+1/, 'the ticket code, enlarged');
  t.ok(text.includes(`[QR: ${r.body.followUrl}]`), 'the QR holds the phone link');
  t.match(text, /Stare civilă/, 'Romanian letters survive');
  t.notOk(job.includes(0x3f), 'and nothing printed as ?');
  t.ok(job.includes(Buffer.from([0x1d, 0x56])), 'the paper is cut');

  // Paper out: the ticket is in the queue, the kiosk is told, staff see the printer's health.
  printer.state.status = { 1: 0x12 | 0x08, 2: 0x12 | 0x20, 4: 0x12 | 0x6c };
  const jobsBefore = printer.connections.filter((c) => c.length > 100).length;
  const out = await kiosk.post('/api/kiosk/tickets', { serviceId: 'civil-status' }, key('paper-out'));
  t.equal(out.status, 201, 'the ticket is issued anyway');
  t.match(out.body.print, { ok: false, error: { code: 'PRINTER_PAPER_OUT' }, status: { paperOut: true } });
  t.equal(printer.connections.filter((c) => c.length > 100).length, jobsBefore, 'no job is sent into a printer without paper');
  t.ok((await s.anon.get('/api/queue')).body.tickets.some((x: { code: string }) => x.code === 'C002'), 'C002 is in the queue');
  const devices = (await s.staff.get('/api/devices')).body;
  t.match(devices[0].printer, { address: printer.url, error: { code: 'PRINTER_PAPER_OUT' }, status: { paperOut: true } }, 'staff see the printer out of paper');
  t.match((await kiosk.get('/api/kiosk/home')).body.printer, { error: { code: 'PRINTER_PAPER_OUT' } }, 'and so does the kiosk');

  // Paper loaded: the citizen reprints.
  printer.state.status = { 1: 0x12, 2: 0x12, 4: 0x12 };
  const reprint = await kiosk.post(`/api/kiosk/tickets/${out.body.ticket.id}/reprint`);
  t.match(reprint.body.print, { ok: true, error: null });
  for (let i = 0; i < 2; i++) t.equal((await kiosk.post(`/api/kiosk/tickets/${out.body.ticket.id}/reprint`)).status, 200);
  t.equal((await kiosk.post(`/api/kiosk/tickets/${out.body.ticket.id}/reprint`)).body.code, 'QMS_ERR_KIOSK_RATE_LIMITED', 'three reprints of one ticket, not more');
  const last = printer.connections.filter((c) => c.length > 100).at(-1)!;
  t.match(escposToText(last), /C\s+0\s+0\s+2/, 'the reprint is the same ticket');
  t.match((await kiosk.get('/api/kiosk/printer')).body, { status: { online: true, paperOut: false }, error: null });
});

t.test('a printer that is off: the kiosk is told quickly, the ticket stays in the queue', async (t) => {
  const s = await build(t);
  const kiosk = await s.localKiosk();
  const [device] = (await s.staff.get('/api/devices')).body;
  await s.staff.patch(`/api/devices/${device.id}`, { settings: { printer: `tcp://127.0.0.1:${await closedPort()}` } });
  const started = Date.now();
  const r = await kiosk.post('/api/kiosk/tickets', { serviceId: 'cashier' }, key('offline'));
  t.ok(Date.now() - started < 5000, 'answered within seconds');
  t.equal(r.status, 201);
  t.match(r.body.print, { ok: false, error: { code: 'PRINTER_OFFLINE' } });
  t.equal((await s.anon.get('/api/queue')).body.tickets[0].code, 'D001');
  const test = await s.staff.post(`/api/devices/${device.id}/test-print`);
  t.match(test.body.print, { ok: false, error: { code: 'PRINTER_OFFLINE' } }, 'a test print tells staff the same');
});

t.test("the phone link shows the ticket's place, live, and cannot be guessed", async (t) => {
  const s = await build(t);
  const kiosk = await s.localKiosk();
  const tokens = [];
  for (let i = 0; i < 3; i++) {
    const r = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-applications' }, key(`m${i}`));
    tokens.push(r.body.followUrl.split('/t/')[1] as string);
  }
  const third = await s.anon.get(`/api/public/tickets/${tokens[2]}`);
  t.match(third.body, { code: 'A003', status: 'waiting', ahead: 2, counter: null, serviceRo: 'Cărți de identitate – depunere cereri' });
  t.notOk('lang' in third.body || 'note' in third.body, 'nothing beyond what the ticket shows');

  const called = await s.staff.post('/api/counters/counter-1/call-next');
  t.equal(called.body.ticket.code, 'A001');
  t.match((await s.anon.get(`/api/public/tickets/${tokens[0]}`)).body, { status: 'called', counter: { number: 1 } }, 'the first is called to counter 1');
  t.match((await s.anon.get(`/api/public/tickets/${tokens[2]}`)).body, { ahead: 1 }, 'the third moves up');

  const forged = `${tokens[0]!.slice(0, -3)}${tokens[0]!.endsWith('AAA') ? 'BBB' : 'AAA'}`;
  t.equal((await s.anon.get(`/api/public/tickets/${forged}`)).body.code, 'QMS_ERR_TICKET_NOT_FOUND', 'a changed token is refused');
  const otherId = (await s.anon.get('/api/queue')).body.tickets[1].id as string;
  t.equal((await s.anon.get(`/api/public/tickets/x${Buffer.from(otherId).toString('base64url')}${'A'.repeat(22)}`)).status, 404, 'an id without its signature is refused');
});

t.test("the office's logo prints at the top of every ticket once a manager sets it", async (t) => {
  const s = await build(t);
  const kiosk = await s.localKiosk();
  const put = (body: Buffer) =>
    fetch(`${s.url}/api/office/ticket-logo`, { method: 'PUT', headers: { cookie: s.staff.cookie, 'content-type': 'image/png' }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const refused = await put(Buffer.from('GIF89a not a png'));
  t.match(refused, { status: 400, body: { code: 'QMS_ERR_VALIDATION', field: 'file' } });
  t.match(await put(logoPng(800, 40)), { status: 400, body: { message: /800x40 dots/ } }, 'too wide for the paper');
  t.equal((await s.anon.get('/api/office/ticket-logo')).status, 404, 'no logo yet');
  t.match(await put(logoPng()), { status: 200, body: { width: 64, height: 24 } });

  await kiosk.post('/api/kiosk/tickets', { serviceId: 'cashier' }, key('logo'));
  const [job] = (await s.staff.get('/api/prints')).body;
  t.match(job.text, /\[IMAGE 64x24\][\s\S]*Serviciul Public/, 'the logo above the office name');

  t.equal((await s.staff.request('DELETE', '/api/office/ticket-logo')).status, 204);
  await kiosk.post('/api/kiosk/tickets', { serviceId: 'cashier' }, key('no-logo'));
  t.notMatch((await s.staff.get('/api/prints')).body[0].text, /IMAGE/, 'removed: tickets print without it');
});
