/**
 * The hall display in Chromium against a real server: a call on the board within half a second, calls
 * said one after the other in the speakers, recalls said again, the playlist in turn and by its schedule,
 * a display that shows only its counters (paired with a code), a server restart and a reload with the
 * network down, and the board at 1920x1080, 3840x2160 and in portrait.
 */
import { callPhrase, weekdays } from '@qms/shared';
import { png } from '../../scripts/test-support/png';
import type { Page } from 'playwright-core';
import t from 'tap';
import { build, type Built } from '../../server/test/helper';
import { FULL_HD, PORTRAIT, Proxy, UHD, heard, launch, localDisplay, newDisplay, realClock, shot, waitHeard, type Heard } from './lib/display';

interface Called {
  ticket: { id: string; code: string };
  counter: { id: string; number: number };
}

/** A ticket for the service, then the counter calls the next one. */
async function issueAndCall(s: Built, serviceId: string, counterId: string): Promise<Called> {
  const issued = await s.staff.post('/api/tickets', { serviceId });
  if (issued.status !== 201) throw new Error(`issue: ${JSON.stringify(issued.body)}`);
  const r = await s.staff.post(`/api/counters/${counterId}/call-next`);
  if (r.status !== 200) throw new Error(`call-next: ${JSON.stringify(r.body)}`);
  return r.body as Called;
}

/** What the speakers should say for a call: the chime, then the call in Romanian. */
const said = (code: string, counter: number) => ['chime', ...callPhrase(code, counter, 'ro').clips];

/** Whether clips played one at a time: each started after the one before had ended. */
function overlaps(h: Heard[]): string[] {
  const bad: string[] = [];
  for (let i = 1; i < h.length; i++) {
    const prev = h[i - 1]!;
    if (prev.end === null || h[i]!.at < prev.end) bad.push(`${h[i]!.clip} started at ${h[i]!.at.toFixed(0)} before ${prev.clip} ended at ${prev.end?.toFixed(0)}`);
  }
  return bad;
}

async function upload(s: Built, title: string, file: Buffer, seconds = 3): Promise<{ id: string }> {
  const res = await fetch(`${s.url}/api/media?kind=image&title=${encodeURIComponent(title)}&durationSeconds=${seconds}`, {
    method: 'POST',
    headers: { cookie: s.staff.cookie, 'content-type': 'image/png' },
    body: new Uint8Array(file),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`upload: ${JSON.stringify(body)}`);
  return body;
}

async function textSlide(s: Built, title: string, text: string, seconds = 3): Promise<{ id: string }> {
  const r = await s.staff.post('/api/media/text', { title, text, durationSeconds: seconds });
  if (r.status !== 201) throw new Error(`text slide: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Notes in the page every item the media zone changes to (the test watches; the board knows nothing of it). */
async function watchMedia(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __mediaSeen: string[] };
    w.__mediaSeen = [];
    setInterval(() => {
      const id = document.querySelector('[data-testid="media"]')?.getAttribute('data-item') ?? '';
      if (id && w.__mediaSeen.at(-1) !== id) w.__mediaSeen.push(id);
    }, 100);
  });
  return () => page.evaluate(() => (window as unknown as { __mediaSeen: string[] }).__mediaSeen);
}

/** Panels of the board whose content does not fit in them (cut off on the screen). */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    ['latest-call', 'recent-calls', 'counters', 'waiting', 'opening-hours', 'text-slide']
      .flatMap((id) => Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"], [data-testid="${id}"] > *`), (el) => ({ id, el })))
      .filter(({ el }) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      .map(({ id, el }) => `${id} ${el.className} ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`),
  );

const officeWeekday = () => new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'Europe/Bucharest' }).format(new Date()).toLowerCase().slice(0, 3);

