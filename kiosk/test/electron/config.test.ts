import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { applySettings, loadConfig, normalizeServerUrl, parseConfig, saveConfig } from '../../electron/config';
import { hashPin, verifyPin } from '../../electron/pin';

const PIN_HASH = hashPin('4829');

t.test('a server address is http(s)://host[:port] and nothing more', async (t) => {
  t.equal(normalizeServerUrl('http://192.168.1.10:3000'), 'http://192.168.1.10:3000');
  t.equal(normalizeServerUrl(' https://qms.primarie.local/ '), 'https://qms.primarie.local', 'a trailing slash and spaces are dropped');
  t.equal(normalizeServerUrl('HTTP://Server:80'), 'http://server', 'the default port and the case are normalized');
  t.equal(normalizeServerUrl('http://[::1]:3000'), 'http://[::1]:3000');
  for (const bad of ['192.168.1.10:3000', 'ftp://server', 'http://server/kiosk', 'http://server?x=1', 'http://server#a', 'http://user:pw@server', 'http://server:99999', 'http://', 'http:// server', '', 42]) {
    t.equal(normalizeServerUrl(bad), null, `refused: ${JSON.stringify(bad)}`);
  }
});

t.test('first start: no file means no configuration and no errors', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
  t.same(loadConfig(join(dir, 'kiosk.json')), { config: null, known: {}, errors: [] });
});

t.test('the settings page sets up a first configuration, which is saved and read back', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'kiosk-config-')), 'sub', 'kiosk.json');
  const missingPin = applySettings({}, { serverUrl: 'http://10.0.0.5:3000', mode: 'display', newPin: '' });
  t.same('errors' in missingPin && missingPin.errors.map((e) => e.field), ['newPin'], 'a first configuration needs a PIN');

  const result = applySettings({}, { serverUrl: 'http://10.0.0.5:3000/', mode: 'display', newPin: '4829' });
  if (!('config' in result)) throw new Error('expected a configuration');
  t.match(result.config, { serverUrl: 'http://10.0.0.5:3000', mode: 'display', deviceToken: null, hangSeconds: 30, retrySeconds: 5 });
  t.ok(verifyPin('4829', result.config.pinHash), 'the new PIN opens the settings');

  saveConfig(file, result.config);
  t.equal(statSync(file).mode & 0o777, 0o600, 'only its owner can read the file');
  t.notMatch(readFileSync(file, 'utf8'), /4829/, 'the PIN itself is not in the file');
  t.same(loadConfig(file), { config: result.config, known: result.config, errors: [] });
});

t.test('changing the settings keeps the PIN and the preset token unless told otherwise', async (t) => {
  const known = { serverUrl: 'http://10.0.0.5:3000', mode: 'kiosk' as const, deviceToken: 'tok-1234567890', pinHash: PIN_HASH, hangSeconds: 45, retrySeconds: 3 };
  const kept = applySettings(known, { serverUrl: 'https://qms.local', mode: 'kiosk', newPin: '' });
  t.same('config' in kept && kept.config, { ...known, serverUrl: 'https://qms.local' });

  const changed = applySettings(known, { serverUrl: 'https://qms.local', mode: 'kiosk', newPin: '111222' });
  t.ok('config' in changed && verifyPin('111222', changed.config.pinHash) && !verifyPin('4829', changed.config.pinHash), 'a new PIN replaces the old one');

  const wrong = applySettings(known, { serverUrl: 'qms.local', mode: 'tv', newPin: '12' });
  t.same('errors' in wrong && wrong.errors.map((e) => e.field), ['serverUrl', 'mode', 'newPin']);
  const urlError = 'errors' in wrong ? wrong.errors[0]! : null;
  t.match(urlError, { ro: /Adresa serverului trebuie să fie de forma http\(s\):\/\/gazdă\[:port\]/, en: /The server address must look like/ });
  const none = applySettings(known, null);
  t.same('errors' in none && none.errors.map((e) => e.field), ['serverUrl', 'mode'], 'a missing form is refused field by field');
});

t.test('a hand-written file: defaults fill what is left out, and each bad field is named', async (t) => {
  const minimal = parseConfig({ serverUrl: 'http://qms:3000', pinHash: PIN_HASH });
  t.same(minimal.config, { serverUrl: 'http://qms:3000', mode: 'kiosk', deviceToken: null, pinHash: PIN_HASH, hangSeconds: 30, retrySeconds: 5 });

  const bad = parseConfig({ serverUrl: 'http://qms:3000', mode: 'tv', deviceToken: 'has spaces in it', pinHash: '4829', hangSeconds: 2, retrySeconds: 1.5 });
  t.equal(bad.config, null, 'a file with errors is not used as it is');
  t.same(bad.errors.map((e) => e.field), ['mode', 'deviceToken', 'pinHash', 'hangSeconds', 'retrySeconds']);
  t.same(bad.known, { serverUrl: 'http://qms:3000' }, 'what is valid is kept for the settings page');
  for (const e of bad.errors) t.ok(e.ro && e.en && e.ro !== e.en, `${e.field}: Romanian and English message`);

  const file = join(mkdtempSync(join(tmpdir(), 'kiosk-config-')), 'kiosk.json');
  writeFileSync(file, '{"serverUrl": "http://qms:3000",');
  t.same(loadConfig(file).errors.map((e) => e.field), ['file'], 'a file that is not JSON');
  writeFileSync(file, '[1, 2]');
  t.same(loadConfig(file).errors.map((e) => e.field), ['serverUrl', 'pinHash'], 'JSON that is not an object');
  t.same(loadConfig(join(file, '..')).errors.map((e) => e.field), ['read'], 'a file that cannot be read');
});
