import t from 'tap';
import { build } from '../../server/test/helper';
import { ADMIN, control, launch, newPanel, realClock, seen, shot, signIn, textOf } from './lib/panel';

/** Minutes until the next local midnight in a time zone. */
function minutesToMidnight(timeZone: string): number {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date()).split(':').map(Number);
  return 24 * 60 - ((h ?? 0) * 60 + (m ?? 0));
}

t.test('a clerk signs in, picks the counter, calls, serves, finishes and pauses', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  for (let i = 0; i < 3; i++) await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/tickets', { serviceId: 'information' });
  const { page } = await newPanel(browser, s.url);

  await page.goto('/counter/');
  await page.getByRole('heading', { name: 'Autentificare' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'ro', 'Romanian by default');
  await shot(page, 'signin');

  await page.locator('#username').fill(ADMIN.username);
  await page.locator('#password').fill('not-the-password');
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await seen(page, 'signin-error', 'Utilizator sau parolă greșită.', 3000);

  await page.locator('#password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
  await page.getByTestId('pick-counter-8').waitFor();
  await shot(page, 'pick');
  await page.getByTestId('pick-counter-1').click();

  await seen(page, 'counter-name', 'Ghișeul 1');
  await seen(page, 'counter-state', 'Deschis');
  t.equal(await textOf(page, 'service-id-applications'), 'A Cărți de identitate – depunere cereri 3 bonuri în așteptare cel mai vechi: sub 1 min');
  t.match(await textOf(page, 'service-information'), /1 bon în așteptare/);
  t.equal(await textOf(page, 'waiting-total'), '4', 'every ticket this counter may call');
  t.equal(await textOf(page, 'current-none'), 'Niciun cetățean la ghișeu');
  t.ok(await control(page, 'finish').isDisabled(), 'nothing to finish yet');
  t.ok(await control(page, 'recall').isDisabled(), 'nothing to recall yet');
  t.match(await control(page, 'callNext').textContent(), /Următorul\s*Spațiu\s*\/\s*N/, 'the shortcut is on the button');
  await shot(page, 'idle');

  // Space calls the next ticket; the panel shows what the server decided.
  await page.keyboard.press('Space');
  await seen(page, 'current-status', 'Chemat');
  const counters = (await s.anon.get('/api/counters')).body as { id: string; current: { id: string; code: string } | null }[];
  const called = counters.find((c) => c.id === 'counter-1')!.current!;
  t.equal(await textOf(page, 'current-code'), called.code, 'the ticket the server called is on the panel');
  await seen(page, 'waiting-total', '3');
  const first = await textOf(page, 'current-timer');
  t.match(first, /^0:0\d$/, 'the serving timer starts at zero');
  await page.waitForTimeout(1600);
  const later = await textOf(page, 'current-timer');
  t.not(later, first, `and runs (${first}, then ${later})`);
  t.ok(await control(page, 'recall').isEnabled(), 'a called ticket can be recalled');
  t.ok(await control(page, 'pause').isDisabled(), 'no pause with a citizen at the counter');
  await shot(page, 'called');

  await page.keyboard.press('r');
  await seen(page, 'current', 'rechemat o dată');
  await page.keyboard.press('s');
  await seen(page, 'current-status', 'În servire');
  t.ok(await control(page, 'start').isDisabled(), 'started once');

  // Finish with an outcome picked on the panel.
  await page.getByRole('button', { name: 'Acte incomplete' }).click();
  await shot(page, 'serving');
  await page.keyboard.press('f');
  await seen(page, 'current-none', 'Niciun cetățean la ghișeu');
  await seen(page, 'feedback', `Bonul ${called.code} a fost finalizat.`);
  const done = (await s.anon.get(`/api/tickets/${called.id}`)).body;
  t.match(done, { status: 'done', outcome: 'Acte incomplete' }, 'finished with the outcome on the server');

  // Pause with a reason: P, then the reason's number.
  await page.keyboard.press('p');
  await page.getByTestId('pause-dialog').getByRole('heading', { name: 'Motivul pauzei' }).waitFor();
  await shot(page, 'pause-dialog');
  await page.keyboard.press('2');
  await seen(page, 'counter-state', 'În pauză — Lucrări de birou');
  await seen(page, 'current', 'Ghișeul este în pauză: Lucrări de birou.');
  const paused = ((await s.anon.get('/api/counters')).body as { id: string; state: string; pauseReason: string }[]).find((c) => c.id === 'counter-1');
  t.match(paused, { state: 'paused', pauseReason: 'paperwork' }, 'GET /api/counters says so too');
  t.match(await control(page, 'resume').textContent(), /Reia lucrul\s*P/);
  await shot(page, 'paused');

  await page.keyboard.press('p');
  await seen(page, 'counter-state', 'Deschis');

  // The PC remembers the counter: a reload, and signing in again, go straight to it.
  await page.reload();
  await seen(page, 'counter-name', 'Ghișeul 1', 5000);
  await page.getByTestId('sign-out').click();
  await seen(page, 'remembered-counter', 'Pe acest calculator: Ghișeul 1', 3000);
  await page.locator('#username').fill(ADMIN.username);
  await page.locator('#password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await seen(page, 'counter-name', 'Ghișeul 1', 3000);
  await page.getByTestId('current').waitFor();
});

t.test('double presses act once; refusals are explained in the panel language; transfer and re-activation', async (t) => {
  const browser = await launch(t);
  const clock = realClock();
  let ahead = 0;
  // This test moves the server's clock 16 minutes ahead; close to the office's midnight that would start a
  // new day, so then the whole test runs an hour behind.
  const offset = minutesToMidnight('Europe/Bucharest') < 20 ? -3600_000 : 0;
  clock.now = () => Date.now() + offset + ahead;
  const s = await build(t, { clock });
  for (let i = 0; i < 4; i++) await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  const { page } = await newPanel(browser, s.url);
  await signIn(page, ADMIN, 'counter-8');
  await seen(page, 'waiting-total', '4');

  const waiting = async () => ((await s.anon.get('/api/queue')).body.tickets as { status: string }[]).filter((x) => x.status === 'waiting').length;

  // A double tap on "Call next" and a double key press each call one ticket.
  await control(page, 'callNext').dblclick();
  await seen(page, 'current-code', 'D001');
  await page.waitForTimeout(300);
  t.equal(await waiting(), 3, 'a double tap called one ticket');
  const d001 = ((await s.anon.get('/api/counters')).body as { id: string; current: { id: string } }[]).find((c) => c.id === 'counter-8')!.current.id;

  // An outcome of its own, typed; Enter in the field finishes.
  await page.getByTestId('outcome-input').fill('Cerere depusă, revine joi');
  await page.getByTestId('outcome-input').press('Enter');
  await seen(page, 'current-none', 'Niciun cetățean la ghișeu');
  t.match((await s.anon.get(`/api/tickets/${d001}`)).body, { status: 'done', outcome: 'Cerere depusă, revine joi' }, 'finished with the typed outcome');

  await page.waitForTimeout(1000);
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await seen(page, 'current-code', 'D002');
  await page.waitForTimeout(300);
  t.equal(await waiting(), 2, 'a double key press called one ticket');

  // No-show: the ticket waits in "Neprezentați recent" and can come back.
  await page.keyboard.press('x');
  await seen(page, 'no-shows', 'D002');
  await page.getByTestId('no-shows').getByRole('button', { name: 'Reactivează' }).click();
  await seen(page, 'feedback', 'Bonul D002 a fost pus înapoi în coadă.');
  await seen(page, 'waiting-total', '3');

  await page.keyboard.press('Space');
  await seen(page, 'current-code', 'D002');
  await page.keyboard.press('x');
  await seen(page, 'no-shows', 'D002');
  // Past the grace time the server refuses, and the panel says why, in Romanian, then in English.
  ahead = 16 * 60_000;
  await page.getByTestId('no-shows').getByRole('button', { name: 'Reactivează' }).click();
  await seen(page, 'feedback', 'A trecut prea mult timp de la neprezentare; cetățeanul trebuie să ia un bon nou.');
  t.equal(await page.getByTestId('feedback').getAttribute('role'), 'alert', 'read out as an alert');
  await shot(page, 'refused');
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await seen(page, 'feedback', 'Too long since the no-show; the citizen needs a new ticket.');
  await seen(page, 'counter-name', 'Counter 8');
  t.match(await control(page, 'callNext').textContent(), /Call next\s*Space\s*\/\s*N/);
  await page.getByRole('button', { name: 'Dismiss the message' }).click();
  ahead = 0;

  // Transfer: T, a counter, the front of its queue, a note.
  await page.keyboard.press('Space');
  await seen(page, 'current-status', 'Called');
  const code = await textOf(page, 'current-code');
  await page.keyboard.press('t');
  const dialog = page.getByTestId('transfer-dialog');
  await dialog.getByRole('heading', { name: `Transfer ticket ${code}` }).waitFor();
  await dialog.getByRole('radio', { name: 'To a counter' }).click();
  await dialog.locator('[data-target="counter-2"]').click();
  await dialog.getByRole('radio', { name: 'To the front of the queue' }).click();
  await dialog.locator('textarea').fill('Needs the ID card desk');
  await shot(page, 'transfer-en');
  await dialog.getByTestId('transfer-confirm').click();
  await seen(page, 'feedback', `Ticket ${code} was transferred.`);
  await seen(page, 'current-none', 'No citizen at the counter');
  const moved = ((await s.anon.get('/api/queue')).body.tickets as { code: string; targetCounterId: string | null; note: string | null; front: boolean }[]).find(
    (x) => x.code === code,
  );
  t.match(moved, { targetCounterId: 'counter-2', note: 'Needs the ID card desk', front: true }, 'the server has the transfer');
  await shot(page, 'idle-en');
  await page.getByRole('button', { name: 'RO', exact: true }).click();
  await seen(page, 'counter-name', 'Ghișeul 8');
});

t.test('a ticket with an appointment shows the citizen and the slot', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  await s.staff.post('/api/tickets', { serviceId: 'civil-status' });
  await s.staff.post('/api/tickets', { serviceId: 'civil-status' });
  const { page } = await newPanel(browser, s.url);
  // Appointments cannot be booked through the API yet: the test adds one to C001 on its way to the panel,
  // as the server will send it (the citizen's name is optional there).
  const slotAt = new Date(Date.UTC(2026, 10, 24, 8, 30)).toISOString();
  const checkedInAt = new Date(Date.UTC(2026, 10, 24, 8, 21)).toISOString();
  const withAppointment = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(withAppointment);
    if (!node || typeof node !== 'object') return node;
    const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withAppointment(v)]));
    if (o.code === 'C001' && 'appointment' in o) o.appointment = { ref: 'P-2041', slotAt, checkedInAt, name: 'Popescu Ioana' };
    return o;
  };
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(typeof m === 'string' ? JSON.stringify(withAppointment(JSON.parse(m))) : m));
  });
  await signIn(page, ADMIN, 'counter-6');
  await seen(page, 'waiting-list', 'C001 Stare civilă Programare');
  await page.keyboard.press('n');
  await seen(page, 'current-code', 'C001');
  t.equal(
    await textOf(page, 'appointment'),
    'Popescu Ioana Programarea P-2041 · ora 10:30 · sosit la 10:21',
    'name, reference, slot and arrival, in the office time zone',
  );
  await shot(page, 'appointment');
});
