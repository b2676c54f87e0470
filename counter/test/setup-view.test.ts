/**
 * The office's setup as the panel follows it, without a browser: the queue events of a setup change
 * (office, services, counters) applied to a clerk's view, refusals placed by the field they name, the
 * words of the new refusals, and who reaches the setup pages.
 */
import { errorCatalog } from '@qms/shared';
import t from 'tap';
import { errorAt, refusal, unplaced } from '../src/components/setup/form';
import { canChangeSetup, isSetupPage, setupPagesFor, staffPageOf } from '../src/components/staff/routes';
import { ApiError } from '../src/lib/api';
import { errorText, messages } from '../src/lib/i18n';
import { applyEvent, countersSorted, fromSnapshot, servicesOf, servicesSorted, waitingFor, type QueueView } from '../src/lib/queue-view';
import type { QueueSnapshot, ServiceDto, TicketDto, WireEvent } from '../src/lib/types';
import { counter, iso, T0, ticket } from './lib/queue-fixtures';


/** A service as the core keeps it (what setup events carry), without the queue's figures. */
const core = (id: string, prefix: string, over: Record<string, unknown> = {}) => ({
  id,
  prefix,
  nameRo: `ro ${id}`,
  nameEn: `en ${id}`,
  numberStart: 1,
  numberEnd: 999,
  wrap: true,
  dailyCapacity: null,
  targetWaitMinutes: 20,
  avgServiceMinutes: 5,
  open: true,
  kioskOrder: prefix.charCodeAt(0),
  color: '#000000',
  icon: 'info',
  appointments: false,
  active: true,
  ...over,
});
const service = (id: string, prefix: string, over: Record<string, unknown> = {}): ServiceDto =>
  ({ ...core(id, prefix), waiting: 0, longestWaitSeconds: 0, issuedToday: 0, issuing: true, notIssuingReason: null, ...over }) as ServiceDto;
/** Counter 1 calls A then B; counter 2 calls A; counter 3 was retired before the panel started. */
const snapshot = (): QueueSnapshot => ({
  seq: 10,
  at: iso(T0 + 600_000),
  officeDay: '2026-11-24',
  office: { name: 'Biroul vechi', timeZone: 'Europe/Bucharest' },
  services: [service('a', 'A', { issuedToday: 7 }), service('b', 'B')],
  counters: [counter('counter-1', ['a', 'b']), counter('counter-2', ['a']), counter('counter-3', ['a'], { active: false, state: 'closed' })],
  tickets: [ticket('A001', 'a'), ticket('B001', 'b'), ticket('B002', 'b')],
});
const ev = (seq: number, type: string, data: unknown) => ({ seq, type, at: iso(T0), data }) as unknown as WireEvent;
const codes = (v: QueueView, counterId: string) => waitingFor(v, counterId).map((x) => `${x.code}:${x.serviceId}`);

t.test('a retired counter is not in the view from the start', async (t) => {
  const v = fromSnapshot(snapshot());
  t.same(
    countersSorted(v).map((c) => c.id),
    ['counter-1', 'counter-2'],
  );
});

t.test('the office renamed or moved to another zone: the view follows', async (t) => {
  const v = applyEvent(fromSnapshot(snapshot()), ev(11, 'office.updated', { settings: { name: 'Biroul nou', timeZone: 'Europe/Chisinau', openingHours: {} } }));
  t.same(v.office, { name: 'Biroul nou', timeZone: 'Europe/Chisinau' });
  t.equal(v.seq, 11);
});

t.test('a new service, then a counter set to call it first: the clerk sees it and its tickets', async (t) => {
  let v = fromSnapshot(snapshot());
  v = applyEvent(v, ev(11, 'service.saved', { service: core('passports', 'F', { kioskOrder: 0 }) }));
  t.match(v.services.passports, { prefix: 'F', waiting: 0, issuedToday: 0, issuing: true }, 'a new service starts with nothing issued');
  t.same(
    servicesSorted(v).map((s) => s.id),
    ['passports', 'a', 'b'],
    'offered for transfers in kiosk order',
  );
  t.same(
    servicesOf(v, 'counter-2').map((l) => l.service.id),
    ['a'],
    'counter 2 does not call it yet',
  );

  v = applyEvent(v, ev(12, 'ticket.issued', { ticket: ticket('F001', 'passports') }));
  v = applyEvent(v, ev(13, 'counter.saved', { counter: counter('counter-2', ['passports', 'a']) }));
  t.same(
    servicesOf(v, 'counter-2').map((l) => [l.service.id, l.waiting]),
    [
      ['passports', 1],
      ['a', 1],
    ],
    'its services in their new order, with who waits',
  );
  t.same(codes(v, 'counter-2'), ['F001:passports', 'A001:a'], 'its tickets come first at counter 2');

  // Renamed later: the queue's figures stay.
  v = applyEvent(v, ev(14, 'service.saved', { service: core('a', 'A', { nameRo: 'Acte noi' }) }));
  t.match(v.services.a, { nameRo: 'Acte noi', issuedToday: 7 });
});

