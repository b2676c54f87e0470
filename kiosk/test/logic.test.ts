/**
 * The kiosk's and the ticket page's plain modules, without a browser: the words (every language complete,
 * diacritics and plurals, service names and the phone's language, refusals in plain words), one touch one ticket, the barcode scanner,
 * opening hours, printer health, colours, and what the live feed tells the page (the feed itself is
 * tested in shared/test/web-live.test.ts).
 */
import t from 'tap';
import { isNewCall, tokenFromPath } from '../src/lib/alert';
import { ApiError } from '../src/lib/api';
import { contrast, deepen } from '../src/lib/color';
import { printerDown, rangesText, weekdayIn, weekRows } from '../src/lib/hours';
import { langs, messages, people, phoneLang, reasonText, refusalText, serviceName, translate } from '../src/lib/i18n';
import { LiveFeed, type SocketLike } from '../src/lib/live';
import { cleanRef, ScanCapture, TouchGate } from '../src/lib/touch';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

t.test('words: every language has every message with the same placeholders; Romanian uses ș ț with a comma', async (t) => {
  const ro = messages.ro;
  for (const lang of langs) {
    const dict = messages[lang];
    t.same(Object.keys(dict).sort(), Object.keys(ro).sort(), `${lang}: the same keys`);
    const mismatched = (Object.keys(ro) as (keyof typeof ro)[]).filter((k) => placeholders(dict[k]).join() !== placeholders(ro[k]).join());
    t.same(mismatched, [], `${lang}: the same placeholders`);
    t.same(
      Object.entries(dict).filter(([, v]) => !v.trim()),
      [],
      `${lang}: no empty message`,
    );
  }
  t.same(
    Object.entries(ro).filter(([, v]) => /[şţŞŢ]/.test(v)),
    [],
    'no ş ţ with a cedilla',
  );
  t.equal(translate('ro', 'printFailed'), 'Bonul nu a putut fi tipărit. Fotografiați sau rețineți numărul');
  t.equal(translate('ro', 'pairingAsk'), 'Cereți personalului să asocieze acest chioșc cu codul');
  t.equal(translate('en', 'appointmentOption'), 'I have an appointment');
});

t.test('words: people ahead with Romanian plural forms', async (t) => {
  t.equal(people('ro', 1), '1 persoană');
  t.equal(people('ro', 2), '2 persoane');
  t.equal(people('ro', 19), '19 persoane');
  t.equal(people('ro', 20), '20 de persoane');
  t.equal(people('ro', 101), '101 persoane');
  t.equal(people('en', 1), '1 person');
  t.equal(people('en', 7), '7 people');
  t.equal(translate('ro', 'ahead', { people: people('ro', 20) }), 'Înaintea dumneavoastră: 20 de persoane');
  t.equal(translate('ro', 'etaLine', { n: 12 }), 'Timp estimat de așteptare: ~12 min');
});

t.test('words: each further language is really its own, with its own letters', async (t) => {
  t.same(
    langs.map((l) => messages[l].langName),
    ['Română', 'English', 'Magyar', 'Deutsch', 'Français', 'Українська'],
    'each language named in itself',
  );
  const keys = Object.keys(messages.ro) as (keyof typeof messages.ro)[];
  for (const lang of ['hu', 'de', 'fr', 'uk'] as const) {
    const asEnglish = keys.filter((k) => messages[lang][k] === messages.en[k]);
    t.ok(asEnglish.length <= 3, `${lang}: translated, not English (${asEnglish.join(', ')})`);
  }
  // Without the few Latin words a Ukrainian keeps (OK, QR), every Ukrainian message is in Cyrillic.
  const latin = Object.entries(messages.uk).filter(([, v]) => /[a-z]/i.test(v.replace(/\{\w+\}|OK|QR/g, '')));
  t.same(latin, [], 'Ukrainian in Cyrillic');
  t.ok(Object.values(messages.uk).some((v) => /[іїє]/.test(v)), 'with the Ukrainian letters і ї є');
  t.same(
    Object.entries(messages.hu).filter(([, v]) => /[õûôÕÛÔ]/.test(v)),
    [],
    'Hungarian ő ű with a double acute, never õ û ô',
  );
  t.ok(Object.values(messages.hu).some((v) => /[őű]/.test(v)), 'and it has them');
  t.ok(Object.values(messages.de).some((v) => /ß|[äöü]/.test(v)), 'German with its umlauts');
  t.ok(Object.values(messages.fr).some((v) => /[éèàç]/.test(v)), 'French with its accents');
});

t.test('words: people ahead in every language with its plural forms', async (t) => {
  t.same(
    [1, 2, 4, 5, 11, 21, 22, 25].map((n) => people('uk', n)),
    ['1 особа', '2 особи', '4 особи', '5 осіб', '11 осіб', '21 особа', '22 особи', '25 осіб'],
    'Ukrainian: one, few, many',
  );
  t.same([1, 2, 20].map((n) => people('hu', n)), ['1 személy', '2 személy', '20 személy'], 'Hungarian: singular after a number');
  t.same([1, 2, 20].map((n) => people('de', n)), ['1 Person', '2 Personen', '20 Personen']);
  t.same([1, 2, 20].map((n) => people('fr', n)), ['1 personne', '2 personnes', '20 personnes']);
  t.equal(translate('uk', 'ahead', { people: people('uk', 5) }), 'Перед вами: 5 осіб');
  t.equal(translate('hu', 'waitingPeople', { people: people('hu', 3) }), '3 személy vár');
});

