/**
 * The setup pages for the hall displays, the printed ticket and the office's data, in Chromium against a
 * real server: a poster uploaded in the page shows on an open display without a reload, a display shows
 * only the counters chosen for it, a file that is not an image is refused with the reason, the playlist's
 * order, deletion and schedule; the ticket preview follows the header as it is typed and shows the logo;
 * a backup taken from the page is listed, and one restored from the page becomes the database once the
 * server has restarted, the page reloading by itself.
 */
import { join } from 'node:path';
import { png } from '../../scripts/test-support/png';
import type { Page } from 'playwright-core';
import t from 'tap';
import { newDisplay } from '../../display/test/lib/display';
import { ensureBuilt, screenshot } from '../../scripts/test-support/browser';
import { build, Client, spawnServer, type Built } from '../../server/test/helper';
import { ADMIN, launch, newPanel, realClock, seen, textOf } from './lib/panel';

/** Signs in on the panel's form, then opens a setup page by its address. */
async function openPage(page: Page, name: 'displays' | 'tickets' | 'data', user = ADMIN): Promise<void> {
  await page.goto('/counter/');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
  await page.evaluate((hash) => (location.hash = hash), `#/${name}`);
  await page.getByTestId(`${name}-page`).waitFor();
}

/** A screenshot of the page scrolled to the top, at the panel's 1366x768. */
async function shot(page: Page, testid: string, name: string): Promise<void> {
  await page.getByTestId(testid).evaluate((el) => el.scrollTo(0, 0));
  await screenshot(page, name);
}

/** The display device of the server's own machine (what the page gets by itself at start). */
async function localDisplayId(s: Built): Promise<string> {
  const r = await new Client(s.url).post('/api/devices/local-display');
  if (r.status !== 200) throw new Error(`no local display: ${JSON.stringify(r.body)}`);
  return r.body.device.id;
}

/** An image as the page shows it, pixel by pixel (as a PNG data URL). */
const pixelsOf = (page: Page, testid: string): Promise<string> =>
  page.getByTestId(testid).evaluate((img: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    canvas.getContext('2d')!.drawImage(img, 0, 0);
    return canvas.toDataURL('image/png');
  });

