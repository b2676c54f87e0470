/**
 * The shell's own pages (offline screen, settings) in Chromium, with window.kioskShell stubbed the way the preload
 * would provide it. Screenshots go to artifacts/screenshots/kiosk-shell-*.png.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import type { ShellInfo } from '../../electron/shell-api';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pages = new URL('../../electron/pages/', import.meta.url).href;
const SCREENSHOTS = `${root}artifacts/screenshots`;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const INFO: ShellInfo = {
  serverUrl: 'http://10.0.0.5:3000',
  mode: 'kiosk',
  configured: true,
  pinSet: true,
  locked: true,
  hasDeviceToken: true,
  retrySeconds: 1,
  errors: [],
  version: '0.1.0',
};

const consoleErrors = new WeakMap<Page, string[]>();

/** A page with a stubbed shell: calls are recorded in window.calls; the server answers when window.serverUp is true. */
async function open(browser: Browser, t: Test, page: string, info: Partial<ShellInfo> = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  t.teardown(() => context.close());
  await context.addInitScript('globalThis.__name = (f) => f'); // tsx names functions through __name
  await context.addInitScript((info: ShellInfo) => {
    const w = window as unknown as Record<string, unknown> & { calls: Array<[string, unknown]>; serverUp: boolean };
    w.calls = [];
    w.serverUp = false;
    const call = (name: string, arg?: unknown): void => void w.calls.push([name, arg]);
    w.kioskShell = {
      info: async () => (call('info'), info),
      checkServer: async () => (call('checkServer'), w.serverUp),
      unlock: async (pin: string) => (call('unlock', pin), pin === '4829' ? { ok: true } : { ok: false, retryAfterSeconds: 0 }),
      save: async (input: { serverUrl: string }) => {
        call('save', input);
        return /^https?:\/\//.test(input.serverUrl)
          ? { ok: true }
          : { ok: false, errors: [{ field: 'serverUrl', ro: 'Adresa serverului trebuie să fie de forma http(s)://gazdă[:port].', en: 'The server address must look like http(s)://host[:port].' }] };
      },
      forgetPairing: async () => (call('forgetPairing'), true),
      close: async () => void call('close'),
      quit: async () => void call('quit'),
    };
  }, { ...INFO, ...info });
  const tab = await context.newPage();
  tab.setDefaultTimeout(5000);
  const problems: string[] = [];
  tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  tab.on('pageerror', (e) => problems.push(e.message));
  consoleErrors.set(tab, problems);
  await tab.goto(`${pages}${page}`);
  return tab;
}

const calls = (page: Page, name: string): Promise<unknown[]> =>
  page.evaluate((name) => (window as unknown as { calls: Array<[string, unknown]> }).calls.filter(([n]) => n === name).map(([, a]) => a), name);