t.test('service names: Romanian, English, and a further language when the office wrote one (English otherwise)', async (t) => {
  const s = { nameRo: 'Casierie', nameEn: 'Cashier', names: { uk: 'Каса', hu: '' } };
  t.equal(serviceName(s, 'ro'), 'Casierie');
  t.equal(serviceName(s, 'en'), 'Cashier');
  t.equal(serviceName(s, 'uk'), 'Каса');
  t.equal(serviceName(s, 'de'), 'Cashier', 'no German name: the English one');
  t.equal(serviceName(s, 'hu'), 'Cashier', 'an empty name is no name');
  t.equal(serviceName({ nameRo: 'Casierie', nameEn: 'Cashier' }, 'fr'), 'Cashier');
});

t.test("the phone page's second language: the phone's own when the office offers it, English otherwise", async (t) => {
  t.equal(phoneLang(['hu-HU', 'hu'], ['ro', 'en', 'hu']), 'hu');
  t.equal(phoneLang(['hu-HU'], ['ro', 'en']), 'en', 'not offered');
  t.equal(phoneLang(['ro-RO'], ['ro', 'en', 'hu']), 'en', 'a Romanian phone: English under the Romanian');
  t.equal(phoneLang(['ro-RO', 'uk'], ['ro', 'uk']), 'uk', 'the first offered language after Romanian');
  t.equal(phoneLang(['es-ES', 'DE-at', 'en'], ['ro', 'en', 'de']), 'de');
  t.equal(phoneLang(['uk-UA'], []), 'en', 'nothing known about the office');
});

t.test('words: refusals in plain words, never a code', async (t) => {
  t.equal(reasonText('ro', 'QMS_ERR_CAPACITY_REACHED'), 'Nu se mai eliberează bonuri astăzi pentru acest serviciu');
  t.equal(reasonText('en', 'QMS_ERR_CAPACITY_REACHED'), 'No more tickets today for this service');
  t.equal(reasonText('ro', 'QMS_ERR_SERVICE_CLOSED'), 'Momentan nu se eliberează bonuri pentru acest serviciu');
  t.equal(reasonText('ro', null), null);
  t.equal(refusalText('ro', new ApiError(429, 'QMS_ERR_KIOSK_RATE_LIMITED', 'x')), 'Vă rugăm așteptați puțin înainte de a lua alt bon');
  t.equal(refusalText('ro', new ApiError(0, 'QMS_CLIENT_NETWORK', '')), 'Chioșcul nu are legătură cu serverul. Încercați din nou în câteva clipe');
  t.equal(refusalText('ro', new ApiError(409, 'QMS_ERR_SERVICE_CLOSED', 'Service Casierie is closed')), 'Momentan nu se eliberează bonuri pentru acest serviciu');
  const unknown = refusalText('ro', new ApiError(500, 'QMS_ERR_INTERNAL', 'stack trace at line 3'));
  t.equal(unknown, 'Bonul nu a putut fi emis. Încercați din nou sau cereți ajutorul personalului');
  t.notMatch(unknown, /QMS|stack/, 'nothing technical reaches the citizen');
});

t.test('one touch gives one action: ignored while it runs and for the cool-down after', async (t) => {
  let now = 0;
  const gate = new TouchGate(1500, () => now);
  t.ok(gate.take(), 'the first touch acts');
  t.notOk(gate.take(), 'a second touch while the request is in flight is ignored');
  now = 400;
  gate.release();
  t.notOk(gate.open, 'closed right after');
  now = 1800;
  t.notOk(gate.take(), 'still within 1.5 s');
  now = 1900;
  t.ok(gate.take(), 'open again');
  gate.release(500);
  now = 2450;
  t.ok(gate.open, 'a shorter cool-down where no new screen appeared');
});

t.test('barcode scanner: a fast burst ending with Enter is a reference; typing by hand is not', async (t) => {
  const scan = new ScanCapture(60, 4);
  let at = 1000;
  const feed = (keys: string[], gap: number) => keys.map((k) => scan.feed(k, (at += gap))).filter((x) => x !== null);
  t.same(feed([...'AB12CD', 'Enter'], 8), ['AB12CD'], 'scanned');
  at += 5000;
  t.same(feed([...'AB12', 'Enter'], 250), [], 'typed slowly: not a scan');
  at += 5000;
  t.same(feed([...'A1', 'Enter'], 8), [], 'too short to be a reference');
  at += 5000;
  t.same(feed(['Shift', 'X', 'Shift', '9', '9', '9', 'Enter'], 6), ['X999'], 'Shift inside a scan is harmless');
  t.equal(cleanRef('ab-12 cd!'), 'AB-12CD');
});

