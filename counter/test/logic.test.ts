/**
 * The panel's plain modules, without a browser: the words (both languages, Romanian diacritics, plural
 * forms, refusals by code), the queue view the events build, the double-press keys, and the live link's
 * hello, resume, silence and gap handling against a fake socket; the data folder's disk in words, and its
 * reading from the server's health.
 */
import t from 'tap';
import { withSaved } from '../src/lib/lists';
import { ApiError } from '../src/lib/api';
import { bytesText, diskLevel, diskNotice, diskReport, storageOf, type StorageHealth } from '../src/lib/disk';
import { diskPollMs, DiskWatch, type DiskState } from '../src/lib/disk-watch';
import { errorText, messages, translate, waitingCount } from '../src/lib/i18n';
import { LiveQueue, type LiveState, type SocketLike } from '../src/lib/live';
import { Presses } from '../src/lib/presses';
import { applyEvent, currentAt, fromSnapshot, servicesOf, waitingFor } from '../src/lib/queue-view';
import type { QueueSnapshot, ServiceDto, WireEvent } from '../src/lib/types';
import { counter, iso, T0, ticket } from './lib/queue-fixtures';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

t.test('words: both languages have every message, the same placeholders, and Romanian uses ș ț with a comma', async (t) => {
  const ro = messages.ro;
  const en = messages.en;
  t.same(Object.keys(en).sort(), Object.keys(ro).sort(), 'the same keys');
  const mismatched = (Object.keys(ro) as (keyof typeof ro)[]).filter((k) => placeholders(en[k]).join() !== placeholders(ro[k]).join());
  t.same(mismatched, [], 'the same placeholders in both');
  const cedilla = Object.entries(ro).filter(([, v]) => /[şţŞŢ]/.test(v));
  t.same(cedilla, [], 'no ş ţ with a cedilla');
  t.ok(Object.values(ro).some((v) => v.includes('ș')) && Object.values(ro).some((v) => v.includes('ț')), 'ș and ț are used');
  t.equal(translate('ro', 'counterName', { n: 3 }), 'Ghișeul 3');
  t.equal(translate('ro', 'offline'), 'Fără legătură cu serverul — se reconectează…');
  t.equal(translate('en', 'offline'), 'No connection to the server — reconnecting…');
});

t.test('words: Romanian plural forms', async (t) => {
  t.equal(waitingCount('ro', 1), '1 bon în așteptare');
  t.equal(waitingCount('ro', 2), '2 bonuri în așteptare');
  t.equal(waitingCount('ro', 20), '20 de bonuri în așteptare');
  t.equal(waitingCount('ro', 101), '101 bonuri în așteptare');
  t.equal(waitingCount('en', 1), '1 ticket waiting');
  t.equal(waitingCount('en', 5), '5 tickets waiting');
});

t.test('words: refusals by code, the server message for a code the panel does not know', async (t) => {
  t.equal(errorText('ro', new ApiError(409, 'QMS_ERR_COUNTER_BUSY', 'x')), 'Mai aveți un cetățean la ghișeu. Finalizați bonul mai întâi.');
  t.equal(errorText('en', new ApiError(429, 'QMS_ERR_TOO_MANY_ATTEMPTS', 'x')), 'Too many sign-in attempts. Wait a little, then try again.');
  t.equal(
    errorText('ro', new ApiError(403, 'QMS_ERR_NOT_YOUR_TICKET', 'Ticket A001 is at counter 1, not at counter 2'), { ticket: 'A001', owner: 'Ghișeul 1' }),
    'Bonul A001 este la Ghișeul 1, nu la ghișeul dumneavoastră. Nu puteți lucra cu el de aici.',
  );
  t.equal(
    errorText('en', new ApiError(403, 'QMS_ERR_NOT_YOUR_TICKET', 'Ticket A001 is at counter 1, not at counter 2')),
    'Ticket A001 is at counter 1, not at counter 2',
    'without the details to fill in, the server says it best',
  );
  t.equal(errorText('ro', new ApiError(409, 'QMS_ERR_SOMETHING_NEW', 'A new rule said no')), 'Serverul a refuzat: A new rule said no');
  t.equal(errorText('ro', new ApiError(0, 'QMS_CLIENT_NETWORK', '')), 'Fără legătură cu serverul: acțiunea nu a fost confirmată.');
});

