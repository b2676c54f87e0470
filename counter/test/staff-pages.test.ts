/**
 * The staff pages of the panel (admin and manager accounts): pairing and managing devices, and the tickets
 * the built-in virtual printer printed. A real server, Chromium, and a device played by plain HTTP calls.
 */
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import type { Page } from 'playwright-core';
import t from 'tap';
import { build, Client, type Built } from '../../server/test/helper';
import { ADMIN, launch, newPanel, realClock, SCREENSHOTS, seen, signIn, textOf } from './lib/panel';

/** Signs in on the panel's form and stays at the screen that follows (no counter picked). */
async function signInOnly(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto('/counter/');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** A device that asks to be paired, as a kiosk does on its first start. */
async function startPairing(s: Built, kind: 'kiosk' | 'display' | 'bridge' = 'kiosk'): Promise<{ pairingId: string; code: string }> {
  const r = await s.anon.post('/api/pairing', { kind });
  if (r.status !== 201) throw new Error(`pairing did not start: ${JSON.stringify(r.body)}`);
  return r.body;
}

const withToken = (s: Built, token: string): Client => {
  const c = new Client(s.url);
  c.headers = { authorization: `Bearer ${token}` };
  return c;
};

/** A local TCP port nothing listens on: a printer that is switched off. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type DeviceRow = { id: string; name: string; kind: string; local: boolean; settings: { printer: string | null; ticketsPerMinute: number }; revokedAt: string | null };

t.test('an administrator pairs a kiosk by its code, sets its printer, test-prints, and revokes it', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  // The server's own demo kiosk is there from the start.
  await s.anon.post('/api/devices/local');
  const { page } = await newPanel(browser, s.url);

  await signInOnly(page, ADMIN);
  t.equal(await page.getByTestId('pick-staff').count(), 1, 'the counter choice offers the staff pages too');
  t.equal(await page.getByTestId('pick-staff').getByRole('link', { name: /^Setările/ }).getAttribute('href'), '#/office', 'and the office setup');
  await page.getByTestId('pick-staff').getByRole('link', { name: 'Dispozitive' }).click();
  await page.getByRole('heading', { name: 'Dispozitive', level: 2 }).waitFor();
  await seen(page, 'devices', 'Chioșc local');
  t.match(await textOf(page, 'devices'), /demo · pe acest server/, 'the demo kiosk is marked as such');

  // The kiosk shows its code; the administrator types it as shown, with the space.
  const pairing = await startPairing(s);
  const shown = `${pairing.code.slice(0, 3)} ${pairing.code.slice(3)}`;
  await page.getByTestId('pair-code').fill(shown);
  await page.getByTestId('pair-name').fill('Chioșc intrare');
  await page.getByTestId('pair-submit').click();
  await seen(page, 'pair-result', '„Chioșc intrare” a fost asociat.');

  const devices = (await s.staff.get('/api/devices')).body as DeviceRow[];
  const kiosk = devices.find((d) => d.name === 'Chioșc intrare');
  t.ok(kiosk, 'the server has the new device');
  const card = page.getByTestId(`device-${kiosk!.id}`);
  await card.waitFor();
  t.equal(await card.getByTestId('device-kind').textContent(), 'Chioșc');
  t.equal(await card.getByTestId('device-state').textContent(), 'Activ');
  t.match(await card.getByTestId('printer-address').textContent(), /imprimanta virtuală a serverului/, 'prints on the virtual printer until one is set');

  // The kiosk, still polling, now collects its token.
  const collected = await s.anon.get(`/api/pairing/${pairing.pairingId}`);
  t.match(collected.body, { status: 'paired', device: { id: kiosk!.id, name: 'Chioșc intrare' } });
  const token = collected.body.token as string;
  t.equal((await withToken(s, token).get('/api/devices/me')).status, 200, 'the token works');

  // A printer address the server does not accept: the reason next to the field, nothing changed.
  await card.getByTestId('device-edit').click();
  await card.getByTestId('edit-printer').fill('printer.lan:9100');
  await card.getByRole('button', { name: 'Salvează' }).click();
  const printerError = card.getByTestId('edit-printer-error');
  await printerError.waitFor();
  t.match(await printerError.textContent(), /Serverul nu acceptă valoarea: .*printer\.lan:9100/, 'the server’s reason, by the field');
  t.equal(await card.getByTestId('edit-printer').getAttribute('aria-invalid'), 'true');
  const unchanged = ((await s.staff.get('/api/devices')).body as DeviceRow[]).find((d) => d.id === kiosk!.id);
  t.equal(unchanged?.settings.printer, null, 'the printer address on the server is unchanged');

  // A network printer that is switched off, and a lower ticket rate.
  const port = await deadPort();
  await card.getByTestId('edit-printer').fill(`tcp://127.0.0.1:${port}`);
  await card.getByTestId('edit-rate').fill('6');
  await card.getByRole('button', { name: 'Salvează' }).click();
  await seen(page, 'device-note', 'Modificările au fost salvate.');
  t.equal(await card.getByTestId('device-form').count(), 0, 'the form closes');
  t.equal(await card.getByTestId('device-rate').textContent(), 'Bonuri pe minut: 6');
  t.match(await card.getByTestId('printer-address').textContent(), `tcp://127.0.0.1:${port}`);
  const saved = ((await s.staff.get('/api/devices')).body as DeviceRow[]).find((d) => d.id === kiosk!.id);
  t.same(saved?.settings, { printer: `tcp://127.0.0.1:${port}`, ticketsPerMinute: 6 }, 'saved on the server');

  await card.getByTestId('device-test-print').click();
  await card.getByTestId('device-note').filter({ hasText: 'Proba nu s-a tipărit' }).waitFor({ timeout: 8000 });
  t.match(await card.getByTestId('device-note').textContent(), /Nu răspunde/, 'a switched-off printer does not answer');

  // Back to the built-in virtual printer: an empty address.
  await card.getByTestId('device-edit').click();
  await card.getByTestId('edit-printer').fill('');
  await card.getByRole('button', { name: 'Salvează' }).click();
  await seen(page, 'device-note', 'Modificările au fost salvate.');
  await card.getByTestId('device-test-print').click();
  await card.getByTestId('device-note').filter({ hasText: 'Proba a fost tipărită.' }).waitFor({ timeout: 5000 });
  await page.getByTestId('devices-refresh').click();
  await card.getByTestId('printer-health').filter({ hasText: 'Funcționează' }).waitFor();
  await page.getByTestId('devices-page').evaluate((el) => el.scrollTo(0, 0));
  await shot(page, 'staff-devices');

  // The same code again: it was used, no device shows it now.
  await page.getByTestId('pair-code').fill(pairing.code);
  await page.getByTestId('pair-name').fill('Alt chioșc');
  await page.getByTestId('pair-submit').click();
  await seen(page, 'pair-result', 'Codul nu este valabil (greșit sau expirat).');
  t.equal(((await s.staff.get('/api/devices')).body as DeviceRow[]).length, devices.length, 'no device was added');

  // Revoking asks first; then the device's token is refused at once.
  await card.getByTestId('device-revoke').click();
  const dialog = page.getByTestId('revoke-dialog');
  await dialog.getByRole('heading', { name: 'Revocați „Chioșc intrare”?' }).waitFor();
  await dialog.getByRole('button', { name: 'Renunță' }).click();
  t.equal(await dialog.count(), 0, 'cancelling closes the question');
  t.equal((await withToken(s, token).get('/api/devices/me')).status, 200, 'and revokes nothing');
  await card.getByTestId('device-revoke').click();
  await dialog.getByTestId('revoke-confirm').click();
  await card.getByTestId('device-state').filter({ hasText: 'Revocat' }).waitFor();
  const refused = await withToken(s, token).get('/api/devices/me');
  t.same([refused.status, refused.body.code], [401, 'QMS_ERR_DEVICE_UNAUTHENTICATED'], 'the revoked device is refused');
  t.equal(await card.getByTestId('device-revoke').count(), 0, 'a revoked device has no actions left');

  // Back to the counter panel from the header.
  await page.getByTestId('staff-nav').getByRole('link', { name: 'Ghișeu' }).click();
  await page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
  t.equal(await page.getByTestId('devices-page').count(), 0);
});

t.test('a bridge shows what is plugged into it, and staff choose the counters it works for', async (t) => {
  const browser = await launch(t);
  // The server's clock can run behind, for a report that arrives late.
  const clock = realClock();
  let behindMs = 0;
  clock.now = () => Date.now() - behindMs;
  const s = await build(t, { clock });
  const { page } = await newPanel(browser, s.url);
  await signInOnly(page, ADMIN);
  await page.getByTestId('pick-staff').getByRole('link', { name: 'Dispozitive' }).click();
  await page.getByRole('heading', { name: 'Dispozitive', level: 2 }).waitFor();

  const pairing = await startPairing(s, 'bridge');
  const paired = await s.staff.post('/api/devices', { code: pairing.code, name: 'Punte sala mare' });
  t.equal(paired.status, 201, 'the bridge is paired');
  const collected = await s.anon.get(`/api/pairing/${pairing.pairingId}`);
  const bridge = withToken(s, collected.body.token as string);
  const report = (components: unknown[]) => bridge.post('/api/devices/me/health', { components });
  const keypad = { name: 'Tastatura ghișeului 1', kind: 'keypad', connected: true, lastSeenAt: Date.now(), error: null };
  const led = { name: 'Afișajul ghișeului 1', kind: 'led-modbus', connected: false, lastSeenAt: Date.now() - 90_000, error: 'no reply from unit 1' };

  await page.getByTestId('devices-refresh').click();
  const card = page.getByTestId(`device-${paired.body.id}`);
  await seen(page, 'device-counters', 'Ghișee: toate ghișeele');
  t.equal(await card.getByTestId('device-health').count(), 0, 'nothing reported yet, nothing shown');

  // A report three minutes old is marked as such.
  behindMs = 3 * 60_000;
  t.equal((await report([keypad])).status, 204);
  behindMs = 0;
  await page.getByTestId('devices-refresh').click();
  await card.getByTestId('health-stale').waitFor();
  t.match(await card.getByTestId('health-stale').textContent(), /raport vechi/);

  t.equal((await report([keypad, led])).status, 204, 'a fresh report');
  await page.getByTestId('devices-refresh').click();
  await card.getByTestId('health-stale').waitFor({ state: 'detached' });
  t.match(await card.getByTestId('health-at').textContent(), /^raportat la \d{2}:\d{2}$/, 'when the bridge reported');
  const row = (kind: string) => card.locator(`[data-testid="component"][data-kind="${kind}"]`);
  t.equal(await row('keypad').getByTestId('component-state').textContent(), 'Conectat');
  t.equal(await row('keypad').getByTestId('component-kind').textContent(), 'tastatură');
  t.equal(await row('keypad').getByTestId('component-error').count(), 0, 'a working keypad has no error');
  t.equal(await row('led-modbus').getByTestId('component-state').textContent(), 'Deconectat');
  t.equal(await row('led-modbus').getByTestId('component-kind').textContent(), 'afișaj LED Modbus');
  t.equal(await row('led-modbus').getByTestId('component-error').textContent(), 'no reply from unit 1', 'the display’s error');
  const colour = (kind: string, testid: string) => row(kind).getByTestId(testid).evaluate((el) => getComputedStyle(el).backgroundColor);
  t.not(await colour('keypad', 'component-state'), await colour('led-modbus', 'component-state'), 'connected and disconnected look different');
  t.equal(
    await row('led-modbus').getByTestId('component-error').evaluate((el) => getComputedStyle(el).color),
    await colour('led-modbus', 'component-state'),
    'the error is in the colour of a disconnected component',
  );

  // The counters it works for: none ticked is refused before it reaches the server.
  await card.getByTestId('device-edit').click();
  const all = card.getByTestId('edit-all-counters');
  t.ok(await all.isChecked(), 'it works for all counters');
  t.ok(await card.getByLabel('Ghișeul 1', { exact: true }).isDisabled(), 'single counters are chosen once “all” is unticked');
  await all.uncheck();
  await card.getByRole('button', { name: 'Salvează' }).click();
  await seen(page, 'edit-counters-error', 'Alegeți cel puțin un ghișeu sau „toate ghișeele”.');
  await card.getByLabel('Ghișeul 1', { exact: true }).check();
  await card.getByLabel('Ghișeul 2', { exact: true }).check();
  await card.getByRole('button', { name: 'Salvează' }).click();
  await seen(page, 'device-note', 'Modificările au fost salvate.');
  t.equal(await card.getByTestId('device-counters').textContent(), 'Ghișee: Ghișeul 1, Ghișeul 2');
  const saved = ((await s.staff.get('/api/devices')).body as { id: string; settings: { counters: string[] | null } }[]).find((d) => d.id === paired.body.id);
  t.same(saved?.settings.counters, ['counter-1', 'counter-2'], 'saved on the server');

  await card.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await shot(page, 'staff-devices-health');
});

t.test('a clerk sees no staff pages; a manager does', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  await s.createUser('ana', 'ana-password-1', 'clerk');
  await s.createUser('mihai', 'mihai-password-1', 'manager');

  const clerk = await newPanel(browser, s.url);
  await signInOnly(clerk.page, { username: 'ana', password: 'ana-password-1' });
  t.equal(await clerk.page.getByTestId('pick-staff').count(), 0, 'no staff pages on the counter choice');
  t.equal(await clerk.page.getByTestId('staff-nav').count(), 0, 'no staff links in the header');
  await clerk.page.getByTestId('pick-counter-1').click();
  await clerk.page.getByTestId('current').waitFor();
  t.equal(await clerk.page.getByText('Dispozitive').count(), 0, 'no link to devices at work either');
  // Typing the address does not open the page either.
  await clerk.page.goto('/counter/#/devices');
  await clerk.page.getByTestId('current').waitFor();
  t.equal(await clerk.page.getByTestId('devices-page').count(), 0, 'the counter panel, not the devices page');

  const manager = await newPanel(browser, s.url);
  await signIn(manager.page, { username: 'mihai', password: 'mihai-password-1' }, 'counter-2');
  await manager.page.getByTestId('staff-nav').getByRole('link', { name: 'Bonuri tipărite' }).click();
  await manager.page.getByTestId('prints-page').waitFor();
  t.equal(await manager.page.getByTestId('counter-name').count(), 0, 'the page replaces the counter work');
  await manager.page.getByTestId('staff-nav').getByRole('link', { name: 'Ghișeu' }).click();
  await seen(manager.page, 'counter-name', 'Ghișeul 2');
});

t.test('the printed-tickets page shows a ticket the kiosk printed, in text and as a picture', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const { page } = await newPanel(browser, s.url);
  await signInOnly(page, ADMIN);
  await page.getByTestId('pick-staff').getByRole('link', { name: 'Bonuri tipărite' }).click();
  await seen(page, 'prints-empty', 'Imprimanta virtuală nu a tipărit nimic încă.');

  // The demo kiosk of this machine issues a ticket; it prints on the virtual printer.
  const local = await s.anon.post('/api/devices/local');
  t.equal(local.status, 200, 'the test runs on the server machine: it gets the demo kiosk');
  const kiosk = withToken(s, local.body.token);
  const issued = await kiosk.post('/api/kiosk/tickets', { serviceId: 'id-applications', lang: 'ro' }, { 'idempotency-key': 'staff-pages-test-0001' });
  t.equal(issued.status, 201);
  t.equal(issued.body.print.ok, true, 'printed');
  const code = issued.body.ticket.code as string;

  // The page refreshes by itself.
  const job = page.getByTestId('prints').locator('li').first();
  await job.getByTestId('print-code').filter({ hasText: code }).waitFor({ timeout: 6000 });
  t.match(await job.locator('header').textContent(), /Chioșc local/, 'with the kiosk’s name');
  // Printed large: each character of the code takes two columns of the paper's text.
  const spread = new RegExp(code.split('').join('\\s*'));
  t.match(await job.getByTestId('print-text').textContent(), spread, `the ticket code ${code} is in the printed text`);
  const picture = job.getByTestId('print-picture');
  await page.waitForFunction((img) => (img as HTMLImageElement).complete, await picture.elementHandle());
  t.ok(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth > 0), 'the picture of the ticket loaded');

  // A second ticket comes first, with the refresh button.
  const second = await kiosk.post('/api/kiosk/tickets', { serviceId: 'information', lang: 'en' }, { 'idempotency-key': 'staff-pages-test-0002' });
  t.equal(second.status, 201);
  await page.getByTestId('prints-refresh').click();
  await page.getByTestId('prints').locator('li').first().getByTestId('print-code').filter({ hasText: second.body.ticket.code }).waitFor();
  t.equal(await page.getByTestId('prints').locator('li').count(), 2, 'both tickets, newest first');
  await page.waitForFunction(() => Array.from(document.querySelectorAll('img')).every((i) => i.complete && i.naturalWidth > 0));
  await shot(page, 'staff-prints');
});
