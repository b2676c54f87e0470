import t from 'tap';
import { anyTime, scheduleAllows, withinRanges } from '../src/index';

const tz = 'Europe/Bucharest';
// Thursday 26 November 2026, 10:30 in Bucharest (UTC+2).
const thu1030 = Date.UTC(2026, 10, 26, 8, 30);

t.test('a playlist schedule: days, hours and dates in the office time zone', async (t) => {
  t.ok(scheduleAllows(anyTime(), thu1030, tz), 'no limits: always');
  t.ok(scheduleAllows({ ...anyTime(), days: ['thu'] }, thu1030, tz));
  t.notOk(scheduleAllows({ ...anyTime(), days: ['mon', 'tue'] }, thu1030, tz), 'another weekday');
  t.ok(scheduleAllows({ ...anyTime(), from: '10:30', to: '11:00' }, thu1030, tz), 'from is inclusive');
  t.notOk(scheduleAllows({ ...anyTime(), from: '08:00', to: '10:30' }, thu1030, tz), 'to is exclusive');
  t.ok(scheduleAllows({ ...anyTime(), startDate: '2026-11-26', endDate: '2026-11-26' }, thu1030, tz), 'the one day');
  t.notOk(scheduleAllows({ ...anyTime(), endDate: '2026-11-25' }, thu1030, tz), 'ended yesterday');
  t.notOk(scheduleAllows({ ...anyTime(), startDate: '2026-11-27' }, thu1030, tz), 'starts tomorrow');
  // 23:30 UTC on Wednesday is already Thursday 01:30 in Bucharest.
  t.ok(scheduleAllows({ ...anyTime(), days: ['thu'] }, Date.UTC(2026, 10, 25, 23, 30), tz), 'the local weekday, not UTC');
});

t.test('quiet hours, including a range past midnight', async (t) => {
  t.ok(withinRanges([{ from: '10:00', to: '11:00' }], thu1030, tz));
  t.notOk(withinRanges([{ from: '13:00', to: '13:30' }], thu1030, tz));
  t.notOk(withinRanges([], thu1030, tz));
  t.ok(withinRanges([{ from: '22:00', to: '11:00' }], thu1030, tz), 'wraps past midnight');
});
