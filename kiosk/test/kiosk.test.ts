/**
 * The kiosk in Chromium against a real server: a citizen touches a service and walks away with a printed
 * ticket; priority tickets; one ticket per touch however many times the finger lands; services that give
 * no tickets say why; a refused or failed print; the kiosk's own rate limit; pairing, and losing it; the
 * appointment keypad and a barcode scanner; big enough targets in both orientations; large text; English,
 * and the office's further languages (Ukrainian through and through, six language buttons that fit).
 */
import net from 'node:net';
import type { Page } from 'playwright-core';
import t from 'tap';
import { build } from '../../server/test/helper';
import { LANDSCAPE, launch, localKioskDevice, nameService, newKiosk, PORTRAIT, queueTickets, realClock, seen, setDevice, setLanguages, shot, textOf } from './lib/kiosk';

const browser = await launch(t);
const s = await build(t, { clock: realClock() });
const kiosk = await localKioskDevice(s);
// The tests here take more tickets in a minute than a real kiosk may; the limit has a test of its own.
await setDevice(s, kiosk.id, { ticketsPerMinute: 120 });
for (let i = 0; i < 2; i++) await s.staff.post('/api/tickets', { serviceId: 'id-applications' });

const open = async (viewport = PORTRAIT): Promise<Page> => {
  const { page } = await newKiosk(browser, s.url, viewport);
  await page.goto('/kiosk/');
  await page.getByTestId('services').waitFor();
  return page;
};

/** Every button on the screen, with its size. */
async function buttonSizes(page: Page): Promise<{ name: string; width: number; height: number }[]> {
  const out = [];
  for (const b of await page.locator('button:visible').all()) {
    const box = await b.boundingBox();
    const name = ((await b.getAttribute('data-testid')) ?? (await b.textContent()) ?? '').trim();
    if (box) out.push({ name, width: Math.round(box.width), height: Math.round(box.height) });
  }
  return out;
}

async function fullyVisible(page: Page, testid: string): Promise<boolean> {
  const box = await page.getByTestId(testid).boundingBox();
  const vp = page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height + 1 && box.x + box.width <= vp.width + 1;
}

const ticketsOf = async (serviceId: string) => (await queueTickets(s)).filter((x) => x.serviceId === serviceId);
const fontSize = (page: Page, testid: string) => page.getByTestId(testid).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

