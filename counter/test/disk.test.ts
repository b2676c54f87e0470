/**
 * The data folder's disk as the staff see it, in Chromium against a real server whose data folder is on a
 * small disk of its own (a tmpfs): an administrator on the Data page is told that space is low and how much
 * is left; when the disk fills up, the header warns and the Data page says tickets are refused; once space
 * is freed the warning goes. A disk that fails (an ext4 image the kernel turns read-only) is told apart
 * from a full one. A clerk at a counter hears only that data cannot be saved.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { screenshot } from '../../scripts/test-support/browser';
import { build } from '../../server/test/helper';
import { ADMIN, control, launch, newPanel, realClock, seen, signIn, textOf } from './lib/panel';
import { ext4Disk, ext4Refusal, fill, freeBytes, mountRefusal, tmpfs } from '../../scripts/test-support/disks';

const refusal = mountRefusal();
if (refusal) t.plan(0, refusal);

/** How often the pages read the server's health here (the panel's usual: every minute, 30 s on the Data page). */
const POLL_MS = 400;
/** The server keeps its look at the disk for 2 s; then one reading of the page, and room for a loaded machine. */
const NOTICED_MS = 2000 + POLL_MS + 3000;

/** A panel that reads the disk every POLL_MS, counting its readings. */
async function panel(browser: Browser, url: string): Promise<{ page: Page; readings: () => number }> {
  const { context, page } = await newPanel(browser, url);
  await context.addInitScript(`window.qmsDiskPollMs = ${POLL_MS}`);
  let n = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/health') n++;
  });
  return { page, readings: () => n };
}

/** The number in a Romanian text: 41,2 → 41.2. */
const numberIn = (text: string): number => Number(/\d+(,\d+)?/.exec(text)?.[0].replace(',', '.') ?? NaN);

const MiB = 1024 * 1024;
const CLERK = { username: 'ana', password: 'ana-password-1' };

/** The administrator signs in on the panel's form and stays at the counter choice. */
async function signInStaff(page: Page): Promise<void> {
  await page.goto('/counter/');
  await page.locator('#username').fill(ADMIN.username);
  await page.locator('#password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Intră în cont' }).click();
  await page.getByRole('heading', { name: 'La ce ghișeu lucrați?' }).waitFor();
}

t.test('low space, then a full disk and space freed again: the Data page and the header say so, to each as they need', async (t) => {
  const disk = tmpfs(t, 48);
  const s = await build(t, { clock: realClock(), dataDir: join(disk, 'qms') });
  await s.createUser(CLERK.username, CLERK.password, 'clerk');
  const browser = await launch(t);

  // The administrator opens Administrare → Date.
  const { page } = await panel(browser, s.url);
  await signInStaff(page);
  const low = page.getByRole('status').filter({ hasText: 'Spațiul pe discul serverului se termină' });
  await low.waitFor();
  t.pass('the header tells an administrator that space is low, on whichever page');
  await page.getByTestId('disk-details').click();
  await page.getByTestId('data-page').waitFor();
  t.equal(await page.getByTestId('disk-details').count(), 0, 'on the Data page the header does not point to it again');

  const box = page.getByTestId('disk');
  t.equal(await box.getByRole('heading').textContent(), 'Disc');
  const mib = freeBytes(disk) / MiB;
  const shown = await textOf(page, 'disk-free');
  t.match(shown, /^\d+(,\d)? MB liberi$/, `the free space in Romanian units and format (${shown})`);
  t.ok(Math.abs(numberIn(shown) - mib) < 2, `the free space of the disk (${mib.toFixed(1)} MiB on the disk, "${shown}" on the page)`);
  t.match(await low.textContent(), shown.replace(' liberi', ''), 'the header’s notice says how much too');
  t.equal(await textOf(page, 'disk-state'), 'Spațiul pe disc se termină.');
  t.match(await textOf(page, 'disk-advice'), /ștergeți copiile de siguranță vechi .* sau videoclipurile vechi .* ori mutați datele pe un disc mai mare/, 'and what to do about it');
  t.equal(await page.getByRole('alert').count(), 0, 'no warning: tickets are still stored');
  await page.getByTestId('disk').scrollIntoViewIfNeeded();
  await screenshot(page, 'staff-disk-low');

  // In English.
  await page.getByRole('button', { name: 'EN' }).click();
  await seen(page, 'disk-free', /^\d+(\.\d)? MB free$/);
  t.equal(await textOf(page, 'disk-state'), 'The disk is running out of space.');
  t.match(await page.getByTestId('disk-low').textContent(), /The server’s disk is running out of space: \d+(\.\d)? MB free\./, 'the header’s notice too');
  await page.getByRole('button', { name: 'RO' }).click();

  // A clerk at counter 1, with the waiting tickets of the day.
  for (let i = 0; i < 2; i++) await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  const clerk = await panel(browser, s.url);
  await signIn(clerk.page, CLERK, 'counter-1');
  const readBefore = clerk.readings();
  for (let i = 0; i < 50 && clerk.readings() < readBefore + 2; i++) await clerk.page.waitForTimeout(100);
  t.ok(clerk.readings() >= readBefore + 2, 'the clerk’s panel reads the disk’s state too');
  t.equal(await clerk.page.getByTestId('disk-low').count(), 0, 'a clerk is not told of low space');
  t.equal(await clerk.page.getByRole('alert').count(), 0, 'nor warned of anything');

  // The disk fills up.
  const free = fill(disk);
  t.equal(freeBytes(disk), 0, 'the disk is full');
  const started = Date.now();
  const full = page.getByRole('alert').filter({ hasText: 'Discul serverului este plin: bonurile sunt refuzate până se eliberează spațiu.' });
  await full.waitFor({ timeout: NOTICED_MS });
  t.pass(`the header warns the administrator within ${Date.now() - started} ms`);
  await seen(page, 'disk-state', 'Discul este plin: bonurile sunt refuzate până se eliberează spațiu.', NOTICED_MS);
  t.equal(await textOf(page, 'disk-free'), '0 B liberi');
  t.match(await textOf(page, 'disk-advice'), /Ștergeți copiile de siguranță vechi/);
  t.equal(await page.getByTestId('disk-low').count(), 0, 'the low-space notice gives way to the warning');
  await screenshot(page, 'staff-disk-full');

  const clerkAlert = clerk.page.getByRole('alert').filter({ hasText: 'Datele nu se pot salva: anunțați administratorul' });
  await clerkAlert.waitFor({ timeout: NOTICED_MS });
  t.pass('the clerk is warned, and told whom to tell');
  t.notMatch(await clerkAlert.textContent(), /disc|plin/i, 'in plain words, without the disk’s details');
  t.equal(await clerk.page.getByTestId('disk-details').count(), 0, 'and with no link to the staff pages');
  // The clerk's controls stay on the screen beside the warning.
  for (const action of ['callNext', 'recall', 'finish', 'pause']) {
    const b = await control(clerk.page, action).boundingBox();
    t.ok(b && b.y >= 0 && b.y + b.height <= 768, `the ${action} button is fully on the screen`);
  }
  const banner = await clerkAlert.boundingBox();
  t.ok(banner && banner.height <= 48, `the warning is one small line (${banner?.height} px high)`);
  await screenshot(clerk.page, 'staff-disk-full-clerk');

  // Space is freed: the warnings go by themselves.
  free();
  await full.waitFor({ state: 'detached', timeout: NOTICED_MS });
  t.pass('the administrator’s warning goes');
  await seen(page, 'disk-state', 'Spațiul pe disc se termină.', NOTICED_MS);
  await low.waitFor({ timeout: NOTICED_MS });
  t.pass('the Data page and the header say again that space is low');
  await clerkAlert.waitFor({ state: 'detached', timeout: NOTICED_MS });
  t.pass('the clerk’s warning goes');
  t.equal(await clerk.page.getByTestId('disk-low').count(), 0, 'with nothing in its place');
});