t.test('double presses: the same command right after reuses its key; anything else gets a new one', async (t) => {
  let now = 1000;
  const p = new Presses(1000, () => now);
  const a = p.key('callNext', 'counter-1');
  now += 300;
  t.equal(p.key('callNext', 'counter-1'), a, 'a double tap is one press');
  t.match(a, /^[A-Za-z0-9._:-]{8,128}$/, 'a valid Idempotency-Key');
  now += 900;
  t.not(p.key('callNext', 'counter-1'), a, 'past the window, a new press');
  const b = p.key('finish', 't1');
  t.not(p.key('callNext', 'counter-1'), b);
  t.not(p.key('finish', 't1'), b, 'another command between: a new press');
});

// A small office: counter-1 serves A then E; a ticket transferred to counter-2 is not counter 1's.
const service = (id: string, prefix: string): ServiceDto =>
  ({ id, prefix, nameRo: id, nameEn: id, kioskOrder: prefix.charCodeAt(0), color: '#000', waiting: 0, longestWaitSeconds: 0 }) as unknown as ServiceDto;
const snapshot = (): QueueSnapshot => ({
  seq: 10,
  at: iso(T0 + 600_000),
  officeDay: '2026-11-24',
  office: { name: 'Test', timeZone: 'Europe/Bucharest' },
  services: [service('a', 'A'), service('e', 'E')],
  counters: [counter('counter-1', ['a', 'e']), counter('counter-2', ['a'])],
  tickets: [ticket('A001', 'a'), ticket('A002', 'a'), ticket('E001', 'e'), ticket('A003', 'a', { targetCounterId: 'counter-2' })],
});
const ev = (seq: number, type: string, data: unknown) => ({ seq, type, at: iso(T0), data }) as unknown as WireEvent;

t.test('the queue view: snapshot, then events', async (t) => {
  let v = fromSnapshot(snapshot());
  t.same(
    waitingFor(v, 'counter-1').map((x) => x.code),
    ['A001', 'A002', 'E001'],
    'what counter 1 may call (not the ticket transferred to counter 2)',
  );
  t.same(
    waitingFor(v, 'counter-2').map((x) => x.code),
    ['A003', 'A001', 'A002'],
    'counter 2: its transfer first',
  );
  t.match(servicesOf(v, 'counter-1'), [{ service: { id: 'a' }, waiting: 3 }, { service: { id: 'e' }, waiting: 1 }]);
  t.equal(servicesOf(v, 'counter-1')[0]!.oldestQueuedAt, T0 + 60_000, 'the longest wait is the oldest ticket');

  const called = ticket('A001', 'a', { status: 'called', counterId: 'counter-1', calledAt: iso(T0 + 700_000) });
  v = applyEvent(v, ev(11, 'ticket.called', { ticket: called, counter: counter('counter-1', ['a', 'e'], { currentTicketId: called.id }) }));
  t.equal(v.seq, 11);
  t.equal(currentAt(v, 'counter-1')?.code, 'A001');
  t.same(
    waitingFor(v, 'counter-2').map((x) => x.code),
    ['A003', 'A002'],
    'counter 2 no longer sees A001',
  );
  t.equal(applyEvent(v, ev(11, 'ticket.called', { ticket: called, counter: null })), v, 'an event it already has changes nothing');

  v = applyEvent(v, ev(12, 'ticket.finished', { ticket: { ...called, status: 'done' }, counter: counter('counter-1', ['a', 'e']) }));
  t.equal(currentAt(v, 'counter-1'), null, 'finished: the counter is free');
  t.notOk(v.tickets['t-A001'], 'and the ticket left the queue');

  v = applyEvent(v, ev(13, 'counter.paused', { counter: counter('counter-1', ['a', 'e'], { state: 'paused', pauseReason: 'break' }) }));
  t.match(v.counters['counter-1'], { state: 'paused', pauseReason: 'break' });

  v = applyEvent(v, ev(14, 'day.started', { officeDay: '2026-11-25', expiredTicketIds: ['t-A002', 't-E001', 't-A003'] }));
  t.same(Object.keys(v.tickets), [], 'a new day starts empty');
  t.equal(v.officeDay, '2026-11-25');
});