t.test('a service retired with its tickets moved: they wait under the other service; it is offered no more', async (t) => {
  let v = fromSnapshot(snapshot());
  v = applyEvent(v, ev(11, 'service.retired', { service: core('b', 'B', { active: false }), waiting: 'transfer', toServiceId: 'a', transferred: 2 }));
  for (const [i, code] of ['B001', 'B002'].entries()) {
    const moved = ticket(code, 'a', { originServiceId: 'b', transfers: 1 } as Partial<TicketDto>);
    v = applyEvent(v, ev(12 + i, 'ticket.transferred', { ticket: moved, counter: null, fromServiceId: 'b', fromCounterId: null }));
  }
  t.same(codes(v, 'counter-2'), ['A001:a', 'B001:a', 'B002:a'], 'counter 2 (calling A only) now calls them too, in their order');
  t.same(
    servicesOf(v, 'counter-1').map((l) => [l.service.id, l.waiting]),
    [['a', 3]],
    'counter 1 lists the retired service no more',
  );
  t.same(
    servicesSorted(v).map((s) => s.id),
    ['a'],
    'not a transfer target',
  );
  t.equal(v.services.b?.active, false, 'still known by name, for tickets issued under it');
});

t.test('a service retired to finish its day: its tickets are still called, then it leaves the list', async (t) => {
  let v = fromSnapshot(snapshot());
  v = applyEvent(v, ev(11, 'service.retired', { service: core('b', 'B', { active: false }), waiting: 'finish', toServiceId: null, transferred: 0 }));
  t.same(
    servicesOf(v, 'counter-1').map((l) => [l.service.id, l.waiting]),
    [
      ['a', 1],
      ['b', 2],
    ],
    'still listed while people wait for it',
  );
  t.same(codes(v, 'counter-1'), ['A001:a', 'B001:b', 'B002:b']);
  for (const [i, code] of ['B001', 'B002'].entries()) {
    v = applyEvent(v, ev(12 + i, 'ticket.finished', { ticket: ticket(code, 'b', { status: 'done' }), counter: counter('counter-1', ['a', 'b']) }));
  }
  t.same(
    servicesOf(v, 'counter-1').map((l) => l.service.id),
    ['a'],
    'gone once nobody waits',
  );
});

t.test('a counter retired: it leaves the view (its clerk chooses again); tickets sent to it go back to their queue', async (t) => {
  let v = fromSnapshot({ ...snapshot(), tickets: [ticket('A001', 'a', { targetCounterId: 'counter-2' })] });
  t.same(codes(v, 'counter-1'), [], 'sent to counter 2, not counter 1’s');
  v = applyEvent(v, ev(11, 'counter.closed', { counter: counter('counter-2', ['a'], { state: 'closed' }) }));
  v = applyEvent(v, ev(12, 'counter.retired', { counter: counter('counter-2', ['a'], { state: 'closed', active: false }) }));
  v = applyEvent(v, ev(13, 'ticket.transferred', { ticket: ticket('A001', 'a'), counter: null, fromServiceId: 'a', fromCounterId: 'counter-2' }));
  t.notOk(v.counters['counter-2'], 'counter 2 is gone');
  t.same(
    countersSorted(v).map((c) => c.id),
    ['counter-1'],
    'not offered to choose',
  );
  t.same(codes(v, 'counter-1'), ['A001:a'], 'the ticket is anyone’s again');
  t.same(waitingFor(v, 'counter-2'), [], 'nothing for a counter that is gone');
});