t.test('displays: a poster uploaded in the page shows on an open display, a display shows the counters chosen for it, and a file that is not an image is refused', async (t) => {
  await ensureBuilt('display');
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const displayId = await localDisplayId(s);
  // Romanian only, without the chime: the board says little while the test runs.
  await s.staff.patch(`/api/devices/${displayId}`, { settings: { announce: { languages: ['ro'], chime: false } } });

  const tv = await newDisplay(browser, s.url);
  const board = tv.page;
  await board.goto('/display/');
  await board.getByTestId('board').waitFor();
  const counters = board.locator('[data-testid^="counter-counter-"]');
  t.equal(await counters.count(), 8, 'the display shows all eight counters at first');
  // Set in the display's page: still there at the end means it was never reloaded.
  await board.evaluate(() => ((window as unknown as { __sameBoard: boolean }).__sameBoard = true));

  const { page } = await newPanel(browser, s.url);
  await openPage(page, 'displays');
  const card = page.getByTestId(`display-${displayId}`);
  await card.waitFor();
  t.match(await card.getByTestId('display-name').textContent(), /\S/, 'the display is listed by its name');
  t.equal(await card.getByTestId('display-summary-counters').textContent(), 'Toate ghișeele', 'it shows all counters');
  await card.getByTestId('display-edit').click();
  t.ok(await card.getByTestId('display-all-counters').isChecked(), 'and the form says so');

  // Only counters 1 and 2 on this display: none ticked is refused before it reaches the server.
  await card.getByTestId('display-chosen-counters').check();
  await card.getByTestId('display-save').click();
  await seen(page, 'display-counters-error', 'Alegeți cel puțin un ghișeu sau „Toate ghișeele”.');
  await card.getByLabel('Ghișeul 1', { exact: true }).check();
  await card.getByLabel('Ghișeul 2', { exact: true }).check();
  await card.getByTestId('display-layout').selectOption({ label: 'Verticală' });
  await card.getByTestId('display-save').click();
  await seen(page, 'display-note', /Profilul ecranului „.+” a fost salvat\./);
  t.equal(await card.getByTestId('display-form').count(), 0, 'the form closes');
  t.equal(await card.getByTestId('display-summary-counters').textContent(), 'Ghișeul 1, Ghișeul 2', 'the card shows the counters chosen');
  await board.waitForFunction(() => document.querySelectorAll('[data-testid^="counter-counter-"]').length === 2, undefined, { timeout: 8000 });
  t.same(
    await counters.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
    ['counter-counter-1', 'counter-counter-2'],
    'the display follows: counters 1 and 2 only',
  );
  t.equal(await board.getByTestId('board').getAttribute('data-layout'), 'portrait', 'in the layout chosen, whatever the screen’s shape');
  const saved = ((await s.staff.get('/api/devices')).body as { id: string; settings: { counters: string[] | null; layout: string } }[]).find((d) => d.id === displayId);
  t.same([saved?.settings.counters, saved?.settings.layout], [['counter-1', 'counter-2'], 'portrait'], 'saved on the server');

  // A poster chosen with the file input: its progress, then the playlist and the display have it.
  t.equal(await page.getByTestId('playlist-empty').count(), 1, 'the playlist is empty at first');
  await page.getByTestId('media-file').setInputFiles({ name: 'Program de Crăciun.png', mimeType: 'image/png', buffer: png(320, 180, [190, 30, 40]) });
  await seen(page, 'upload', '„Program de Crăciun.png” a fost adăugat.', 5000);
  const row = page.getByTestId('media-item').filter({ hasText: 'Program de Crăciun' });
  await row.waitFor();
  t.match(await row.textContent(), /Imagine.*10 s/, 'an image, shown 10 seconds');
  const thumb = row.getByTestId('media-thumb');
  await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 320, await thumb.elementHandle());
  const item = ((await s.staff.get('/api/media')).body as { id: string; title: string }[]).find((m) => m.title === 'Program de Crăciun');
  t.ok(item, 'the server has the poster, titled by its file name');
  await board.locator(`[data-testid="media"][data-item="${item!.id}"] img`).waitFor({ timeout: 10_000 });
  t.ok(
    await board.locator('[data-testid="media"] img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 320),
    'the display shows the poster',
  );
  t.equal(await board.evaluate(() => (window as unknown as { __sameBoard?: boolean }).__sameBoard), true, 'without a reload');

  // A text file dropped on the page: the server's refusal, in words, and nothing added.
  await page.getByTestId('media-drop').evaluate((zone) => {
    const data = new DataTransfer();
    data.items.add(new File(['Programul de lucru: luni–vineri'], 'notițe.txt', { type: 'text/plain' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  const refused = page.locator('[data-testid="upload"][data-state="refused"]');
  await refused.waitFor();
  t.equal(
    (await refused.textContent())?.trim(),
    '„notițe.txt” nu a fost primit: nu este o imagine (PNG, JPEG, WebP, GIF) și nici un videoclip (MP4, WebM).',
    'the refusal says why',
  );
  t.equal(((await s.staff.get('/api/media')).body as unknown[]).length, 1, 'nothing was added');
  t.equal(await page.getByTestId('media-item').count(), 1, 'the page lists the poster only');

  // A text slide, moved before the poster: the order on the server follows.
  await page.getByTestId('text-slide-open').click();
  await page.getByTestId('text-slide-title').fill('Acte necesare');
  await page.getByTestId('text-slide-text').fill('Certificatul de naștere și actul de identitate vechi.');
  await page.getByTestId('text-slide-add').click();
  await seen(page, 'playlist-note', 'Diapozitivul „Acte necesare” a fost adăugat.');
  const slide = page.getByTestId('media-item').filter({ hasText: 'Acte necesare' });
  t.ok(await slide.getByTestId('media-down').isDisabled(), 'the last item cannot go down');
  await slide.getByTestId('media-up').click();
  await page.getByTestId('media-item').first().filter({ hasText: 'Acte necesare' }).waitFor();
  const order = async () => ((await s.staff.get('/api/media')).body as { title: string }[]).map((m) => m.title);
  for (let i = 0; i < 20 && (await order())[0] !== 'Acte necesare'; i++) await new Promise((r) => setTimeout(r, 100));
  t.same(await order(), ['Acte necesare', 'Program de Crăciun'], 'the slide plays first now');

  // The displays and the playlist in view, under the page's title.
  await page.getByTestId('displays').evaluate((el) => el.scrollIntoView());
  await screenshot(page, 'setup-displays');

  // Deleting asks first.
  await slide.getByTestId('media-delete').click();
  const dialog = page.getByTestId('media-delete-dialog');
  await dialog.getByRole('heading', { name: 'Ștergeți „Acte necesare”?' }).waitFor();
  await dialog.getByRole('button', { name: 'Renunță' }).click();
  t.same(await order(), ['Acte necesare', 'Program de Crăciun'], 'cancelling deletes nothing');
  await slide.getByTestId('media-delete').click();
  await dialog.getByTestId('media-delete-confirm').click();
  await seen(page, 'playlist-note', '„Acte necesare” a fost șters.');
  t.same(await order(), ['Program de Crăciun'], 'deleted on the server');

  // The poster on Mondays and Tuesdays, in the morning, for December only.
  await row.getByTestId('media-edit').click();
  await row.getByLabel('Lu', { exact: true }).check();
  await row.getByLabel('Ma', { exact: true }).check();
  await row.getByTestId('media-edit-from').fill('08:00');
  await row.getByTestId('media-edit-to').fill('12:00');
  await row.getByTestId('media-edit-start').fill('2026-12-01');
  await row.getByTestId('media-edit-end').fill('2026-12-31');
  await row.getByTestId('media-edit-duration').fill('15');
  await row.getByTestId('media-save').click();
  await row.getByTestId('media-schedule').filter({ hasText: 'Lu, Ma · 08:00–12:00 · 01.12.2026 – 31.12.2026' }).waitFor();
  t.match(await row.textContent(), /15 s/, 'shown 15 seconds now');
  const poster = ((await s.staff.get('/api/media')).body as { durationSeconds: number; schedule: unknown }[])[0];
  t.has(
    poster,
    { durationSeconds: 15, schedule: { days: ['mon', 'tue'], from: '08:00', to: '12:00', startDate: '2026-12-01', endDate: '2026-12-31' } },
    'the schedule and duration are saved',
  );
});

t.test('tickets: the preview follows the header as it is typed, and the texts are saved for the office', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  await s.anon.post('/api/devices/local');
  const { page } = await newPanel(browser, s.url);
  await openPage(page, 'tickets');

  const header = page.getByTestId('ticket-header');
  await header.waitFor();
  const preview = page.getByTestId('ticket-preview');
  await preview.waitFor();
  await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await preview.elementHandle());
  const before = await pixelsOf(page, 'ticket-preview');

  await header.pressSequentially('Primăria Sectorului 7 – Stare civilă', { delay: 15 });
  await page.locator('[data-testid="ticket-preview"][data-header="Primăria Sectorului 7 – Stare civilă"]').waitFor({ timeout: 5000 });
  await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await preview.elementHandle());
  t.not(await pixelsOf(page, 'ticket-preview'), before, 'the preview changed with the header');
  t.ok(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth > 0), 'and shows');

  await page.getByTestId('ticket-footer').fill('Vă mulțumim! Program: luni–vineri 08:30–16:30');
  await page.locator('[data-testid="ticket-preview"][data-footer="Vă mulțumim! Program: luni–vineri 08:30–16:30"]').waitFor();
  await page.getByTestId('ticket-save').click();
  await seen(page, 'ticket-note', 'Textele bonului au fost salvate.');
  const office = (await s.staff.get('/api/office')).body as { settings: { ticketHeader: string; ticketFooter: string } };
  t.same(
    [office.settings.ticketHeader, office.settings.ticketFooter],
    ['Primăria Sectorului 7 – Stare civilă', 'Vă mulțumim! Program: luni–vineri 08:30–16:30'],
    'saved on the server',
  );

  // The office's logo on top: one too wide for the paper is refused, one that fits shows in the preview.
  await page.getByTestId('ticket-logo-none').waitFor();
  await page.getByTestId('ticket-logo-file').setInputFiles({ name: 'sigla-mare.png', mimeType: 'image/png', buffer: png(700, 100, [20, 40, 120]) });
  await seen(page, 'ticket-logo-note', 'Sigla are 700 × 100 puncte; pe bon încap cel mult 576 pe lățime și 400 pe înălțime.');
  const withoutLogo = await pixelsOf(page, 'ticket-preview');
  await page.getByTestId('ticket-logo-file').setInputFiles({ name: 'sigla.png', mimeType: 'image/png', buffer: png(240, 80, [20, 40, 120]) });
  await seen(page, 'ticket-logo-note', 'Sigla a fost salvată (240 × 80 puncte).');
  await page.getByTestId('ticket-logo-image').waitFor();
  await page.locator('[data-testid="ticket-preview"][data-logo="1"]').waitFor();
  await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await preview.elementHandle());
  t.not(await pixelsOf(page, 'ticket-preview'), withoutLogo, 'the preview shows the logo');

  await page.getByTestId('ticket-test-print').click();
  await seen(page, 'ticket-test-note', 'Proba a fost tipărită.', 5000);

  await shot(page, 'tickets-page', 'setup-tickets');
});