const textOf = async (page: Page, testid: string) => ((await page.getByTestId(testid).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

t.test('calls on the board and in the speakers, the playlist beside them, and a display for one counter only', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const display = await localDisplay(s);
  // Romanian only keeps the spoken calls short here; what is said in each language is the unit tests' job.
  await s.staff.patch(`/api/devices/${display.id}`, { settings: { announce: { languages: ['ro'] } } });
  await s.staff.request('PUT', '/api/signage/ticker', { texts: ['Vineri programul este 08:00–14:00', 'Plata taxelor se poate face și cu cardul'] });

  const red = await upload(s, 'Afiș roșu', png(320, 180, [200, 30, 30]));
  const blue = await upload(s, 'Afiș albastru', png(320, 180, [20, 60, 200]));
  const slide = await textSlide(s, 'Acte necesare', 'Certificatul de naștere și cartea de identitate veche.');
  const other = weekdays.find((d) => d !== officeWeekday())!;
  const elsewhen = await textSlide(s, 'Doar în altă zi', 'Acest anunț nu trebuie să apară azi.');
  const scheduled = await s.staff.patch(`/api/media/${elsewhen.id}`, { schedule: { days: [other] } });
  t.equal(scheduled.status, 200, 'an item scheduled for another weekday');

  const { page } = await newDisplay(browser, s.url);
  await page.goto('/display/');
  await page.getByTestId('board').waitFor();
  t.equal(await page.getByTestId('pairing').count(), 0, "the server's own display pairs by itself");
  const mediaSeen = await watchMedia(page);

  // A call over the API is on the board within half a second of the server's answer.
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  const first = await s.staff.post('/api/counters/counter-1/call-next');
  const answeredAt = Date.now();
  const c1 = first.body as Called;
  await page.getByTestId('latest-code').filter({ hasText: c1.ticket.code }).waitFor({ timeout: 3000 });
  const ms = Date.now() - answeredAt;
  t.ok(ms < 500, `the call is on the board ${ms} ms after the answer`);
  t.equal(await page.getByTestId('latest-counter').getAttribute('aria-label'), 'Ghișeul 1');
  t.equal(await page.locator('[data-testid="latest-call"] [data-flashing="true"]').count(), 1, 'the new call flashes');
  await page.locator('[data-testid="latest-call"] [data-flashing="false"]').waitFor({ timeout: 6000 });
  t.pass('and stops flashing after a few seconds');

  // Two calls within a second at two counters, then a recall: all said, in order, one at a time.
  const c2 = await issueAndCall(s, 'id-applications', 'counter-2');
  const c5 = await issueAndCall(s, 'id-pickup', 'counter-5');
  await page.getByTestId('latest-code').filter({ hasText: c5.ticket.code }).waitFor();
  t.match(await textOf(page, 'recent-calls'), new RegExp(`${c2.ticket.code} ➜ Ghișeul 2`), 'the call before it is in the list');
  const recall = await s.staff.post(`/api/tickets/${c2.ticket.id}/recall`);
  t.equal(recall.status, 200);
  await page.getByTestId('latest-recall').waitFor();
  t.equal(await textOf(page, 'latest-code'), c2.ticket.code, 'the recalled ticket is the latest call again');

  const expected = [...said(c1.ticket.code, 1), ...said(c2.ticket.code, 2), ...said(c5.ticket.code, 5), ...said(c2.ticket.code, 2)];
  const h = await waitHeard(page, expected.length, 40_000);
  t.same(
    h.map((x) => x.clip),
    expected,
    'chime and the first call, chime and the second, chime and the third, chime and the recall',
  );
  t.same(overlaps(h), [], 'each clip started after the previous one ended');
  await new Promise((r) => setTimeout(r, 1000));
  t.equal((await heard(page)).length, expected.length, 'nothing said twice');

  // Meanwhile the playlist went round: every item in turn, the one for another weekday never.
  const home = (await display.client.get('/api/display/home')).body as { playlist: { id: string }[] };
  const order = home.playlist.map((i) => i.id).filter((id) => id !== elsewhen.id);
  t.same(order, [red.id, blue.id, slide.id], 'the playlist as managers ordered it');
  const seen = await mediaSeen();
  t.ok(seen.length >= 5, `the media zone changed item ${seen.length} times`);
  t.notOk(seen.includes(elsewhen.id), 'the item scheduled for another weekday never showed');
  const wrongTurns = seen.slice(1).filter((id, i) => order.indexOf(id) !== (order.indexOf(seen[i]!) + 1) % order.length);
  t.same(wrongTurns, [], 'each item followed by the next one, round and round');
  const counts = new Map(((await s.staff.get('/api/media')).body as { id: string; shownCount: number }[]).map((m) => [m.id, m.shownCount]));
  for (const item of [red, blue, slide]) t.ok((counts.get(item.id) ?? 0) >= 1, `shown count of ${item.id} went up (${counts.get(item.id)})`);
  t.equal(counts.get(elsewhen.id), 0, 'the hidden item was never counted');
  t.equal(await page.locator('[data-testid="media"] img[src^="blob:"]').count() + (await page.getByTestId('text-slide').count()), 1, 'images come from the cache');

  // A second display, for counter 5 only, paired with the code on its screen.
  const other2 = await newDisplay(browser, s.url, PORTRAIT);
  const page2 = other2.page;
  // The server answers its own machine only; this TV stands elsewhere in the hall.
  await page2.route('**/api/devices/local-display', (route) =>
    route.fulfill({ status: 403, json: { statusCode: 403, code: 'QMS_ERR_FORBIDDEN', message: 'only the server machine itself gets its display token' } }),
  );
  await page2.goto('/display/');
  const code = ((await page2.getByTestId('pairing-code').filter({ hasText: /\d{3} \d{3}/ }).textContent()) ?? '').replace(/\s/g, '');
  t.match(code, /^\d{6}$/, 'a display that is not the server machine asks to be paired and shows its code');
  await shot(page2, 'pairing');
  const paired = await s.staff.post('/api/devices', { code, name: 'Hol etaj 1', settings: { counters: ['counter-5'], announce: { languages: ['ro'] } } });
  t.equal(paired.status, 201);
  await page2.getByTestId('board').waitFor();
  t.equal(await page2.locator('[data-testid^="counter-counter-"]').count(), 1, 'it shows its one counter');
  const before = (await heard(page2)).length;
  const at1 = await issueAndCall(s, 'id-applications', 'counter-1');
  const at5 = await issueAndCall(s, 'id-pickup', 'counter-5');
  await page2.getByTestId('latest-code').filter({ hasText: at5.ticket.code }).waitFor();
  await page.getByTestId('latest-code').filter({ hasText: at5.ticket.code }).waitFor();
  t.match(await textOf(page, 'recent-calls'), at1.ticket.code, 'the display for all counters shows the call at counter 1');
  t.notMatch(await textOf(page2, 'board'), at1.ticket.code, 'the display for counter 5 does not');
  const h2 = await waitHeard(page2, before + said(at5.ticket.code, 5).length);
  t.same(
    h2.slice(before).map((x) => x.clip),
    said(at5.ticket.code, 5),
    'and says only the call at counter 5',
  );
});

t.test('a server restart and a network cut: the board stays, says so discreetly, and catches up by itself', async (t) => {
  const browser = await launch(t);
  const dataDir = t.testdir();
  const clock = realClock();
  let s = await build(t, { dataDir, clock });
  const display = await localDisplay(s);
  await s.staff.patch(`/api/devices/${display.id}`, { settings: { announce: { languages: ['ro'] } } });
  const poster = await upload(s, 'Afiș', png(320, 180, [30, 140, 60]), 3);

  const proxy = new Proxy();
  const url = await proxy.listen(t);
  proxy.to(s.url);
  const { page } = await newDisplay(browser, url);
  await page.goto('/display/');
  await page.getByTestId('board').waitFor();
  await page.locator(`[data-testid="media"][data-item="${poster.id}"] img`).waitFor();
  const before = await issueAndCall(s, 'cashier', 'counter-8');
  await page.getByTestId('latest-code').filter({ hasText: before.ticket.code }).waitFor();
  await waitHeard(page, said(before.ticket.code, 8).length);
  t.equal(await page.getByTestId('offline-marker').count(), 0, 'no marker while connected');

  // The server stops: the board stays as it was, with a small marker.
  proxy.to(null);
  await s.close();
  await page.getByTestId('offline-marker').waitFor({ timeout: 3000 });
  t.equal(await textOf(page, 'latest-code'), before.ticket.code, 'the last call stays on the board');
  const box = await page.getByTestId('offline-marker').boundingBox();
  t.ok(box && box.width < 1920 * 0.2 && box.height < 1080 * 0.05 && box.x + box.width > 1850 && box.y + box.height > 1040, `the marker is small and in a corner (${JSON.stringify(box)})`);
  await shot(page, 'offline');

  // It comes back on the same data, on another port behind the same address: a new call shows without a reload.
  s = await build(t, { dataDir, clock });
  proxy.to(s.url);
  const after = await issueAndCall(s, 'id-applications', 'counter-3');
  await page.getByTestId('latest-code').filter({ hasText: after.ticket.code }).waitFor({ timeout: 10_000 });
  await page.getByTestId('offline-marker').waitFor({ state: 'detached' });
  t.pass('reconnected by itself and showed the call made after the restart');
  const h = await waitHeard(page, said(before.ticket.code, 8).length + said(after.ticket.code, 3).length);
  t.same(h.map((x) => x.clip), [...said(before.ticket.code, 8), ...said(after.ticket.code, 3)], 'the new call said once, the old one not again');

  // A reload while the server cannot be reached (the page itself still loads): the last board and the poster from the cache.
  await page.route(/\/(api|media)\//, (route) => route.abort('connectionrefused'));
  await page.routeWebSocket(/\/ws/, (ws) => ws.close());
  await page.reload();
  await page.getByTestId('board').waitFor();
  t.equal(await textOf(page, 'latest-code'), after.ticket.code, 'the board as it was last seen');
  await page.getByTestId('offline-marker').waitFor();
  await page.locator(`[data-testid="media"][data-item="${poster.id}"] img[src^="blob:"]`).waitFor({ timeout: 5000 });
  t.ok(await page.locator('[data-testid="media"] img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 320), 'the poster shows from the cache');
});

t.test('the board on a Full HD TV, a 4K TV and a portrait screen, and with the office closed', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  await s.staff.request('PUT', '/api/signage/ticker', { texts: ['Vineri programul este 08:00–14:00', 'Plata taxelor se poate face și cu cardul la casierie'] });
  await textSlide(s, 'Acte necesare pentru cartea de identitate', 'Certificatul de naștere, actul de proprietate sau contractul de închiriere și cartea de identitate veche.', 60);
  const plan: [string, string][] = [
    ['id-applications', 'counter-1'],
    ['id-pickup', 'counter-3'],
    ['civil-status', 'counter-6'],
    ['cashier', 'counter-8'],
    ['id-applications', 'counter-2'],
    ['information', 'counter-7'],
    ['id-applications', 'counter-4'],
    ['id-pickup', 'counter-5'],
  ];
  for (const [service, counter] of plan) await issueAndCall(s, service, counter);
  for (const service of ['id-applications', 'id-applications', 'id-pickup', 'civil-status', 'cashier', 'information', 'id-applications']) await s.staff.post('/api/tickets', { serviceId: service });
  const c7 = ((await s.anon.get('/api/counters')).body as { id: string; currentTicketId: string | null }[]).find((c) => c.id === 'counter-7')!;
  await s.staff.post(`/api/tickets/${c7.currentTicketId}/finish`);
  await s.staff.post('/api/counters/counter-7/close');
  const c6 = ((await s.anon.get('/api/counters')).body as { id: string; currentTicketId: string | null }[]).find((c) => c.id === 'counter-6')!;
  await s.staff.post(`/api/tickets/${c6.currentTicketId}/finish`);
  t.equal((await s.staff.post('/api/counters/counter-6/pause', { reason: 'break' })).status, 200, 'counter 6 on a break');

  for (const [name, viewport] of [['1920x1080', FULL_HD], ['3840x2160', UHD], ['portrait-1080x1920', PORTRAIT]] as const) {
    const { page, context } = await newDisplay(browser, s.url, viewport);
    await page.goto('/display/');
    await page.getByTestId('text-slide').waitFor();
    t.equal(await page.getByTestId('board').getAttribute('data-layout'), name.startsWith('portrait') ? 'portrait' : 'landscape', `${name}: layout by the screen's shape`);
    const board = await page.getByTestId('board').evaluate((el) => ({ w: el.scrollWidth, h: el.scrollHeight, vw: innerWidth, vh: innerHeight }));
    t.ok(board.w <= board.vw && board.h <= board.vh, `${name}: everything fits on the screen (${JSON.stringify(board)})`);
    t.same(await overflowing(page), [], `${name}: nothing cut off inside the panels`);
    const codeHeight = (await page.getByTestId('latest-code').boundingBox())!.height;
    t.ok(codeHeight > viewport.height * (name.startsWith('portrait') ? 0.1 : 0.17), `${name}: the latest code is ${Math.round(codeHeight)} px tall`);
    t.equal(await page.locator('[data-testid^="counter-counter-"]').count(), 8, `${name}: all eight counters`);
    t.equal(await page.getByTestId('counter-counter-7').getAttribute('data-state'), 'closed');
    t.match(await textOf(page, 'counter-counter-6'), /Pauză/);
    t.match(await textOf(page, 'waiting-id-applications'), /3$/, `${name}: three waiting for ID card applications`);
    await page.waitForTimeout(1500); // the ticker scrolls in
    await shot(page, name);
    await context.close();
  }

  // Outside opening hours: the week's hours instead of the calls.
  const { page } = await newDisplay(browser, s.url, FULL_HD);
  await page.route('**/api/display/home', async (route) => {
    const res = await route.fetch();
    const home = await res.json();
    home.office.openNow = false;
    home.office.openingHours = { mon: [{ from: '08:30', to: '16:30' }], tue: [{ from: '08:30', to: '16:30' }], wed: [{ from: '08:30', to: '18:30' }], thu: [{ from: '08:30', to: '16:30' }], fri: [{ from: '08:30', to: '13:30' }], sat: [], sun: [] };
    await route.fulfill({ response: res, json: home });
  });
  await page.goto('/display/');
  await page.getByTestId('opening-hours').waitFor();
  t.match(await textOf(page, 'opening-hours'), /Programul de lucru.*Luni Monday\s*08:30–16:30.*Miercuri Wednesday\s*08:30–18:30.*Sâmbătă Saturday\s*Închis\s*Duminică Sunday\s*Închis/);
  t.equal(await page.locator('[data-testid="opening-hours"] tr.today').count(), 1, 'today is marked');
  t.same(await overflowing(page), [], 'the whole week fits');
  t.equal(await page.getByTestId('latest-call').count(), 0, 'no calls while closed');
  await shot(page, 'closed');
});

t.test('a browser that keeps the sound off: a small button lets it out, and calls are said from then on', async (t) => {
  const browser = await launch(t, { autoplay: false });
  const s = await build(t, { clock: realClock() });
  const display = await localDisplay(s);
  await s.staff.patch(`/api/devices/${display.id}`, { settings: { announce: { languages: ['ro'], chime: false } } });
  const { page } = await newDisplay(browser, s.url);
  await page.goto('/display/');
  await page.getByTestId('board').waitFor();
  const button = page.getByTestId('sound-button');
  await button.waitFor({ timeout: 4000 });
  t.match((await button.textContent())?.replace(/\s+/g, ' '), /Atingeți pentru sunet Tap for sound/);
  const box = (await button.boundingBox())!;
  t.ok(box.width < 1920 * 0.25 && box.y + box.height > 1040, `small, in a corner (${JSON.stringify(box)})`);
  await shot(page, 'sound-blocked');
  await button.click();
  await button.waitFor({ state: 'detached' });
  const c = await issueAndCall(s, 'cashier', 'counter-8');
  const h = await waitHeard(page, callPhrase(c.ticket.code, 8, 'ro').clips.length);
  t.same(h.map((x) => x.clip), callPhrase(c.ticket.code, 8, 'ro').clips, 'the call is said after the touch');
});

t.test('a public holiday set for today closes the board at once, with its note', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const { page } = await newDisplay(browser, s.url);
  await page.goto('/display/');
  await page.getByTestId('latest-call').or(page.getByTestId('board')).first().waitFor();
  t.equal(await page.getByTestId('opening-hours').count(), 0, 'open: the calls, not the hours');

  const { settings } = (await s.staff.get('/api/office')).body;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: settings.timeZone }).format(new Date());
  const note = 'Zi liberă legală – Ziua Națională';
  const saved = await s.staff.request('PUT', '/api/office', { ...settings, specialDays: [{ date: today, hours: [], note }] });
  t.equal(saved.status, 200);

  // No reload: the office's change reaches the board by itself.
  await page.getByTestId('special-day-note').waitFor({ timeout: 5000 });
  t.equal(await textOf(page, 'special-day-note'), note);
  t.match(await page.locator('[data-testid="opening-hours"] tr.today').textContent(), /Închis/, "today's row says closed");
  await shot(page, 'holiday');
});