const noExt4 = refusal ? false : ext4Refusal();

t.test('a disk that fails while the office works: the header and the Data page say the data cannot be saved, and what to do', { skip: noExt4 || false }, async (t) => {
  const disk = ext4Disk(t, 64);
  const s = await build(t, { clock: realClock(), dataDir: join(disk.dir, 'qms') });
  await s.createUser(CLERK.username, CLERK.password, 'clerk');
  const browser = await launch(t);

  const { page } = await panel(browser, s.url);
  await signInStaff(page);
  await page.evaluate(() => (location.hash = '#/data'));
  await seen(page, 'disk-state', 'Spațiul pe disc se termină.', NOTICED_MS);
  const clerk = await panel(browser, s.url);
  await signIn(clerk.page, CLERK, 'counter-1');
  t.equal(await page.getByRole('alert').count() + (await clerk.page.getByRole('alert').count()), 0, 'no warning while the disk works');

  disk.fail();
  const started = Date.now();
  const failed = page.getByRole('alert').filter({ hasText: 'Datele nu se pot salva: dosarul de date nu poate fi scris (disc defect sau doar în citire). Bonurile sunt refuzate.' });
  await failed.waitFor({ timeout: NOTICED_MS });
  t.pass(`the header warns the administrator within ${Date.now() - started} ms`);
  await seen(page, 'disk-state', 'Dosarul de date nu poate fi scris (disc defect sau trecut doar în citire): bonurile sunt refuzate.', NOTICED_MS);
  t.match(await textOf(page, 'disk-advice'), /^Verificați discul \(README, secțiunea „Reliability”\) și, la nevoie, restaurați datele dintr-o copie de siguranță\.$/, 'what to do: check the disk, restore from a backup');
  t.notMatch(await textOf(page, 'disk-advice'), /ștergeți/i, 'not told to free space: that is not the trouble');
  await screenshot(page, 'staff-disk-failed');

  await clerk.page.getByRole('alert').filter({ hasText: 'Datele nu se pot salva: anunțați administratorul' }).waitFor({ timeout: NOTICED_MS });
  t.pass('the clerk is warned in the same plain words as for a full disk');

  // In English.
  await page.getByRole('button', { name: 'EN' }).click();
  await seen(page, 'disk-state', 'The data folder cannot be written (a failing disk, or one turned read-only): tickets are refused.');
  t.match(await page.getByTestId('disk-alert').textContent(), /Data cannot be saved: the data folder cannot be written/);
});