t.test('data: a backup taken in the page is listed with its size; retention and the event log', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  const { page } = await newPanel(browser, s.url);
  await openPage(page, 'data');

  const clickedAt = Date.now();
  await page.getByTestId('backup-now').click();
  await seen(page, 'backup-note', /Copia „qms-\d{4}-\d{2}-\d{2}\.sqlite” este gata\./, 10_000);
  const name = /„(.+)”/.exec(await textOf(page, 'backup-note'))![1]!;
  const made = ((await s.staff.get('/api/backups')).body as { name: string; createdAt: string }[]).find((b) => b.name === name);
  t.ok(made && Date.parse(made.createdAt) >= clickedAt - 1000, 'the server has the backup, taken just now');
  const row = page.locator(`[data-testid="backup"][data-name="${name}"]`);
  await row.waitFor();
  t.match(await row.textContent(), /\d+(,\d)? (kB|MB)/, 'listed with its size');
  t.equal(await row.getByTestId('backup-download').getAttribute('href'), `/api/backups/${name}`, 'with a download link');

  // Personal data: names kept 14 days.
  await page.getByTestId('retention-days').fill('14');
  await page.getByTestId('retention-save').click();
  await seen(page, 'retention-note', 'Numele se păstrează 14 zile.');
  t.equal((await s.staff.get('/api/appointments/settings')).body.retentionDays, 14, 'saved on the server');

  // The event log: a range the server takes, as a link.
  const firstDay = await page.getByTestId('export-from').inputValue();
  await page.getByTestId('export-ndjson').check();
  const href = (await page.getByTestId('export-link').getAttribute('href'))!;
  t.match(href, /^\/api\/events\/export\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&format=ndjson$/);
  t.equal((await page.evaluate((url) => fetch(url).then((r) => r.status), href)), 200, 'the server answers the link');
  await page.getByTestId('export-from').fill('2020-01-01');
  await seen(page, 'export-problem', 'Intervalul are peste 366 de zile.');
  t.equal(await page.getByTestId('export-link').count(), 0, 'no link for a range that is too long');

  await page.getByTestId('export-from').fill(firstDay);
  await page.getByTestId('export-link').waitFor();
});

