/**
 * The board's plain modules, without a browser: playlist schedules and quiet hours by the office's clock,
 * the layout, the board after live events (calls, recalls, this display's counters only), which replayed
 * calls are still worth saying (the live link itself is tested in shared/test/web-live.test.ts).
 */
import { localParts } from '@qms/shared';
import t from 'tap';
import { applyEvent, callOf, rebase, showsCounter, stillWorthSaying } from '../src/lib/board';
import { messages } from '../src/lib/i18n';
import { inQuietHours, inTimeRange, layoutFor, nextIndex, scheduleAllows } from '../src/lib/schedule';
import type { DisplayHome, PlaylistItem, Schedule, WireEvent } from '../src/lib/types';

const TZ = 'Europe/Bucharest';
/** 2025-03-12 was a Wednesday; 10:30 in Bucharest (UTC+2 in winter time). */
const wedMorning = localParts(Date.parse('2025-03-12T08:30:00Z'), TZ);
const always: Schedule = { days: [], from: null, to: null, startDate: null, endDate: null };

t.test('words: Romanian with ș ț (comma below), English for every label', async (t) => {
  t.same(Object.keys(messages.en).sort(), Object.keys(messages.ro).sort());
  t.same(Object.values(messages.ro).filter((v) => /[şţŞŢ]/.test(v)), [], 'no cedilla letters');
  t.equal(messages.ro.state_paused, 'Pauză');
  t.equal(messages.ro.openingHours, 'Programul de lucru');
});

t.test('schedule: weekdays, hours and dates by the office clock', async (t) => {
  t.equal(wedMorning.weekday, 'wed');
  t.equal(wedMorning.hour, 10, 'the office wall clock, not UTC');
  t.ok(scheduleAllows(always, wedMorning), 'no limits: always');
  t.ok(scheduleAllows({ ...always, days: ['mon', 'wed'] }, wedMorning));
  t.notOk(scheduleAllows({ ...always, days: ['thu'] }, wedMorning), 'another weekday');
  t.ok(scheduleAllows({ ...always, from: '10:00', to: '11:00' }, wedMorning));
  t.notOk(scheduleAllows({ ...always, from: '10:31', to: '11:00' }, wedMorning), 'not yet');
  t.notOk(scheduleAllows({ ...always, from: '09:00', to: '10:30' }, wedMorning), 'the end is not included');
  t.ok(scheduleAllows({ ...always, from: '09:00' }, wedMorning), 'from alone: to the end of the day');
  t.notOk(scheduleAllows({ ...always, to: '10:00' }, wedMorning), 'to alone: from the start of the day');
  t.ok(scheduleAllows({ ...always, startDate: '2025-03-12', endDate: '2025-03-12' }, wedMorning), 'dates include both ends');
  t.notOk(scheduleAllows({ ...always, startDate: '2025-03-13' }, wedMorning), 'starts tomorrow');
  t.notOk(scheduleAllows({ ...always, endDate: '2025-03-11' }, wedMorning), 'ended yesterday');
  t.ok(inTimeRange(23 * 60 + 30, '22:00', '06:00') && inTimeRange(5 * 60, '22:00', '06:00'), 'a range over midnight');
  t.notOk(inTimeRange(12 * 60, '22:00', '06:00'));
  t.ok(inTimeRange(23 * 60 + 59, '08:00', '24:00'), "24:00 is the day's end");
});

t.test('quiet hours', async (t) => {
  t.ok(inQuietHours([{ from: '10:00', to: '10:45' }], wedMorning));
  t.notOk(inQuietHours([{ from: '12:00', to: '13:00' }], wedMorning));
  t.notOk(inQuietHours([], wedMorning), 'none set: never quiet');
});

t.test('playlist: the next item allowed now, round and round', async (t) => {
  const item = (id: string): PlaylistItem => ({ id, kind: 'text', title: id, url: null, text: id, durationSeconds: 5, schedule: always });
  const list = [item('a'), item('b'), item('c')];
  const all = () => true;
  t.equal(nextIndex(list, -1, all), 0, 'from the start');
  t.equal(nextIndex(list, 2, all), 0, 'after the last, the first');
  t.equal(nextIndex(list, 0, (i) => i.id !== 'b'), 2, 'an item not allowed now is passed over');
  t.equal(nextIndex(list, 1, (i) => i.id === 'b'), 1, 'the only one allowed comes again');
  t.equal(nextIndex(list, 0, () => false), -1, 'none allowed');
  t.equal(nextIndex([], -1, all), -1, 'an empty playlist');
});