/** A socket the test drives: it records what the panel sends and delivers what the test says. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: any[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor() {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(m: unknown) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const until = async (pred: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

t.test('the live link: hello, snapshot, events, resume after a drop, a silent server, a gap', async (t) => {
  FakeSocket.all = [];
  const live = new LiveQueue({ url: 'ws://test/ws', createSocket: () => new FakeSocket(), silenceMs: 700, pingMs: 100, backoffMs: [20, 40] });
  const states: LiveState[] = [];
  live.subscribe((s) => states.push(s));
  t.teardown(() => live.stop());
  live.start();
  const first = FakeSocket.all[0]!;
  first.open();
  t.same(first.sent[0], { type: 'hello', topics: ['queue'], lastSeq: null }, 'a first hello asks for a snapshot');
  first.deliver({ type: 'snapshot', seq: 10, data: snapshot() });
  first.deliver({ type: 'ready', seq: 10 });
  t.equal(live.current.status, 'live');
  const called = ticket('A001', 'a', { status: 'called', counterId: 'counter-1' });
  first.deliver(ev(11, 'ticket.called', { ticket: called, counter: counter('counter-1', ['a', 'e'], { currentTicketId: called.id }) }));
  t.equal(live.current.view?.seq, 11);
  t.equal(currentAt(live.current.view!, 'counter-1')?.code, 'A001');

  // The socket drops: offline at once, then a new socket says hello from the last seq.
  first.drop(1012);
  t.equal(live.current.status, 'offline');
  await until(() => FakeSocket.all.length === 2);
  const second = FakeSocket.all[1]!;
  second.open();
  t.same(second.sent[0], { type: 'hello', topics: ['queue'], lastSeq: 11 }, 'resumes from its last seq');
  second.deliver({ type: 'replay', fromSeq: 12, toSeq: 12 });
  second.deliver(ev(12, 'counter.paused', { counter: counter('counter-2', ['a'], { state: 'paused', pauseReason: 'meeting' }) }));
  second.deliver({ type: 'ready', seq: 12 });
  t.equal(live.current.status, 'live', 'live again');
  t.match(live.current.view?.counters['counter-2'], { state: 'paused' }, 'with what it missed');

  // The panel pings; a server that answers nothing at all is offline after the silence limit.
  await until(() => second.sent.some((m) => m.type === 'ping'));
  t.pass('pings the server');
  await until(() => live.current.status === 'offline', 1500);
  t.ok(second.closed, 'the silent socket is given up');
  await until(() => FakeSocket.all.length === 3);
  const third = FakeSocket.all[2]!;
  third.open();
  t.same(third.sent[0], { type: 'hello', topics: ['queue'], lastSeq: 12 });
  third.deliver({ type: 'ready', seq: 12 });
  t.equal(live.current.status, 'live');

  // An event goes missing (seq 13 never comes): the panel says hello again from 12.
  third.deliver(ev(14, 'counter.resumed', { counter: counter('counter-2', ['a']) }));
  await until(() => FakeSocket.all.length === 4);
  FakeSocket.all[3]!.open();
  t.same(FakeSocket.all[3]!.sent[0], { type: 'hello', topics: ['queue'], lastSeq: 12 }, 'a gap is filled by a replay');
  t.equal(live.current.view?.seq, 12, 'the event after the gap is not applied out of order');
  t.ok(states.some((s) => s.status === 'offline') && states.at(-1)?.status === 'live', 'subscribers heard every change of state');
});

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const disk = (writable: boolean, freeBytes: number | null): StorageHealth => ({ writable, freeBytes, low: freeBytes !== null && freeBytes < 512 * MiB });

t.test('disk: sizes in each language’s number format', async (t) => {
  t.equal(bytesText('ro', 41.2 * GiB), '41,2 GB');
  t.equal(bytesText('en', 41.2 * GiB), '41.2 GB');
  t.equal(bytesText('ro', 312 * MiB), '312 MB');
  t.equal(bytesText('ro', 1536), '1,5 kB');
  t.equal(bytesText('en', 1024 * 1023.97), '1 MB', 'a size that rounds to 1024 of a unit is one of the next');
  t.equal(bytesText('ro', 0), '0 B');
  t.equal(bytesText('ro', 900), '900 B');
  t.equal(bytesText('en', 3.5 * 1024 * GiB), '3.5 TB');
});

t.test('disk: the health answer read, and its level', async (t) => {
  t.same(storageOf({ status: 'ok', storage: { writable: true, freeBytes: 5 * GiB, low: false } }), { writable: true, freeBytes: 5 * GiB, low: false });
  t.same(storageOf({ storage: { writable: false, freeBytes: null, low: false } }), { writable: false, freeBytes: null, low: false });
  t.equal(storageOf({ status: 'ok' }), null, 'a server that does not tell its disk');
  t.equal(storageOf(null), null);
  t.same(storageOf({ storage: { writable: true, freeBytes: 'much', low: false } }), { writable: true, freeBytes: null, low: false }, 'free space that is not a number is not known');

  t.equal(diskLevel(disk(true, 40 * GiB)), 'ok');
  t.equal(diskLevel(disk(true, null)), 'ok', 'free space unknown, the folder writable');
  t.equal(diskLevel(disk(true, 200 * MiB)), 'low');
  t.equal(diskLevel(disk(true, 0)), 'full');
  t.equal(diskLevel(disk(false, 40 * GiB)), 'failed', 'a read-only disk, however much room it has');
  t.equal(diskLevel(disk(false, 0)), 'failed');
});

t.test('disk: the Data page’s words for each state', async (t) => {
  const ok = diskReport('ro', disk(true, 41.2 * GiB));
  t.same(ok, { level: 'ok', free: '41,2 GB liberi', state: 'Datele se salvează normal.', advice: null });
  t.equal(diskReport('en', disk(true, 41.2 * GiB)).free, '41.2 GB free');

  const low = diskReport('ro', disk(true, 300 * MiB));
  t.equal(low.free, '300 MB liberi');
  t.match(low.advice, /ștergeți copiile de siguranță vechi.*videoclipurile vechi.*disc mai mare/, 'low: what to delete, or a larger disk');
  t.match(diskReport('en', disk(true, 300 * MiB)).advice, /delete old backups.*old videos.*larger disk/);

  const full = diskReport('ro', disk(true, 0));
  t.equal(full.free, '0 B liberi');
  t.match(full.state, /plin.*bonurile sunt refuzate până se eliberează spațiu/, 'full: tickets are refused until space is freed');
  t.match(diskReport('en', disk(true, 0)).state, /full.*tickets are refused until space is freed/);

  const failed = diskReport('ro', disk(false, null));
  t.equal(failed.free, null, 'free space unknown');
  t.match(failed.state, /nu poate fi scris.*bonurile sunt refuzate/);
  t.match(failed.advice, /Verificați discul.*Reliability.*copie de siguranță/, 'failed: check the disk, the README, a backup');
  t.match(diskReport('en', disk(false, null)).advice, /Check the disk.*Reliability.*backup/);
});

t.test('disk: the header says the serious states to everyone, low space to admins and managers only', async (t) => {
  t.equal(diskNotice('ro', disk(true, 40 * GiB), true), null, 'nothing when all is well');
  t.same(diskNotice('ro', disk(true, 300 * MiB), true), { level: 'low', text: 'Spațiul pe discul serverului se termină: 300 MB liberi.' });
  t.equal(diskNotice('ro', disk(true, 300 * MiB), false), null, 'a clerk is not told of low space');
  t.same(diskNotice('ro', disk(true, 0), false), { level: 'full', text: 'Datele nu se pot salva: anunțați administratorul' });
  t.same(diskNotice('en', disk(false, 9 * GiB), false), { level: 'failed', text: 'Data cannot be saved: tell the administrator' });
  t.match(diskNotice('ro', disk(true, 0), true), { level: 'full', text: /plin/ });
  t.match(diskNotice('en', disk(false, null), true), { level: 'failed', text: /cannot be written/ });
  t.match(diskNotice('en', { writable: true, freeBytes: null, low: true }, true), { level: 'low', text: 'The server’s disk is running out of space.' });
});

t.test('disk: the health is read now and at each interval, one reading shared, the last answer kept when none comes', async (t) => {
  t.equal(diskPollMs(60_000), 60_000, 'the usual interval');
  t.equal(diskPollMs(60_000, 500), 500, 'a shorter one asked for by the page');
  t.equal(diskPollMs(60_000, 5), 60_000, 'not one that would hammer the server');
  t.equal(diskPollMs(60_000, '500'), 60_000);

  const answers: (() => Promise<unknown>)[] = [
    async () => ({ storage: { writable: true, freeBytes: 300 * MiB, low: true } }),
    async () => {
      throw new Error('no answer');
    },
    async () => ({ storage: { writable: true, freeBytes: 0, low: true } }),
  ];
  let reads = 0;
  const watch = new DiskWatch(() => answers[Math.min(reads++, answers.length - 1)]!());
  const header: DiskState[] = [];
  const page: DiskState[] = [];
  const stopHeader = watch.watch(40, (s) => header.push(s));
  const stopPage = watch.watch(1000, (s) => page.push(s));
  t.same([header[0], page[0]], [undefined, undefined], 'nothing known before the first answer');
  await until(() => header.length >= 2);
  t.equal(reads, 1, 'two watchers starting together share one reading');
  t.match(page.at(-1), { freeBytes: 300 * MiB, low: true }, 'both hear it');
  await until(() => header.at(-1)?.freeBytes === 0);
  t.equal(page.at(-1)?.freeBytes, 0, 'the slower watcher hears the faster one’s answers');
  stopHeader();
  stopPage();
  t.same(header.slice(0, 3).map((s) => s?.freeBytes), [undefined, 300 * MiB, 0], 'the reading that failed (the second) changed nothing: the last answer stood until the next');
  const after = reads;
  await new Promise((r) => setTimeout(r, 120));
  t.equal(reads, after, 'no reading once nobody watches');
});

t.test('a saved row replaces its old self in a list, or joins it', async (t) => {
  const rows = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }];
  t.same(withSaved(rows, { id: 'b', n: 20 }), [{ id: 'a', n: 1 }, { id: 'b', n: 20 }], 'in its place');
  t.same(withSaved(rows, { id: 'c', n: 3 }), [...rows, { id: 'c', n: 3 }], 'a new one last');
  t.same(withSaved(rows, { id: 'c', n: 3 }, 'first'), [{ id: 'c', n: 3 }, ...rows], 'or first');
  t.same(withSaved(null, { id: 'a', n: 1 }), [{ id: 'a', n: 1 }], 'a list not read yet');
  t.same(rows, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }], 'the old list is left as it was');
});
