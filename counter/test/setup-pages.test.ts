/**
 * The panel's setup pages against a real server in Chromium: an administrator adds a service and an open
 * kiosk offers it at once; a refused letter is shown by its field; retiring a service with people waiting
 * asks what becomes of them and moves them; opening hours and special days are saved; counters are added
 * and retired (an open one is refused); a person limited to one counter can work only there; a manager
 * reads the setup without changing it.
 */
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { ensureBuilt, newPage, textOf } from '../../scripts/test-support/browser';
import { build, type Built } from '../../server/test/helper';
import { ADMIN, launch, newPanel, realClock, SCREENSHOTS, seen, signIn } from './lib/panel';

type SetupTab = 'office' | 'services' | 'counters' | 'staff';

/** Signs in on the panel's form and opens a setup page from the header: the "Administrare" link, then its tab. */
async function openSetup(page: Page, tab: SetupTab, user = ADMIN): Promise<void> {
  await page.goto('/counter/');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
  await page.getByTestId('staff-nav').getByRole('link', { name: 'Administrare' }).click();
  await page.getByTestId('setup-nav').getByRole('link', { name: { office: 'Biroul', services: 'Servicii', counters: 'Ghișee', staff: 'Personal' }[tab], exact: true }).click();
  await page.getByTestId(`${tab}-page`).waitFor();
}