t.test('layout: as set, or by the shape of the screen', async (t) => {
  t.equal(layoutFor('auto', 1920, 1080), 'landscape');
  t.equal(layoutFor('auto', 1080, 1920), 'portrait');
  t.equal(layoutFor('portrait', 3840, 2160), 'portrait');
  t.equal(layoutFor(undefined, 3840, 2160), 'landscape');
});

const home = (counters: string[] | null = null): DisplayHome => ({
  device: { id: 'd1', name: 'Hol' },
  office: { name: 'Test', timeZone: TZ, openNow: true, openingHours: {} },
  settings: { counters, layout: 'auto', announce: { languages: ['ro'], volume: 1, repeat: 1, chime: true, quietHours: [] } },
  counters: [1, 2, 5]
    .filter((n) => counters === null || counters.includes(`counter-${n}`))
    .map((n) => ({ id: `counter-${n}`, number: n, name: `Ghișeul ${n}`, state: 'open' as const, pauseReason: null, current: null })),
  services: [],
  recentCalls: [],
  playlist: [],
  ticker: [],
  seq: 10,
});

const ticket = (id: string, code: string, counterId: string | null, status = 'called') => ({ id, code, counterId, status, calledAt: '2025-03-12T08:30:00.000Z' });
const counterDto = (n: number, currentTicketId: string | null, state = 'open') => ({ id: `counter-${n}`, number: n, name: `Ghișeul ${n}`, state, pauseReason: null, currentTicketId });
const ev = (seq: number, type: string, data: unknown, at = '2025-03-12T08:30:00.000Z') => ({ seq, type, at, data }) as unknown as WireEvent;

t.test('board: a call, a recall and the counters as events leave them', async (t) => {
  const h = home();
  const called = ev(11, 'ticket.called', { ticket: ticket('t1', 'A001', 'counter-2'), counter: counterDto(2, 't1') });
  const b1 = applyEvent(h, called);
  t.same(b1.recentCalls.map((c) => [c.code, c.counterNumber, c.recall]), [['A001', 2, false]]);
  t.equal(b1.counters.find((c) => c.id === 'counter-2')?.current?.code, 'A001', 'the counter shows its ticket');
  t.equal(h.recentCalls.length, 0, 'the board fetched is not changed');

  const recalled = ev(12, 'ticket.recalled', { ticket: ticket('t1', 'A001', 'counter-2') });
  const b2 = applyEvent(b1, recalled);
  t.same(b2.recentCalls.map((c) => [c.seq, c.code, c.counterNumber, c.recall]), [[12, 'A001', 2, true], [11, 'A001', 2, false]], 'a recall counts again');
  t.same(applyEvent(b2, recalled).recentCalls.length, 2, 'the same event twice changes nothing');

  const finished = ev(13, 'ticket.finished', { ticket: ticket('t1', 'A001', 'counter-2', 'done'), counter: counterDto(2, null) });
  const paused = ev(14, 'counter.paused', { counter: counterDto(5, null, 'paused') });
  const b3 = [finished, paused].reduce(applyEvent, b2);
  t.equal(b3.counters.find((c) => c.id === 'counter-2')?.current, null, 'finished: the counter is free');
  t.equal(b3.counters.find((c) => c.id === 'counter-5')?.state, 'paused');

  t.same(rebase({ ...b3, seq: 12 }, [called, recalled, finished, paused]).counters, b3.counters, 'a board fetched at seq 12 gets only the later events');
  t.same(rebase({ ...h, seq: 11 }, [called]).recentCalls, [], 'events the fetched board already has are not applied again');
});

t.test("board: a display for some counters shows and says only their calls", async (t) => {
  const h = home(['counter-5']);
  t.ok(showsCounter(h.settings, 'counter-5'));
  t.notOk(showsCounter(h.settings, 'counter-1'));
  t.ok(showsCounter({ counters: null }, 'counter-1'), 'null: all counters');
  const at1 = ev(11, 'ticket.called', { ticket: ticket('t1', 'A001', 'counter-1'), counter: counterDto(1, 't1') });
  const at5 = ev(12, 'ticket.called', { ticket: ticket('t2', 'B001', 'counter-5'), counter: counterDto(5, 't2') });
  t.equal(callOf(h, at1), null);
  t.same(applyEvent(applyEvent(h, at1), at5).recentCalls.map((c) => c.code), ['B001']);
});

t.test('a call heard only after a reconnect is said while it is recent', async (t) => {
  const at = Date.parse('2025-03-12T08:30:00Z');
  const e = ev(11, 'ticket.called', {}, new Date(at).toISOString());
  t.ok(stillWorthSaying(e, false, at + 3_600_000), 'a live event is always said');
  t.ok(stillWorthSaying(e, true, at + 30_000), 'replayed half a minute later: said');
  t.notOk(stillWorthSaying(e, true, at + 10 * 60_000), 'replayed ten minutes later: only shown');
});