t.test('data: restoring asks for a typed word, refuses a file that is not a backup, and a backup becomes the database after the server restarts', async (t) => {
  const browser = await launch(t);
  // The server as its own process, which restarts itself on a restored backup.
  const dataDir = t.testdir();
  const { url, child } = await spawnServer(dataDir);
  t.teardown(() => void child.kill('SIGKILL'));
  const staff = await new Client(url).login();
  const backup = await staff.post('/api/backups');
  t.equal(backup.status, 201, 'a backup, with names kept 30 days');
  const settings = (await staff.get('/api/appointments/settings')).body;
  t.equal((await staff.request('PUT', '/api/appointments/settings', { ...settings, retentionDays: 7 })).status, 200, 'then changed to 7 days');

  const { page } = await newPanel(browser, url);
  await openPage(page, 'data');
  await seen(page, 'backup-list', backup.body.name);

  // A file that is not a backup: refused, nothing changes.
  await page.getByTestId('restore-file').setInputFiles({ name: 'qms-copie.sqlite', mimeType: 'application/octet-stream', buffer: Buffer.from('Aceasta nu este o copie de siguranță.\n'.repeat(50)) });
  await seen(page, 'restore-file-name', /^qms-copie\.sqlite \(\d+(,\d)? kB\)$/);
  t.ok(await page.getByTestId('restore-go').isDisabled(), 'nothing happens before the word is typed');
  await page.getByTestId('restore-confirm').fill('restaurare');
  await page.getByTestId('restore-go').click();
  await seen(page, 'restore-error', 'Copia nu poate fi restaurată: fișierul nu este o bază de date SQLite. Nu s-a schimbat nimic.', 10_000);
  t.equal((await staff.get('/api/appointments/settings')).body.retentionDays, 7, 'the data is as it was');
  // The whole page down to the refusal.
  await page.getByTestId('restore').evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await screenshot(page, 'setup-data');

  // The backup itself: the page waits for the server to come back, then reloads by itself.
  await page.getByTestId('restore-file').setInputFiles(join(dataDir, 'backups', backup.body.name));
  await page.evaluate(() => ((window as unknown as { __beforeRestore: boolean }).__beforeRestore = true));
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await page.getByTestId('restore-go').click();
  await seen(page, 'restore-state', `Restaurat din „${backup.body.name}”`, 10_000);
  t.match(await textOf(page, 'restore-state'), /Serverul repornește; pagina se reîncarcă singură/, 'the page says what happens next');
  await reloaded;
  t.equal(await page.evaluate(() => (window as unknown as { __beforeRestore?: boolean }).__beforeRestore), undefined, 'the page reloaded by itself');
  const admin = await new Client(url).login();
  t.equal((await admin.get('/api/appointments/settings')).body.retentionDays, 30, 'the server runs on the backup');
  const names = ((await admin.get('/api/backups')).body as { name: string }[]).map((b) => b.name);
  t.ok(names.some((n) => n.startsWith('before-restore-')), 'the replaced database is kept among the backups');
  t.equal(child.exitCode, null, 'in the same server process');
});