const byTest = (page: Page, id: string) => page.getByTestId(id);
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/kiosk-shell-${name}.png` });
}
function noConsoleErrors(t: Test, page: Page): void {
  t.same(consoleErrors.get(page), [], 'no errors in the page console (the scripts and styles pass its CSP)');
}
async function top(page: Page, id: string): Promise<number> {
  return (await byTest(page, id).boundingBox())!.y;
}

t.test('shell pages', async (t) => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  t.teardown(() => browser.close());

  t.test('offline screen: Romanian first, then English, and it keeps checking the server', async (t) => {
    const page = await open(browser, t, 'offline.html');
    await t.resolves(byTest(page, 'title-ro').getByText('Fără legătură cu serverul').waitFor());
    t.match(await byTest(page, 'lead-ro').textContent(), 'Bonurile nu pot fi emise acum. Vă rugăm să așteptați sau să vă adresați personalului.');
    t.match(await byTest(page, 'title-en').textContent(), 'No connection to the server');
    t.ok((await top(page, 'title-ro')) < (await top(page, 'lead-ro')) && (await top(page, 'lead-ro')) < (await top(page, 'title-en')), 'Romanian above English');
    const size = await byTest(page, 'title-ro').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    t.ok(size >= 40, `large text (${size} px)`);
    t.match(await byTest(page, 'server').textContent(), 'Server: http://10.0.0.5:3000', 'the address for the technician');
    await byTest(page, 'status-ro').getByText('Reîncercăm în 1 s.').waitFor();
    t.match(await byTest(page, 'status-en').textContent(), 'Trying again in 1 s.');
    await shot(page, 'offline');

    await page.waitForFunction(() => (window as unknown as { calls: Array<[string]> }).calls.filter(([n]) => n === 'checkServer').length >= 3);
    t.pass('checked the server again and again while it does not answer');
    await page.evaluate(() => ((window as unknown as { serverUp: boolean }).serverUp = true));
    await byTest(page, 'status-ro').getByText('Serverul răspunde. Revenim imediat.').waitFor();
    const checks = (await calls(page, 'checkServer')).length;
    await page.waitForTimeout(2500);
    t.equal((await calls(page, 'checkServer')).length, checks, 'no more checks once the server answered');
    noConsoleErrors(t, page);
  });

  t.test('offline screen: "try again now" checks at once', async (t) => {
    const page = await open(browser, t, 'offline.html', { retrySeconds: 60 });
    await byTest(page, 'status-ro').getByText('Reîncercăm în 60 s.').waitFor();
    t.equal((await calls(page, 'checkServer')).length, 0);
    await byTest(page, 'retry').click();
    await page.waitForFunction(() => (window as unknown as { calls: Array<[string]> }).calls.some(([n]) => n === 'checkServer'));
    await byTest(page, 'status-ro').getByText('Reîncercăm în 60 s.').waitFor();
    t.pass('checked, then counts down again');
    noConsoleErrors(t, page);
  });

  t.test('settings: the PIN on the keypad, then the address on the on-screen keyboard', async (t) => {
    const page = await open(browser, t, 'settings.html');
    const pinKey = (k: string) => byTest(page, 'pin-keys').locator(`button[data-key="${k}"]`);
    await pinKey('1').waitFor();
    t.notOk(await page.locator('#form').isVisible(), 'nothing but the PIN before it is entered');
    for (const k of '1234') await pinKey(k).click();
    t.equal(await byTest(page, 'pin-dots').textContent(), '●●●●', 'the digits are hidden');
    await shot(page, 'settings-pin');
    await pinKey('ok').click();
    await byTest(page, 'lock-message').getByText('Cod PIN greșit. · Wrong PIN.').waitFor();
    t.notOk(await page.locator('#form').isVisible(), 'a wrong PIN opens nothing');
    for (const k of '48299') await pinKey(k).click();
    await pinKey('back').click();
    await pinKey('ok').click();
    await page.locator('#form').waitFor();
    t.same(await calls(page, 'unlock'), ['1234', '4829'], 'the PINs as typed (⌫ removes a digit)');

    t.equal(await byTest(page, 'server-url').inputValue(), 'http://10.0.0.5:3000', 'the current address');
    t.equal(await byTest(page, 'mode-kiosk').getAttribute('aria-pressed'), 'true', 'the current mode');
    const key = (k: string) => byTest(page, 'keyboard').locator(`button[data-key="${k}"]`);
    const type = async (text: string) => {
      for (const c of text) await key(c).click();
    };
    await key('clear').click();
    await type('10.0.0.7:3000');
    await byTest(page, 'save').click();
    await page.locator('[data-error="serverUrl"]').getByText('Adresa serverului trebuie să fie de forma http(s)://gazdă[:port]. · The server address must look like http(s)://host[:port].').waitFor();
    t.pass('the address error is shown by the field, in Romanian then English');
    await shot(page, 'settings-error');

    await key('clear').click();
    await key('http://').click();
    await type('10.0.0.7:3000');
    await byTest(page, 'mode-display').click();
    await byTest(page, 'save').click();
    await byTest(page, 'form-message').getByText('Salvat.').waitFor();
    t.same((await calls(page, 'save')).at(-1), { serverUrl: 'http://10.0.0.7:3000', mode: 'display', newPin: '' }, 'what was typed and chosen is saved');

    await byTest(page, 'forget').click();
    await byTest(page, 'forget').getByText('Apăsați din nou pentru confirmare').waitFor();
    t.equal((await calls(page, 'forgetPairing')).length, 0, 'one tap only asks for confirmation');
    await byTest(page, 'forget').click();
    await byTest(page, 'form-message').getByText('Asocierea a fost ștearsă').waitFor();
    t.equal((await calls(page, 'forgetPairing')).length, 1, 'the second tap forgets the pairing');

    await byTest(page, 'cancel').click();
    t.equal((await calls(page, 'close')).length, 1, 'cancel goes back to the server page');
    noConsoleErrors(t, page);
  });

  t.test('settings on a first start: no PIN asked, a new PIN required, the file errors listed', async (t) => {
    const page = await open(browser, t, 'settings.html', {
      serverUrl: null,
      configured: false,
      pinSet: false,
      locked: false,
      hasDeviceToken: false,
      errors: [{ field: 'mode', ro: 'Modul trebuie să fie „kiosk” (chioșc) sau „display” (afișaj de sală).', en: 'The mode must be "kiosk" or "display" (hall display).' }],
    });
    await page.locator('#form').waitFor();
    t.equal(await byTest(page, 'server-url').inputValue(), 'http://');
    t.match(await byTest(page, 'pin-hint').textContent(), 'obligatoriu, 4–8 cifre');
    t.match(await byTest(page, 'file-errors').textContent(), 'Modul trebuie să fie „kiosk”');
    t.notOk(await byTest(page, 'cancel').isVisible(), 'there is no page to go back to');
    t.notOk(await byTest(page, 'forget').isVisible(), 'and no pairing to forget');
    await shot(page, 'settings-first-start');
    noConsoleErrors(t, page);
  });
});