t.test('refusals: by the field they name, in the page’s words, with what the page knows filled in', async (t) => {
  const prefix = new ApiError(409, 'QMS_ERR_PREFIX_TAKEN', 'The letter A is taken', { field: 'prefix' });
  t.same(refusal('ro', prefix), { prefix: messages.ro.error_QMS_ERR_PREFIX_TAKEN });
  const capacity = new ApiError(409, 'QMS_ERR_CAPACITY_BELOW_ISSUED', 'x', { field: 'dailyCapacity', issued: 12 });
  t.same(refusal('ro', capacity, { issued: 3 }), { dailyCapacity: 'Azi s-au dat deja 12 bonuri pentru acest serviciu; limita nu poate fi mai mică.' }, 'the server’s count wins');
  t.same(refusal('en', new ApiError(409, 'QMS_ERR_CAPACITY_BELOW_ISSUED', 'x', { field: 'dailyCapacity' }), { issued: 3 }), {
    dailyCapacity: '3 tickets were already issued for this service today; the limit cannot be lower.',
  });
  t.same(refusal('ro', new ApiError(0, 'QMS_CLIENT_NETWORK', '')), { '': 'Fără legătură cu serverul: acțiunea nu a fost confirmată.' }, 'no field: the form’s own');

  const errors = { 'openingHours.thu': 'a', 'specialDays.2.date': 'b', '': 'c', 'ticketFooter': 'd' };
  t.equal(errorAt(errors, 'openingHours.thu'), 'a');
  t.equal(errorAt(errors, 'specialDays.2'), 'b', 'a part of the special day');
  t.equal(errorAt(errors, 'specialDays.1'), undefined);
  t.equal(errorAt({ 'openingHours.mon.0.from': 'e' }, 'openingHours.mon'), 'e', 'a schema error inside a day shows at the day');
  t.same(unplaced(errors, ['openingHours', 'specialDays']), ['c', 'd'], 'what no field shows goes by the save button');
});

t.test('words: every refusal of the setup has Romanian and English words, for codes the server really has', async (t) => {
  const setupCodes = [
    'QMS_ERR_BAD_TIME_ZONE',
    'QMS_ERR_BAD_HOURS',
    'QMS_ERR_DUPLICATE_DAY',
    'QMS_ERR_BAD_LANGUAGES',
    'QMS_ERR_PREFIX_TAKEN',
    'QMS_ERR_CAPACITY_BELOW_ISSUED',
    'QMS_ERR_BAD_RANGE',
    'QMS_ERR_SERVICE_HAS_WAITING',
    'QMS_ERR_SERVICE_RETIRED',
    'QMS_ERR_COUNTER_IN_USE',
    'QMS_ERR_COUNTER_RETIRED',
    'QMS_ERR_NUMBER_TAKEN',
    'QMS_ERR_COUNTER_NOT_ALLOWED',
    'QMS_ERR_USERNAME_TAKEN',
    'QMS_ERR_LAST_ADMIN',
  ];
  const words = Object.keys(messages.ro).filter((k) => k.startsWith('error_QMS_ERR_'));
  t.same(
    words.filter((k) => !(k.slice('error_'.length) in errorCatalog)),
    [],
    'no words for a code the server does not have',
  );
  for (const code of setupCodes) {
    const ro = errorText('ro', { code, message: 'server text' }, { waiting: 2, issued: 5, username: 'ana' });
    const en = errorText('en', { code, message: 'server text' }, { waiting: 2, issued: 5, username: 'ana' });
    t.not(ro, 'server text', `${code}: Romanian words`);
    t.not(en, 'server text', `${code}: English words`);
    t.not(ro, en, `${code}: two languages`);
  }
  t.notOk(
    Object.values(messages.ro).some((v) => /[şţŞŢ]/.test(v)),
    'Romanian with ș ț (comma below)',
  );
});

t.test('who reaches the setup pages', async (t) => {
  t.same(setupPagesFor('admin'), ['office', 'services', 'counters', 'staff', 'displays', 'tickets', 'data']);
  t.same(setupPagesFor('manager'), setupPagesFor('admin'), 'managers read them all');
  t.same(setupPagesFor('clerk'), []);
  t.ok(canChangeSetup('admin'));
  t.notOk(canChangeSetup('manager'), 'managers change nothing');
  t.ok(isSetupPage(staffPageOf('#/services')));
  t.notOk(isSetupPage(staffPageOf('#/live')));
});
