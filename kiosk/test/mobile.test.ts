/**
 * The citizen's phone in Chromium against a real server: the link from the kiosk's QR code shows the ticket
 * and its place, follows it live without a reload, and calls loudly when the ticket is called; Romanian
 * first, then the phone's own language when the office offers it.
 */
import t from 'tap';
import { build } from '../../server/test/helper';
import { launch, nameService, newPhone, realClock, seen, setLanguages, shot, textOf } from './lib/kiosk';

t.test('the phone follows the ticket live: waiting, people ahead, then called to the counter', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const kiosk = await s.localKiosk();
  // The cashier is served at counter 8 only: one ticket ahead, then this one.
  const issue = async (key: string) => {
    const r = await kiosk.post('/api/kiosk/tickets', { serviceId: 'cashier' }, { 'idempotency-key': key });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body as { ticket: { id: string; code: string }; followUrl: string };
  };
  const first = await issue('phone-test-first');
  const mine = await issue('phone-test-mine');
  const path = new URL(mine.followUrl).pathname;
  t.match(path, /^\/t\/[A-Za-z0-9_-]+$/, 'the QR code leads to /t/<token>');

  const { page } = await newPhone(browser, s.url);
  await page.addInitScript(() => {
    const w = window as unknown as { vibrations: unknown[] };
    w.vibrations = [];
    Object.defineProperty(navigator, 'vibrate', { value: (p: unknown) => (w.vibrations.push(p), true) });
  });
  await page.goto(path);
  await seen(page, 'code', mine.ticket.code);
  t.match(await textOf(page, 'office'), /Serviciul Public Comunitar de Evidență a Persoanelor/);
  t.equal(await textOf(page, 'service'), 'Casierie Cashier');
  t.match(await textOf(page, 'headline'), 'Așteptați să fiți chemat');
  t.match(await textOf(page, 'status'), /Please wait to be called/, 'English under each main line');
  t.match(await textOf(page, 'wait'), /Înaintea dumneavoastră: 1 persoană Ahead of you: 1 person Timp estimat de așteptare: ~\d+ min/);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(scroll <= 360, `fits a 360 px phone without sideways scrolling (${scroll})`);
  t.notMatch(await page.locator('body').innerText(), /@|CNP|\+40/, 'nothing personal');
  await page.getByTestId('sound').tap();
  await seen(page, 'sound-on', 'Sunetul este activat');
  await shot(page, 'mobile-waiting');

  // Counter 8 calls the ticket ahead: the phone sees the queue move without a reload.
  await s.staff.post('/api/counters/counter-8/call-next', undefined, { 'idempotency-key': 'call-first-0001' });
  await seen(page, 'wait', 'Nu este nimeni înaintea dumneavoastră', 4000);
  const title = await page.title();
  t.match(title, mine.ticket.code);

  // Then this one.
  const called = await s.staff.post('/api/counters/counter-8/call-next', undefined, { 'idempotency-key': 'call-mine-00002' });
  t.equal(called.body.ticket.code, mine.ticket.code, 'counter 8 calls this ticket');
  t.not(first.ticket.code, mine.ticket.code);
  await seen(page, 'headline', 'Ați fost chemat la ghișeul 8', 4000);
  t.match(await textOf(page, 'status'), /Please go to counter 8/);
  t.match(await page.title(), /ghișeul 8/, 'the tab title says so too');
  t.same(await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations), [[300, 100, 300]], 'the phone vibrates once');
  const bg = await page.getByTestId('status').evaluate((el) => getComputedStyle(el).backgroundColor);
  t.not(bg, 'rgb(255, 255, 255)', 'highlighted');
  await shot(page, 'mobile-called');

  await s.staff.post(`/api/tickets/${mine.ticket.id}/finish`, undefined, { 'idempotency-key': 'finish-mine-0003' });
  await seen(page, 'headline', 'Bonul a fost rezolvat. Vă mulțumim!', 4000);
  t.equal(await page.getByTestId('sound').count(), 0, 'nothing more to wait for');

  // A link that does not verify.
  await page.goto(path.slice(0, -3) + 'xyz');
  await seen(page, 'not-found', 'Bonul nu a fost găsit');
  await seen(page, 'not-found', 'Ticket not found');
});

t.test('a phone in another language: Romanian first, then the phone’s language when the office offers it, English otherwise', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  await setLanguages(s, ['ro', 'en', 'hu']);
  await nameService(s, 'cashier', { hu: 'Pénztár' });
  const kiosk = await s.localKiosk();
  let path = '';
  for (const key of ['phone-hu-first', 'phone-hu-mine']) {
    const r = await kiosk.post('/api/kiosk/tickets', { serviceId: 'cashier' }, { 'idempotency-key': key });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    path = new URL(r.body.followUrl).pathname;
  }

  const { page } = await newPhone(browser, s.url, 'hu-HU');
  await page.goto(path);
  await seen(page, 'headline', 'Așteptați să fiți chemat');
  t.equal(await textOf(page, 'service'), 'Casierie Pénztár', 'the service’s Hungarian name under the Romanian');
  t.match(await textOf(page, 'status'), /Așteptați să fiți chemat Kérjük, várjon, amíg szólítjuk/, 'Hungarian under each main line');
  t.match(await textOf(page, 'wait'), /Înaintea dumneavoastră: 1 persoană Ön előtt: 1 személy/);
  t.notMatch(await page.locator('body').innerText(), /Please|Ahead of you/, 'no English');
  t.ok(await page.locator('[lang="hu"]').count(), 'the Hungarian words say they are Hungarian');
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(scroll <= 360, `fits a 360 px phone without sideways scrolling (${scroll})`);
  await shot(page, 'mobile-hu');

  const french = await newPhone(browser, s.url, 'fr-FR');
  await french.page.goto(path);
  await seen(french.page, 'status', 'Please wait to be called');
  t.equal(await textOf(french.page, 'service'), 'Casierie Cashier', 'a language the office does not offer: English');

  await setLanguages(s, ['ro', 'en']);
  await page.reload();
  await seen(page, 'status', 'Please wait to be called');
  t.equal(await textOf(page, 'service'), 'Casierie Cashier', 'the office no longer offers Hungarian: English');
});
