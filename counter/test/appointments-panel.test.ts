/**
 * A citizen with an appointment at the counter: the office's list is imported, the citizen checks in at
 * the kiosk, and the clerk who calls the ticket sees the name and the slot. The name never travels with
 * the queue; when the panel cannot get it, the reference is shown instead.
 */
import { officeDayOf } from '@qms/shared';
import t from 'tap';
import { localToEpoch } from '../../server/src/features/appointments/sources/local-time';
import { build, TestClock } from '../../server/test/helper';
import { control, launch, newPanel, seen, shot, signIn, textOf } from './lib/panel';

const ZONE = 'Europe/Bucharest';
const day = officeDayOf(Date.now(), ZONE);
/** A wall-clock time of today in the office. */
const at = (hhmm: string) => localToEpoch(day, hhmm, ZONE);
const dotted = day.split('-').reverse().join('.');

t.test('the clerk calling an appointment’s ticket sees the citizen’s name and slot', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: new TestClock(at('10:00')) });
  const csv = ['referinta;data;ora;nume;serviciu', `RZ-1001;${dotted};10:05;Ștefan Țurcanu;A`, `RZ-1002;${dotted};10:10;Ioana Mărgărit;A`].join('\n');
  const imported = await fetch(`${s.url}/api/appointments/import`, { method: 'POST', headers: { cookie: s.staff.cookie, 'content-type': 'text/csv' }, body: csv });
  t.equal(imported.status, 200, 'the day’s list is imported');

  const kiosk = await s.localKiosk();
  const first = await kiosk.post('/api/kiosk/check-in', { ref: 'RZ-1001', lang: 'ro' });
  const second = await kiosk.post('/api/kiosk/check-in', { ref: 'rz-1002', lang: 'ro' });
  t.same([first.status, second.status], [201, 201], 'both citizens check in at the kiosk');
  t.notMatch(JSON.stringify((await s.anon.get('/api/queue')).body), /Țurcanu|Mărgărit/, 'the names are not in the public queue');

  await s.createUser('ana', 'ana-password-1', 'clerk');
  const { page } = await newPanel(browser, s.url);
  await signIn(page, { username: 'ana', password: 'ana-password-1' }, 'counter-1');
  await control(page, 'callNext').click();
  await seen(page, 'current-code', first.body.ticket.code);
  await seen(page, 'appointment-citizen', 'Ștefan Țurcanu');
  t.equal(await textOf(page, 'appointment'), 'Ștefan Țurcanu Programarea RZ-1001 · ora 10:05 · sosit la 10:00', 'name, reference, slot and arrival, in office time');
  await shot(page, 'appointment-name');

  // The name cannot be had (the server is busy, the session is at fault): the ticket's own reference and slot.
  await page.route('**/api/appointments/for-ticket/**', (route) => route.fulfill({ status: 503, body: '' }));
  await control(page, 'finish').click();
  await page.getByTestId('current-none').waitFor();
  await control(page, 'callNext').click();
  await seen(page, 'current-code', second.body.ticket.code);
  await seen(page, 'appointment', 'Programarea RZ-1002');
  t.equal(await textOf(page, 'appointment'), 'Programarea RZ-1002 ora 10:10 · sosit la 10:00', 'no name, nothing broken');
});