t.test('opening hours in words, the week from Monday with today marked', async (t) => {
  t.equal(rangesText('ro', []), 'Închis');
  t.equal(rangesText('en', undefined), 'Closed');
  t.equal(rangesText('ro', [{ from: '00:00', to: '24:00' }]), 'Non-stop');
  t.equal(rangesText('ro', [{ from: '08:30', to: '12:00' }, { from: '13:00', to: '16:30' }]), '08:30–12:00, 13:00–16:30');
  const rows = weekRows('ro', { mon: [{ from: '08:00', to: '16:00' }], sat: [] }, 'sat');
  t.same(
    rows.map((r) => r.name),
    ['Luni', 'Marți', 'Miercuri', 'Joi', 'Vineri', 'Sâmbătă', 'Duminică'],
  );
  t.match(rows[0], { hours: '08:00–16:00', today: false });
  t.match(rows[5], { hours: 'Închis', today: true });
  // 2024-06-03 was a Monday; 22:30 UTC on it is already Tuesday in Bucharest.
  t.equal(weekdayIn('Europe/Bucharest', new Date('2024-06-03T10:00:00Z')), 'mon');
  t.equal(weekdayIn('Europe/Bucharest', new Date('2024-06-03T22:30:00Z')), 'tue');
});

t.test('printer health: citizens hear about a printer that cannot print, not about paper running low', async (t) => {
  const status = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false };
  const h = (s: Partial<typeof status> | null, error: { code: string; message: string } | null = null) => ({
    address: 'virtual:',
    status: s ? { ...status, ...s } : null,
    error,
    checkedAt: null,
  });
  t.notOk(printerDown(null), 'no printer information');
  t.notOk(printerDown(h({})), 'fine');
  t.notOk(printerDown(h({ paperNearEnd: true })), 'paper near its end');
  t.notOk(printerDown(h(null)), 'not checked yet');
  t.ok(printerDown(h({ paperOut: true })), 'paper out');
  t.ok(printerDown(h({ coverOpen: true })), 'cover open');
  t.ok(printerDown(h({ online: false })), 'offline');
  t.ok(printerDown(h(null, { code: 'PRINTER_OFFLINE', message: 'connect ECONNREFUSED' })), 'the last check failed');
});

t.test('service colours: white text on every button reaches WCAG AA', async (t) => {
  for (const c of ['#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ffeb3b', '#ffffff']) {
    const bg = deepen(c);
    t.ok(contrast(bg, '#ffffff') >= 4.5, `${c} -> ${bg}: ${contrast(bg, '#ffffff').toFixed(2)}`);
  }
  t.equal(deepen('#1565c0'), '#1565c0', 'a colour dark enough already is kept');
  t.ok(contrast('#ef6c00', '#ffffff') < 4.5, 'the demo orange alone would not be');
});

t.test('ticket page: the token from /t/<token>, and which changes ring the phone', async (t) => {
  t.equal(tokenFromPath('/t/uAbC_d-12'), 'uAbC_d-12');
  t.equal(tokenFromPath('/t/uAbC_d-12/'), 'uAbC_d-12');
  const waiting = { status: 'waiting', calledAt: null };
  const called = { status: 'called', calledAt: '2024-06-03T10:00:00Z' };
  t.ok(isNewCall(waiting, called), 'called');
  t.notOk(isNewCall(null, called), 'already called when the page opened: shown, not rung');
  t.notOk(isNewCall(called, called), 'nothing new');
  t.ok(isNewCall(called, { status: 'called', calledAt: '2024-06-03T10:02:00Z' }), 'called again');
  t.notOk(isNewCall(called, { status: 'serving', calledAt: called.calledAt }));
});

/** A socket the test drives: the page's feed hears what the test says. */
function fakeSocket(): SocketLike & { say(m: unknown): void } {
  return {
    readyState: 1,
    send: () => undefined,
    close: () => undefined,
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    say(m: unknown) {
      this.onmessage?.({ data: JSON.stringify(m) });
    },
  };
}

t.test('live feed: the page fetches once when caught up (not for each replayed event), then at each live event', async (t) => {
  const socket = fakeSocket();
  const changes: (string | null)[] = [];
  const feed = new LiveFeed({ url: 'ws://office/ws', topics: ['ticket:t-1'], lastSeq: 41, onChange: (e) => changes.push(e ? e.type : null), createSocket: () => socket });
  t.teardown(() => feed.stop());
  feed.start();
  socket.say({ seq: 42, type: 'ticket.issued', at: '2024-06-03T10:00:00Z', data: {} });
  socket.say({ seq: 43, type: 'ticket.transferred', at: '2024-06-03T10:00:00Z', data: {} });
  t.same(changes, [], 'replayed events wait for ready');
  socket.say({ type: 'ready', seq: 45 });
  socket.say({ seq: 46, type: 'ticket.recalled', at: '2024-06-03T10:01:00Z', data: {} });
  t.same(changes, [null, 'ticket.recalled']);
});