/** artifacts/screenshots/<name>.png, the page scrolled to its top. */
async function shot(page: Page, tab: SetupTab): Promise<void> {
  await page.getByTestId(`${tab}-page`).evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}/setup-${tab}.png` });
}

/** The server's own kiosk, on the kiosk's touchscreen. */
async function openKiosk(browser: Browser, url: string): Promise<Page> {
  await ensureBuilt('kiosk');
  const { page } = await newPage(browser, { viewport: { width: 1080, height: 1920 }, baseURL: url, hasTouch: true, locale: 'ro-RO', timezoneId: 'Europe/Bucharest' });
  await page.goto('/kiosk/');
  // The first start pairs this machine's own kiosk with the server.
  await page.getByTestId('services').waitFor({ timeout: 15_000 });
  return page;
}

interface ServiceRow {
  id: string;
  prefix: string;
  nameRo: string;
  icon: string;
  color: string;
  dailyCapacity: number | null;
  active: boolean;
}
const services = async (s: Built): Promise<ServiceRow[]> => (await s.staff.get('/api/admin/services')).body;
const queueTickets = async (s: Built): Promise<{ code: string; serviceId: string; status: string }[]> => (await s.anon.get('/api/queue')).body.tickets;

t.test('a new service appears on an open kiosk at once; a letter already taken is refused next to its field', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const kiosk = await openKiosk(browser, s.url);
  await kiosk.evaluate(() => ((window as unknown as { sameKioskPage: boolean }).sameKioskPage = true));
  const before = await services(s);

  const { page } = await newPanel(browser, s.url);
  await openSetup(page, 'services');
  t.equal(await page.getByTestId('setup-nav').getByRole('link', { name: 'Servicii', exact: true }).getAttribute('aria-current'), 'page', 'the tab of the page is marked');
  t.match(await textOf(page, 'service-row-id-applications'), /A\s*Cărți de identitate – depunere cereri ID cards – applications 1 fără limită 20 min Nu În uz 0 \/ 0/);

  await page.getByTestId('service-add').click();
  await page.getByLabel('Litera bonului').fill('a');
  await page.getByLabel('Denumirea în română').fill('Pașapoarte');
  await page.getByLabel('Denumirea în engleză').fill('Passports');
  await page.getByTestId('svc-icon-calendar').check();
  await page.getByLabel('Culoarea').fill('#ad1457');
  await page.getByTestId('svc-capacity-none').uncheck();
  await page.locator('#svc-capacity').fill('120');
  await page.getByLabel('Așteptarea țintă').fill('30');
  await page.getByTestId('service-save').click();

  // The letter A belongs to the ID-card applications: the reason shows under the letter, nothing is added.
  await seen(page, 'svc-prefix-error', 'Litera este deja folosită de alt serviciu');
  const prefix = page.locator('#svc-prefix');
  t.equal(await prefix.getAttribute('aria-invalid'), 'true', 'the letter is marked as not accepted');
  t.equal(await prefix.getAttribute('aria-describedby'), 'svc-prefix-error', 'and the reason is read out with it');
  t.equal(await page.getByTestId('svc-prefix-error').getAttribute('role'), 'alert');
  t.equal((await services(s)).length, before.length, 'no service was added');
  t.equal(await page.getByTestId('service-form-error').count(), 0, 'the reason is by the field only');

  await prefix.fill('F');
  await page.getByTestId('service-save').click();
  await seen(page, 'services-note', 'Serviciul „Pașapoarte” a fost adăugat. Apare acum la chioșc.');
  t.equal(await page.getByTestId('service-form').count(), 0, 'the form closes');
  const added = (await services(s)).find((x) => x.prefix === 'F');
  t.match(added, { nameRo: 'Pașapoarte', icon: 'calendar', color: '#ad1457', dailyCapacity: 120, active: true }, 'saved on the server as typed');
  const row = page.getByTestId(`service-row-${added!.id}`);
  t.match(await row.innerText(), /F\s+Pașapoarte\s+Passports\s+6\s+120\s+30 min/, 'listed with its letter, names, place, capacity and target');
  t.equal(await row.getByTestId('service-prefix').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(173, 20, 87)', 'the letter in the service’s colour');

  // The kiosk, left open, offers it without being reloaded.
  const offered = kiosk.getByTestId(`service-${added!.id}`);
  await offered.waitFor({ timeout: 6000 });
  t.match(await offered.innerText(), /Pașapoarte/, 'the kiosk shows the new service');
  t.ok(await kiosk.evaluate(() => (window as unknown as { sameKioskPage?: boolean }).sameKioskPage), 'on the same page, not a reloaded one');

  await shot(page, 'services');
});

t.test('an office that offers Ukrainian asks for each service’s Ukrainian name; one left empty stays empty', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const office = (await s.staff.get('/api/office')).body.settings;
  await s.staff.request('PUT', '/api/office', { ...office, languages: ['ro', 'en', 'uk'] });

  const { page } = await newPanel(browser, s.url);
  await openSetup(page, 'services');
  await page.getByTestId('service-row-cashier').getByTestId('service-edit').click();
  t.equal(await page.getByTestId('svc-name-hu').count(), 0, 'no Hungarian name: the office does not offer it');
  const uk = page.getByLabel('Denumirea în ucraineană (Українська)');
  t.equal(await uk.getAttribute('placeholder'), 'Cashier', 'empty, it shows what the kiosk will show instead');
  await uk.fill(' Каса ');
  await page.getByTestId('service-form').screenshot({ path: `${SCREENSHOTS}/setup-service-names.png` });
  await page.getByTestId('service-save').click();
  await seen(page, 'services-note', 'Serviciul „Casierie” a fost salvat.');
  const saved = async () => ((await s.staff.get('/api/admin/services')).body as { id: string; names: object }[]).find((x) => x.id === 'cashier')!.names;
  t.same(await saved(), { uk: 'Каса' }, 'saved trimmed');

  await page.getByTestId('service-row-cashier').getByTestId('service-edit').click();
  t.equal(await page.getByTestId('svc-name-uk').inputValue(), 'Каса', 'the form opens with it');
  await page.getByTestId('svc-name-uk').fill('');
  await page.getByTestId('service-save').click();
  await seen(page, 'services-note', 'Serviciul „Casierie” a fost salvat.');
  t.same(await saved(), {}, 'emptied, the kiosk shows the English name again');
});

t.test('retiring a service with people waiting asks what becomes of them, then moves them to another service', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  for (let i = 0; i < 2; i++) t.equal((await s.staff.post('/api/tickets', { serviceId: 'id-pickup' })).status, 201);
  const waitingBefore = (await queueTickets(s)).filter((x) => x.status === 'waiting').length;

  // A clerk at counter 5, which calls pick-ups first, then applications.
  await s.createUser('ana', 'ana-password-1', 'clerk');
  const clerk = await newPanel(browser, s.url);
  await signIn(clerk.page, { username: 'ana', password: 'ana-password-1' }, 'counter-5');
  const waitingRow = (code: string) => clerk.page.getByTestId('waiting-list').locator('li').filter({ hasText: code });
  t.match(await waitingRow('B001').innerText(), /Cărți de identitate – ridicare/, 'before: waiting for the pick-ups');

  const { page } = await newPanel(browser, s.url);
  await openSetup(page, 'services');
  await page.getByTestId('service-row-id-pickup').getByTestId('service-retire').click();
  const dialog = page.getByTestId('retire-dialog');
  await dialog.getByRole('heading', { name: 'Retrageți serviciul „Cărți de identitate – ridicare”?' }).waitFor();
  t.equal(await dialog.getByTestId('retire-waiting').textContent(), 'Cetățenii care așteaptă deja (2): ce se întâmplă cu bonurile lor?', 'it asks about the two waiting');
  t.ok(await dialog.getByTestId('retire-confirm').isDisabled(), 'nothing is retired before a choice');
  await dialog.getByTestId('retire-transfer').check();
  t.ok(await dialog.getByTestId('retire-confirm').isDisabled(), 'nor before the service that takes them is chosen');
  const offered = await dialog.getByTestId('retire-target').locator('option:not([disabled])').allTextContents();
  t.notOk(
    offered.some((o) => o.includes('ridicare')),
    'the service being retired does not take its own tickets',
  );
  await dialog.getByTestId('retire-target').selectOption('id-applications');
  await dialog.getByTestId('retire-confirm').click();

  await seen(page, 'services-note', 'Serviciul „Cărți de identitate – ridicare” a fost retras; 2 bonuri în așteptare au fost transferate.');
  t.equal(await dialog.count(), 0, 'the question closes');
  const row = page.getByTestId('service-row-id-pickup');
  t.equal(await row.getByTestId('service-state').textContent(), 'Retras');
  t.equal(await row.getByTestId('service-restore').count(), 1, 'a retired service can be brought back');
  t.equal(await row.getByTestId('service-retire').count(), 0);

  const after = await queueTickets(s);
  t.same(
    after.filter((x) => x.code.startsWith('B')).map((x) => [x.code, x.serviceId, x.status]),
    [
      ['B001', 'id-applications', 'waiting'],
      ['B002', 'id-applications', 'waiting'],
    ],
    'both moved, in their order, still waiting with their numbers',
  );
  t.equal(after.filter((x) => x.status === 'waiting').length, waitingBefore, 'nobody was dropped');
  t.equal((await services(s)).find((x) => x.id === 'id-pickup')?.active, false, 'retired on the server');

  // The clerk's panel follows by itself: the tickets now wait under the applications.
  await waitingRow('B001').filter({ hasText: 'Cărți de identitate – depunere cereri' }).waitFor();
  t.match(await waitingRow('B002').innerText(), /Cărți de identitate – depunere cereri/);
  await clerk.page.getByTestId('service-id-pickup').waitFor({ state: 'detached' });
  t.equal(await clerk.page.getByTestId('service-id-applications').count(), 1, 'the counter’s services: the retired one is gone');

  // Brought back, it is in use again.
  await row.getByTestId('service-restore').click();
  await seen(page, 'services-note', 'Serviciul „Cărți de identitate – ridicare” este din nou în uz.');
  t.equal((await services(s)).find((x) => x.id === 'id-pickup')?.active, true);
});

t.test('opening hours and special days are saved; overlapping hours are refused next to their day', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const { page } = await newPanel(browser, s.url);
  await openSetup(page, 'office');
  t.equal(await page.locator('#office-timezone').inputValue(), 'Europe/Bucharest');
  t.equal(await page.locator('#office-timezone option').first().textContent(), 'Europe/Bucharest', 'the office’s zone first in the list');

  // Monday: a morning and an afternoon; Sunday: closed.
  await page.getByTestId('office-hours-mon-from-0').fill('08:30');
  await page.getByTestId('office-hours-mon-to-0').fill('12:00');
  await page.getByTestId('office-hours-mon-add').click();
  await page.getByTestId('office-hours-mon-from-1').fill('13:00');
  await page.getByTestId('office-hours-mon-to-1').fill('16:30');
  await page.getByRole('button', { name: 'duminică: elimină intervalul 1' }).click();
  t.equal(await textOf(page, 'office-hours-sun-closed'), 'Închis', 'a day without hours is closed');
  // Tuesday gets a second range inside its first.
  await page.getByTestId('office-hours-tue-add').click();
  await page.getByTestId('office-save').click();

  await seen(page, 'office-hours-tue-error', 'Intervalele nu sunt bune');
  t.equal(await page.getByTestId('office-hours-tue-from-1').getAttribute('aria-invalid'), 'true', 'Tuesday’s hours are marked');
  t.equal(await page.getByTestId('office-hours-tue-from-1').getAttribute('aria-describedby'), 'office-hours-tue-error');
  t.equal(await page.getByTestId('office-hours-mon-error').count(), 0, 'Monday is fine');
  let saved = (await s.staff.get('/api/office')).body.settings;
  t.same(saved.openingHours.mon, [{ from: '00:00', to: '24:00' }], 'nothing was saved');

  await page.getByRole('button', { name: 'marți: elimină intervalul 2' }).click();
  await page.getByTestId('special-add').click();
  await page.locator('#special-0-date').fill('2026-12-01');
  t.ok(await page.getByTestId('special-0-closed').isChecked(), 'a special day starts closed');
  await page.locator('#special-0-note').fill('Ziua Națională');
  await page.getByTestId('special-add').click();
  await page.locator('#special-1-date').fill('2026-12-24');
  await page.getByTestId('special-1-closed').uncheck();
  await page.getByTestId('special-1-hours-to-0').fill('11:00');
  await page.getByTestId('language-hu').check();
  await page.getByTestId('office-save').click();
  await seen(page, 'office-saved', 'Modificările au fost salvate.');

  saved = (await s.staff.get('/api/office')).body.settings;
  t.same(
    saved.openingHours.mon,
    [
      { from: '08:30', to: '12:00' },
      { from: '13:00', to: '16:30' },
    ],
    'Monday’s two ranges',
  );
  t.same(saved.openingHours.sun, [], 'Sunday closed');
  t.same(saved.openingHours.tue, [{ from: '00:00', to: '24:00' }], 'Tuesday as it was');
  t.same(saved.specialDays, [
    { date: '2026-12-01', hours: [], note: 'Ziua Națională' },
    { date: '2026-12-24', hours: [{ from: '08:00', to: '11:00' }] },
  ]);
  t.same(saved.languages, ['ro', 'en', 'hu'], 'Romanian first, then the ones ticked');

  // Read again, the page shows what was saved.
  await page.reload();
  await page.getByTestId('office-form').waitFor();
  t.equal(await page.getByTestId('office-hours-mon-to-1').inputValue(), '16:30');
  t.equal(await page.getByTestId('special-day').count(), 2);
  t.equal(await page.locator('#special-0-note').inputValue(), 'Ziua Națională');
  await shot(page, 'office');
});

t.test('counters: an open one cannot be retired; a new one is added, used, and retired under its clerk', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const { page } = await newPanel(browser, s.url);
  await openSetup(page, 'counters');
  t.match(await textOf(page, 'counter-row-counter-1'), /1 Ghișeul 1 A 1 · ×1 E 2 · ×1 ca la birou Deschis/);

  await page.getByTestId('counter-row-counter-1').getByTestId('counter-retire').click();
  await page.getByTestId('retire-counter-confirm').click();
  await seen(page, 'retire-counter-error', 'Ghișeul este deschis sau are un cetățean la el.');
  await page.getByTestId('retire-counter-dialog').getByRole('button', { name: 'Renunță' }).click();
  t.equal((await s.staff.get('/api/admin/counters')).body.find((c: { id: string }) => c.id === 'counter-1').active, true, 'still in use');

  await page.getByTestId('counter-add').click();
  const form = page.getByTestId('counter-form');
  t.equal(await form.getByLabel('Numărul ghișeului').inputValue(), '9', 'the next free number');
  await form.getByLabel('Numărul ghișeului').fill('1');
  await form.getByLabel('Unde se află (opțional)').fill('Etaj 1, camera 12');
  await form.getByTestId('counter-save').click();
  await seen(page, 'ctr-number-error', 'Numărul este deja al altui ghișeu.');
  t.equal((await s.staff.get('/api/admin/counters')).body.length, 8, 'nothing added');

  await form.getByLabel('Numărul ghișeului').fill('9');
  await form.getByLabel('Denumirea').fill('Ghișeul 9');
  await form.getByTestId('ctr-add-service').click();
  t.equal(await form.getByTestId('ctr-svc-1').inputValue(), 'id-pickup', 'a new row takes a service not chosen yet');
  await form.getByTestId('ctr-weight-1').fill('2');
  await form.getByRole('button', { name: 'Mută rândul 2 mai sus' }).click();
  t.equal(await form.getByTestId('ctr-svc-0').inputValue(), 'id-pickup', 'moved up, it comes first');
  t.equal(await form.getByTestId('ctr-order-0').inputValue(), '1', 'and is called first');
  await form.getByTestId('ctr-ratio-own').check();
  await form.getByTestId('ctr-ratio-priority').fill('3');
  await form.getByTestId('counter-save').click();
  await seen(page, 'counters-note', 'Ghișeul 9 a fost adăugat.');
  const made = (await s.staff.get('/api/admin/counters')).body.find((c: { number: number }) => c.number === 9);
  t.match(made, {
    name: 'Ghișeul 9',
    location: 'Etaj 1, camera 12',
    services: [
      { serviceId: 'id-pickup', order: 1, weight: 2 },
      { serviceId: 'id-applications', order: 2, weight: 1 },
    ],
    priorityRatio: { priority: 3, normal: 1 },
    active: true,
  });
  t.match(await textOf(page, `counter-row-${made.id}`), /9 Ghișeul 9 Etaj 1, camera 12 B 1 · ×2 A 2 · ×1 3 prioritare : 1 normale Închis/);

  // A clerk picks the new counter (it is offered at once) and works there.
  await s.createUser('ana', 'ana-password-1', 'clerk');
  const clerk = await newPanel(browser, s.url);
  await signIn(clerk.page, { username: 'ana', password: 'ana-password-1' }, made.id);
  await seen(clerk.page, 'counter-name', 'Ghișeul 9');

  // Closed and free, it can be retired: the clerk is asked to choose again.
  await page.getByTestId(`counter-row-${made.id}`).getByTestId('counter-retire').click();
  await page.getByTestId('retire-counter-confirm').click();
  await seen(page, 'counters-note', 'Ghișeul 9 a fost retras.');
  t.equal(await page.getByTestId(`counter-row-${made.id}`).getByTestId('counter-state').textContent(), 'Retras', 'kept in the list, retired');
  await clerk.page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
  t.equal(await clerk.page.getByTestId(`pick-${made.id}`).count(), 0, 'the retired counter is no longer offered');
  t.equal(await clerk.page.getByTestId('pick-counter-1').count(), 1);

  await shot(page, 'counters');
});

t.test('staff: a person limited to one counter is created, can work only there, and the audit log shows it', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const { page } = await newPanel(browser, s.url);
  await openSetup(page, 'staff');
  t.match(await textOf(page, 'user-row-admin'), /admin \(dumneavoastră\) administrator toate ghișeele Activ/);

  await page.getByTestId('user-add').click();
  const form = page.getByTestId('user-form');
  await form.getByLabel('Utilizator').fill('ioana');
  await form.getByLabel('Parolă', { exact: true }).fill('ioana-password-1');
  await form.getByLabel('Parola, încă o dată').fill('ioana-password-2');
  await form.getByTestId('user-counters-all').uncheck();
  await form.getByLabel('Ghișeul 2', { exact: true }).check();
  await form.getByTestId('user-create').click();
  await seen(page, 'user-password2-error', 'Cele două parole nu coincid.');
  t.notOk(((await s.staff.get('/api/users')).body as { username: string }[]).some((u) => u.username === 'ioana'), 'not created');

  await form.getByLabel('Parola, încă o dată').fill('ioana-password-1');
  await form.getByTestId('user-create').click();
  await seen(page, 'staff-note', 'Contul „ioana” a fost creat.');
  const row = page.getByTestId('user-row-ioana');
  t.equal(await row.getByTestId('user-role').textContent(), 'funcționar');
  t.equal(await row.getByTestId('user-counters').textContent(), 'Ghișeul 2');
  const ioana = ((await s.staff.get('/api/users')).body as { username: string; role: string; counters: string[] | null }[]).find((u) => u.username === 'ioana');
  t.match(ioana, { role: 'clerk', counters: ['counter-2'] }, 'saved on the server');
  await page.getByTestId('audit').getByTestId('audit-row').filter({ hasText: 'Cont creat' }).filter({ hasText: 'ioana' }).waitFor();

  // Ioana may not choose counter 1; counter 2 works.
  const clerk = await newPanel(browser, s.url);
  await clerk.page.goto('/counter/');
  await clerk.page.locator('#username').fill('ioana');
  await clerk.page.locator('#password').fill('ioana-password-1');
  await clerk.page.getByRole('button', { name: 'Intră în cont' }).click();
  await clerk.page.getByTestId('pick-counter-1').click();
  await seen(clerk.page, 'pick-error', 'Contul dumneavoastră nu poate lucra la acest ghișeu.');
  await clerk.page.getByTestId('pick-counter-2').click();
  await seen(clerk.page, 'counter-name', 'Ghișeul 2');

  // Disabled, the account shows it; the log has it first.
  await row.getByTestId('user-disable').click();
  await seen(page, 'staff-note', 'Contul „ioana” a fost dezactivat');
  t.equal(await row.getByTestId('user-state').textContent(), 'Dezactivat');
  await page.getByTestId('audit').getByTestId('audit-row').first().filter({ hasText: 'Cont dezactivat' }).waitFor();

  await shot(page, 'staff');
});

t.test('a manager reads the setup pages and changes nothing; a clerk has no way in', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  await s.createUser('mihai', 'mihai-password-1', 'manager');
  // More than a page of the audit log: every ticket staff issue is in it.
  for (let i = 0; i < 55; i++) await s.staff.post('/api/tickets', { serviceId: 'information' });
  const { page } = await newPanel(browser, s.url);
  await openSetup(page, 'office', { username: 'mihai', password: 'mihai-password-1' });
  await seen(page, 'read-only', 'Doar pentru citire');
  t.ok(await page.locator('#office-name').isDisabled(), 'the fields are shown, not editable');
  t.equal(await page.getByTestId('office-save').count(), 0, 'no save button');

  await page.getByTestId('setup-tab-services').click();
  await page.getByTestId('service-row-id-applications').waitFor();
  t.equal(await page.getByTestId('service-add').count(), 0, 'no adding');
  t.equal(await page.getByTestId('service-retire').count(), 0, 'no retiring');

  await page.getByTestId('setup-tab-staff').click();
  await page.getByTestId('audit-row').first().waitFor();
  t.equal(await page.getByTestId('users').count(), 0, 'accounts are the administrators’ alone');
  const rows = page.getByTestId('audit-row');
  t.equal(await rows.count(), 50, 'the newest 50 first');
  t.match(await rows.first().innerText(), /mihai\s+Alegerea ghișeului|mihai\s+Intrare în cont/, 'newest first: the manager’s own sign-in');
  await page.getByTestId('audit-more').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length > 50);
  const all = await rows.allInnerTexts();
  t.ok(all.length > 55, `the older ones follow (${all.length} in all)`);
  t.match(all.at(-1), /Cont creat\s+admin/, 'down to the first entry: the administrator’s account, made at the first start');
  t.equal(await page.getByTestId('audit-more').count(), 0, 'nothing more to load');

  await s.createUser('ana', 'ana-password-1', 'clerk');
  const clerk = await newPanel(browser, s.url);
  await signIn(clerk.page, { username: 'ana', password: 'ana-password-1' }, 'counter-1');
  t.equal(await clerk.page.getByTestId('nav-setup').count(), 0, 'no setup link for a clerk');
  await clerk.page.goto('/counter/#/services');
  await clerk.page.getByTestId('current').waitFor();
  t.equal(await clerk.page.getByTestId('services-page').count(), 0, 'typing the address opens the counter work');
});