t.test('home: the services in kiosk order in both languages, big targets in both orientations, large text, English', async (t) => {
  const page = await open();
  const services = ((await s.anon.get('/api/services')).body as { id: string; kioskOrder: number }[]).sort((a, b) => a.kioskOrder - b.kioskOrder);
  const shown = await page.locator('[data-testid^="service-"][data-issuing]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  t.same(
    shown,
    services.map((x) => `service-${x.id}`),
    'one button per service, in kiosk order',
  );
  t.equal(await page.locator('html').getAttribute('lang'), 'ro', 'Romanian first');
  t.match(await textOf(page, 'office-name'), /Serviciul Public Comunitar de Evidență a Persoanelor/);
  t.match(await textOf(page, 'clock'), /^\d\d:\d\d$/, 'a clock');
  const first = await textOf(page, 'service-id-applications');
  t.match(first, /Cărți de identitate – depunere cereri/, 'the name in Romanian');
  t.match(first, /ID cards – applications/, 'and in English, smaller');
  t.match(first, /2 persoane la rând/, 'people waiting, with the Romanian plural');
  t.match(await textOf(page, 'service-cashier'), /Nu așteaptă nimeni/);
  t.equal(await page.locator('[data-testid^="service-"][data-issuing] svg').count(), services.length, 'an icon on every service');
  t.match(await textOf(page, 'priority-option'), /Bon cu prioritate.*vârstnici, persoane cu dizabilități, gravide/);
  t.match(await textOf(page, 'appointment-option'), /Am o programare/);
  await shot(page, 'home-portrait');

  for (const [name, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    await page.setViewportSize(viewport);
    const small = (await buttonSizes(page)).filter((b) => b.width < 57 || b.height < 57);
    t.same(small, [], `${name}: every touch target is at least 15 mm (57 px) both ways`);
    const service = await page.getByTestId('service-id-applications').boundingBox();
    t.ok(service && service.height >= 150 && service.width >= 400, `${name}: the service buttons are much larger (${service?.width}x${service?.height})`);
    for (const id of ['service-information', 'priority-option', 'appointment-option']) t.ok(await fullyVisible(page, id), `${name}: ${id} on screen without scrolling`);
    if (name === 'landscape') await shot(page, 'home-landscape');
    await page.getByTestId('large-text').tap();
    for (const id of ['service-information', 'priority-option', 'appointment-option']) t.ok(await fullyVisible(page, id), `${name}, large text: ${id} still on screen`);
    await page.getByTestId('large-text').tap();
  }
  await page.setViewportSize(PORTRAIT);

  const before = await fontSize(page, 'service-name');
  const clockBefore = await fontSize(page, 'clock');
  await page.getByTestId('large-text').tap();
  t.equal(await page.getByTestId('large-text').getAttribute('aria-pressed'), 'true');
  const after = await fontSize(page, 'service-name');
  t.ok(after >= before * 1.2, `large text: service names grow (${before} -> ${after} px)`);
  t.ok((await fontSize(page, 'clock')) > clockBefore, 'and so does everything else');
  await page.getByTestId('large-text').tap();
  t.equal(await fontSize(page, 'service-name'), before, 'and back');

  await page.getByTestId('lang-en').tap();
  await page.getByRole('heading', { name: 'Choose a service' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'en', 'the page says it is English now');
  t.equal(await textOf(page.getByTestId('service-id-applications'), 'service-name'), 'ID cards – applications', 'the English name is the large one');
  t.match(await textOf(page, 'service-id-applications'), /2 people waiting/);
  t.match(await textOf(page, 'appointment-option'), /I have an appointment/);
  await page.getByTestId('lang-ro').tap();
  await page.getByRole('heading', { name: 'Alegeți serviciul' }).waitFor();
  await page.context().close();
});

t.test('the office’s further languages: only those it offers, each in its own name; Ukrainian all through, then Romanian again', async (t) => {
  await setLanguages(s, ['ro', 'en', 'uk']);
  await nameService(s, 'id-applications', { uk: 'Посвідчення особи – подання заяв' });
  await nameService(s, 'information', { uk: 'Довідки', hu: 'Információ' });
  t.teardown(async () => {
    await setLanguages(s, ['ro', 'en']);
    await nameService(s, 'id-applications', {});
    await nameService(s, 'information', {});
  });
  const { page } = await newKiosk(browser, s.url);
  await page.clock.install();
  await page.goto('/kiosk/');
  await page.getByTestId('services').waitFor();
  t.same(await page.locator('[data-testid^="lang-"]').allInnerTexts(), ['Română', 'English', 'Українська'], 'the office’s languages, each in its own name');

  await page.getByTestId('lang-uk').tap();
  await page.getByRole('heading', { name: 'Оберіть послугу' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'uk');
  const applications = page.getByTestId('service-id-applications');
  t.equal(await textOf(applications, 'service-name'), 'Посвідчення особи – подання заяв', 'the Ukrainian name is the large one');
  t.match(await textOf(page, 'service-id-applications'), /Cărți de identitate – depunere cereri/, 'Romanian under it');
  t.match(await textOf(page, 'service-id-applications'), /У черзі: 2 особи/, 'people waiting, with the Ukrainian plural');
  t.equal(await textOf(page.getByTestId('service-cashier'), 'service-name'), 'Cashier', 'no Ukrainian name: the English one');
  t.match(await textOf(page, 'priority-option'), /Пріоритетний талон.*люди похилого віку/);
  t.match(await textOf(page, 'appointment-option'), /У мене є запис/);
  t.match(await textOf(page, 'large-text'), /Великий шрифт/);
  await shot(page, 'home-uk');

  await page.getByTestId('service-information').tap();
  await seen(page, 'result', 'Ваш номер');
  t.equal(await textOf(page, 'result-service'), 'Довідки');
  await seen(page, 'print-ok', 'Візьміть надрукований талон');
  await seen(page, 'done', 'Готово');
  const code = await textOf(page, 'ticket-code');
  t.match((await ticketsOf('information')).find((x) => x.code === code), { lang: 'uk' }, 'issued in Ukrainian');

  // The result closes by itself; the next citizen starts in Romanian, and so does one who walks away.
  await page.clock.runFor(12_000);
  await page.getByRole('heading', { name: 'Alegeți serviciul' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'ro', 'Romanian after the ticket');
  await page.getByTestId('lang-uk').tap();
  await page.getByRole('heading', { name: 'Оберіть послугу' }).waitFor();
  await page.clock.runFor(62_000);
  await page.getByRole('heading', { name: 'Alegeți serviciul' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'ro', 'Romanian after a minute untouched');
  await page.context().close();
});

t.test('six languages: every button fits, large enough, nothing cut off or overlapping, upright and sideways, in large text too', async (t) => {
  const six = ['ro', 'en', 'hu', 'de', 'fr', 'uk'] as const;
  await setLanguages(s, [...six]);
  t.teardown(() => setLanguages(s, ['ro', 'en']));
  const page = await open();
  t.same(await page.locator('[data-testid^="lang-"]').allInnerTexts(), ['Română', 'English', 'Magyar', 'Deutsch', 'Français', 'Українська'], 'six languages, each in its own name');
  for (const [name, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const large of [false, true]) {
      if (large) await page.getByTestId('large-text').tap();
      // Each language has words of its own length, in the buttons and on the screen.
      for (const lang of six) {
        await page.getByTestId(`lang-${lang}`).tap();
        await page.locator(`html[lang="${lang}"]`).waitFor();
        const what = `${name}${large ? ', large text' : ''}, ${lang}`;
        const parts = await page.locator('header').evaluate((header) =>
          Array.from(header.querySelectorAll('.office, .clock, button'), (el) => {
            const r = el.getBoundingClientRect();
            return { id: el.getAttribute('data-testid') ?? el.className, x: r.x, y: r.y, right: r.right, bottom: r.bottom, cut: el.scrollWidth > el.clientWidth + 1 };
          }),
        );
        const buttons = parts.filter((p) => p.id.startsWith('lang-') || p.id === 'large-text');
        const overlapping = parts.flatMap((a, i) =>
          parts.slice(i + 1).filter((b) => a.x < b.right - 1 && b.x < a.right - 1 && a.y < b.bottom - 1 && b.y < a.bottom - 1).map((b) => `${a.id} / ${b.id}`),
        );
        const problems = [
          ...buttons.filter((b) => b.bottom - b.y < 64 || b.right - b.x < 64).map((b) => `${b.id} smaller than 64 px`),
          ...parts.filter((p) => p.cut).map((p) => `${p.id} cut off`),
          ...parts.filter((p) => p.x < 0 || p.right > viewport.width + 1).map((p) => `${p.id} off screen`),
          ...overlapping.map((o) => `${o} overlap`),
        ];
        for (const id of ['service-information', 'priority-option', 'appointment-option']) if (!(await fullyVisible(page, id))) problems.push(`${id} needs scrolling`);
        t.same(problems, [], `${what}: every button at least 64 px, all on screen, nothing cut off or overlapping`);
      }
      if (large) {
        await page.getByTestId('lang-ro').tap();
        await shot(page, `home-six-languages-${name}-large`);
        await page.getByTestId('large-text').tap();
      }
    }
  }
  await page.setViewportSize(PORTRAIT);
  await page.getByTestId('lang-hu').tap();
  await page.getByRole('heading', { name: 'Válasszon szolgáltatást' }).waitFor();
  t.equal(await page.getByTestId('lang-hu').getAttribute('aria-pressed'), 'true', 'the chosen one stands out');
  t.match(await textOf(page, 'service-id-applications'), /2 személy vár/, 'Hungarian all through');
  await shot(page, 'home-hu');
  await page.context().close();
});

t.test('a touch gives a ticket: its number, place and wait on screen, in the queue, printed; then back to Romanian', async (t) => {
  const page = await open();
  const started = Date.now();
  await page.getByTestId('service-id-applications').tap();
  await page.getByTestId('ticket-code').waitFor();
  t.ok(Date.now() - started < 3000, `the number is on screen at once (${Date.now() - started} ms)`);
  const code = await textOf(page, 'ticket-code');
  t.match(code, /^A\d{3}$/);
  const ticket = (await ticketsOf('id-applications')).find((x) => x.code === code);
  t.match(ticket, { status: 'waiting', priority: null, lang: 'ro' }, 'the ticket is in the queue, waiting');
  const server = (await s.anon.get(`/api/tickets/${ticket!.id}`)).body as { ahead: number; etaMinutes: number };
  t.equal(server.ahead, 2);
  t.equal(await textOf(page, 'result-service'), 'Cărți de identitate – depunere cereri');
  t.equal(await textOf(page, 'result-wait'), `Înaintea dumneavoastră: 2 persoane Timp estimat de așteptare: ~${server.etaMinutes} min`);
  await seen(page, 'print-ok', 'Luați bonul tipărit');
  t.ok(await page.getByTestId('qr').locator('svg path').count(), 'a QR code to follow the ticket on a phone');
  await seen(page, 'result', 'Urmăriți bonul pe telefon');
  const prints = (await s.staff.get('/api/prints')).body as { ticketCode: string; text: string; deviceId: string }[];
  const printed = prints.find((p) => p.ticketCode === code);
  t.ok(printed, 'printed on the virtual printer');
  t.equal(printed?.deviceId, kiosk.id, 'by this kiosk');
  t.ok(printed?.text.replace(/\s+/g, '').includes(code), 'the paper ticket has the number');
  t.match(printed?.text, 'Cărți de identitate – depunere cereri');
  await page.waitForTimeout(300);
  await shot(page, 'result');
  await page.waitForTimeout(1300);
  await page.getByTestId('done').tap();
  await page.getByTestId('services').waitFor();

  // In English and large text, the next citizen starts in Romanian again.
  await page.getByTestId('lang-en').tap();
  await page.getByTestId('large-text').tap();
  await page.getByTestId('service-information').tap();
  await seen(page, 'result', 'Your number');
  const en = await textOf(page, 'ticket-code');
  t.match((await ticketsOf('information')).find((x) => x.code === en), { lang: 'en' }, 'issued in the citizen’s language');
  await seen(page, 'print-ok', 'Take your printed ticket');
  await page.waitForTimeout(1600);
  await page.getByTestId('done').tap();
  await page.getByRole('heading', { name: 'Alegeți serviciul' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'ro', 'Romanian again');
  t.equal(await page.getByTestId('large-text').getAttribute('aria-pressed'), 'false', 'normal text again');
  await page.context().close();
});

t.test('priority: three choices, then the services under a banner; the ticket carries the priority', async (t) => {
  const page = await open();
  await page.getByTestId('priority-option').tap();
  await page.getByTestId('priority-screen').waitFor();
  for (const [id, text] of [
    ['priority-elderly', 'Persoană vârstnică'],
    ['priority-disabled', 'Persoană cu dizabilități'],
    ['priority-pregnant', 'Femeie însărcinată'],
  ] as const) {
    t.match(await textOf(page, id), text);
    const box = await page.getByTestId(id).boundingBox();
    t.ok(box && box.height >= 150, `${text}: a large choice`);
  }
  await shot(page, 'priority');
  await page.getByTestId('priority-pregnant').tap();
  await seen(page, 'priority-banner', 'Bon cu prioritate: Femeie însărcinată');
  await page.getByTestId('priority-cancel').tap();
  await page.getByTestId('priority-banner').waitFor({ state: 'detached' });
  t.pass('cancelled: the normal home again');

  await page.getByTestId('priority-option').tap();
  await page.getByTestId('priority-elderly').tap();
  await seen(page, 'priority-banner', 'Persoană vârstnică');
  await shot(page, 'priority-services');
  await page.getByTestId('service-id-pickup').tap();
  await seen(page, 'result-priority', 'Bon cu prioritate');
  const code = await textOf(page, 'ticket-code');
  t.match((await ticketsOf('id-pickup')).find((x) => x.code === code), { priority: 'elderly', status: 'waiting' }, 'issued as a priority ticket');
  await page.waitForTimeout(1600);
  await page.getByTestId('done').tap();
  await page.getByTestId('services').waitFor();
  t.equal(await page.getByTestId('priority-banner').count(), 0, 'the next citizen starts without priority');
  await page.context().close();
});

t.test('one touch, one ticket: a double tap, a burst of taps during a slow answer', async (t) => {
  const page = await open();
  const before = (await ticketsOf('cashier')).length;
  const button = page.getByTestId('service-cashier');
  await button.click({ clickCount: 2 });
  await page.getByTestId('ticket-code').waitFor();
  // The finger lands again where the service was: the result screen ignores it.
  await page.getByTestId('done').tap();
  await page.waitForTimeout(800);
  t.equal(await page.getByTestId('ticket-code').count(), 1, 'a stray tap right after does not close the result');
  t.equal((await ticketsOf('cashier')).length, before + 1, 'a double tap gave one ticket');
  await page.waitForTimeout(800);
  await page.getByTestId('done').tap();

  // A slow network: taps while the request is on its way.
  await page.route('**/api/kiosk/tickets', async (route) => {
    await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('service-cashier').tap({ force: true, timeout: 1000 }).catch(() => undefined);
    await page.waitForTimeout(100);
  }
  await page.getByTestId('ticket-code').waitFor();
  await page.waitForTimeout(500);
  t.equal((await ticketsOf('cashier')).length, before + 2, 'four taps during one request gave one ticket');
  await page.context().close();
});

t.test('services that give no tickets stay visible, greyed, say why, and issue nothing', async (t) => {
  const page = await open();
  const r = await s.staff.post('/api/services/civil-status/close');
  t.equal(r.status, 200);
  // No reload: the kiosk hears of it over the WebSocket.
  await page.locator('[data-testid="service-civil-status"][data-issuing="false"]').waitFor({ timeout: 4000 });
  t.equal(await textOf(page, 'service-reason'), 'Momentan nu se eliberează bonuri pentru acest serviciu');
  await shot(page, 'closed-service');
  const before = (await ticketsOf('civil-status')).length;
  await page.getByTestId('service-civil-status').tap({ force: true });
  await seen(page, 'notice-text', 'Momentan nu se eliberează bonuri pentru acest serviciu');
  await page.waitForTimeout(300);
  t.equal((await ticketsOf('civil-status')).length, before, 'touching it explains, never issues');
  await page.getByTestId('notice-ok').tap();
  await s.staff.post('/api/services/civil-status/open');
  await page.locator('[data-testid="service-civil-status"][data-issuing="true"]').waitFor({ timeout: 4000 });
  t.pass('open again, live');

  // A service at its daily capacity, and the office outside its hours, as the server would report them.
  await page.route('**/api/kiosk/home', async (route) => {
    const res = await route.fetch();
    const home = await res.json();
    const cashier = home.services.find((x: { id: string }) => x.id === 'cashier');
    Object.assign(cashier, { issuing: false, notIssuingReason: 'QMS_ERR_CAPACITY_REACHED' });
    await route.fulfill({ response: res, json: home });
  });
  await page.reload();
  await seen(page, 'service-cashier', 'Nu se mai eliberează bonuri astăzi pentru acest serviciu');
  await page.unroute('**/api/kiosk/home');
  await page.route('**/api/kiosk/home', async (route) => {
    const res = await route.fetch();
    const home = await res.json();
    home.office.openNow = false;
    home.office.openingHours = { mon: [{ from: '08:30', to: '16:30' }], tue: [{ from: '08:30', to: '16:30' }], wed: [{ from: '08:30', to: '18:30' }], thu: [{ from: '08:30', to: '16:30' }], fri: [{ from: '08:30', to: '13:30' }], sat: [], sun: [] };
    for (const x of home.services) Object.assign(x, { issuing: false, notIssuingReason: 'QMS_ERR_OFFICE_CLOSED' });
    await route.fulfill({ response: res, json: home });
  });
  await page.reload();
  await seen(page, 'office-closed', 'Biroul este închis');
  await seen(page, 'office-closed', 'Programul de lucru');
  t.match(await textOf(page, 'opening-hours'), /Luni 08:30–16:30 .*Sâmbătă Închis Duminică Închis/);
  t.equal(await page.locator('[data-testid="opening-hours"] tr.today').count(), 1, 'today is marked');
  await shot(page, 'office-closed');
  await page.context().close();
});

t.test('printing fails: the number stays on screen with a gentle message and a reprint; the ticket is in the queue', async (t) => {
  // A printer address where nothing listens.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  await setDevice(s, kiosk.id, { printer: `tcp://127.0.0.1:${port}` });
  t.teardown(() => setDevice(s, kiosk.id, { printer: null }));

  const page = await open();
  await page.getByTestId('service-information').tap();
  await page.getByTestId('ticket-code').waitFor({ timeout: 8000 });
  const code = await textOf(page, 'ticket-code');
  await seen(page, 'print-failed', 'Bonul nu a putut fi tipărit. Fotografiați sau rețineți numărul');
  t.match(await textOf(page, 'reprint'), 'Tipărește din nou');
  t.match((await ticketsOf('information')).find((x) => x.code === code), { status: 'waiting' }, 'the ticket is in the queue all the same');
  t.notOk((await s.staff.get('/api/prints')).body.some((p: { ticketCode: string }) => p.ticketCode === code), 'nothing printed');
  await shot(page, 'print-failure');

  // Staff fix the printer; the citizen asks again.
  await setDevice(s, kiosk.id, { printer: null });
  await page.waitForTimeout(1600);
  await page.getByTestId('reprint').tap();
  await seen(page, 'print-ok', 'Luați bonul tipărit', 6000);
  t.ok((await s.staff.get('/api/prints')).body.some((p: { ticketCode: string }) => p.ticketCode === code), 'printed on the second try');

  // A printer that is down is announced on the home screen, and tickets are still issued.
  await setDevice(s, kiosk.id, { printer: `tcp://127.0.0.1:${port}` });
  await page.waitForTimeout(600);
  await page.getByTestId('done').tap();
  await page.getByTestId('service-information').tap();
  await page.getByTestId('print-failed').waitFor({ timeout: 8000 });
  await page.waitForTimeout(1600);
  await page.getByTestId('done').tap();
  await seen(page, 'printer-banner', 'Imprimanta nu funcționează: numărul vă va fi afișat pe ecran', 5000);
  await page.context().close();
});

t.test('refusals in plain words: the kiosk’s rate limit, and no answer from the server', async (t) => {
  const page = await open();
  await page.route('**/api/kiosk/tickets', (route) => route.abort('connectionrefused'));
  await page.getByTestId('service-id-pickup').tap();
  await seen(page, 'notice-text', 'Chioșcul nu are legătură cu serverul. Încercați din nou în câteva clipe', 5000);
  t.equal(await page.getByTestId('ticket-code').count(), 0);
  await page.getByTestId('notice-ok').tap();
  await page.unroute('**/api/kiosk/tickets');

  await page.route('**/api/kiosk/tickets', (route) =>
    route.fulfill({ status: 429, json: { statusCode: 429, code: 'QMS_ERR_KIOSK_RATE_LIMITED', message: 'This kiosk gave 2 tickets in the last minute; wait 40 seconds', retryAfterSeconds: 40 } }),
  );
  await page.waitForTimeout(1600);
  await page.getByTestId('service-id-pickup').tap();
  await seen(page, 'notice-text', 'Vă rugăm așteptați puțin înainte de a lua alt bon');
  t.notMatch(await textOf(page, 'notice'), /QMS|seconds/, 'no codes, no server messages');
  await page.context().close();
});

t.test('pairing: a kiosk that is not the server’s own shows a code until staff pair it; its limit; losing the pairing', async (t) => {
  const { page } = await newKiosk(browser, s.url);
  await page.route('**/api/devices/local', (route) =>
    route.fulfill({ status: 403, json: { statusCode: 403, code: 'QMS_ERR_FORBIDDEN', message: 'only the server machine itself gets its kiosk token' } }),
  );
  await page.goto('/kiosk/');
  await seen(page, 'pairing', 'Cereți personalului să asocieze acest chioșc cu codul');
  await seen(page, 'pairing', 'Ask staff to pair this kiosk with the code');
  await page.getByTestId('pairing-code').filter({ hasText: /^\d{3} \d{3}$/ }).waitFor();
  const code = (await textOf(page, 'pairing-code')).replace(' ', '');
  t.ok((await fontSize(page, 'pairing-code')) >= 120, 'the code is very large');
  await shot(page, 'pairing');

  const paired = await s.staff.post('/api/devices', { code, name: 'Chioșc intrare B', settings: { ticketsPerMinute: 2 } });
  t.equal(paired.status, 201, 'staff pair it with the code on the screen');
  await page.getByTestId('services').waitFor({ timeout: 5000 });
  t.pass('paired: the home screen');
  t.ok(await page.evaluate(() => localStorage.getItem('qms.kiosk.token')), 'the token is kept for the next start');

  // Two tickets a minute for this kiosk: the third touch is asked to wait.
  const taken: string[] = [];
  for (let i = 0; i < 2; i++) {
    await page.getByTestId('service-information').tap();
    await page.getByTestId('ticket-code').waitFor();
    taken.push(await textOf(page, 'ticket-code'));
    await page.waitForTimeout(1600);
    await page.getByTestId('done').tap();
    await page.getByTestId('services').waitFor();
  }
  const before = (await ticketsOf('information')).length;
  await page.getByTestId('service-information').tap();
  await seen(page, 'notice-text', 'Vă rugăm așteptați puțin înainte de a lua alt bon');
  t.equal((await ticketsOf('information')).length, before, 'the third is not issued');
  const prints = (await s.staff.get('/api/prints')).body as { ticketCode: string; deviceName: string }[];
  t.same(
    prints.filter((p) => taken.includes(p.ticketCode)).map((p) => p.deviceName),
    ['Chioșc intrare B', 'Chioșc intrare B'],
    'printed by the newly paired kiosk',
  );
  await page.getByTestId('notice-ok').tap();

  // Staff revoke it: at its next call it forgets the token and asks to be paired again.
  await s.staff.post(`/api/devices/${paired.body.id}/revoke`);
  await s.staff.post('/api/tickets', { serviceId: 'information' });
  await page.getByTestId('pairing').waitFor({ timeout: 5000 });
  await page.getByTestId('pairing-code').filter({ hasText: /^\d{3} \d{3}$/ }).waitFor();
  t.equal(await page.evaluate(() => localStorage.getItem('qms.kiosk.token')), null, 'the revoked token is forgotten');
  await page.context().close();
});

t.test('appointment: a keypad of large keys, and a barcode scanner from any screen', async (t) => {
  const page = await open();
  await page.getByTestId('appointment-option').tap();
  await page.getByTestId('appointment-screen').waitFor();
  const keys = page.locator('[data-key]');
  t.equal(await keys.count(), 36, 'digits and letters A–Z');
  const small = (await buttonSizes(page)).filter((b) => b.width < 57 || b.height < 57);
  t.same(small, [], 'every key at least 15 mm');
  for (const k of ['R', 'Z', '7', '7', '8']) await page.locator(`[data-key="${k}"]`).tap();
  await page.getByTestId('key-delete').tap();
  await page.locator('[data-key="1"]').tap();
  t.equal(await textOf(page, 'appointment-ref'), 'RZ771');
  await shot(page, 'appointment');
  await page.getByTestId('key-ok').tap();
  await seen(page, 'appointment-error', 'Nu am găsit programarea. Verificați codul sau luați un bon obișnuit');
  await page.getByTestId('back').tap();
  await page.getByTestId('services').waitFor();

  // A scanner types the reference within milliseconds and presses Enter; the home screen takes it.
  const before = (await queueTickets(s)).length;
  await page.getByTestId('service-cashier').focus();
  await page.keyboard.type('PRG20240611', { delay: 5 });
  await page.keyboard.press('Enter');
  await seen(page, 'appointment-ref', 'PRG20240611');
  await seen(page, 'appointment-error', 'Nu am găsit programarea');
  t.equal((await queueTickets(s)).length, before, 'the Enter of the scanner pressed no service button');
  await page.context().close();
});

t.test('left alone, the kiosk goes back to the start in Romanian; the result screen closes by itself', async (t) => {
  const { page } = await newKiosk(browser, s.url);
  await page.clock.install();
  await page.goto('/kiosk/');
  await page.getByTestId('services').waitFor();
  await page.getByTestId('lang-en').tap();
  await page.getByTestId('priority-option').tap();
  await page.getByTestId('priority-screen').waitFor();
  await page.clock.runFor(30_000);
  t.equal(await page.getByTestId('priority-screen').count(), 1, 'still there after 30 s');
  await page.clock.runFor(32_000);
  await page.getByRole('heading', { name: 'Alegeți serviciul' }).waitFor();
  t.equal(await page.locator('html').getAttribute('lang'), 'ro', 'home, in Romanian, after a minute untouched');

  await page.getByTestId('service-information').tap();
  await page.getByTestId('ticket-code').waitFor();
  await page.clock.runFor(6000);
  t.equal(await page.getByTestId('ticket-code').count(), 1, 'the number stays a while');
  await page.clock.runFor(6000);
  await page.getByTestId('services').waitFor();
  t.pass('and the kiosk is ready for the next citizen after about 10 s');
  await page.context().close();
});
