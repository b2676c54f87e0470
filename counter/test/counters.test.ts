import t from 'tap';
import { build, type Built } from '../../server/test/helper';
import { launch, newPanel, realClock, seen, shot, signIn, textOf } from './lib/panel';

/** A clerk account, made by the administrator as the office would. */
async function clerk(s: Built, username: string): Promise<{ username: string; password: string }> {
  const password = `${username}-password-1`;
  await s.createUser(username, password, 'clerk');
  return { username, password };
}

t.test('two counters work the same queue: each calls a different ticket and sees the other within a second', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  for (let i = 0; i < 4; i++) await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  const ana = await clerk(s, 'ana');
  const bogdan = await clerk(s, 'bogdan');

  const one = await newPanel(browser, s.url);
  const two = await newPanel(browser, s.url);
  await signIn(one.page, ana, 'counter-1');
  await signIn(two.page, bogdan, 'counter-2');
  await seen(one.page, 'waiting-total', '4');
  await seen(two.page, 'waiting-total', '4');

  // From the key press at one counter to the other counter's screen.
  let since = Date.now();
  await one.page.keyboard.press('Space');
  await seen(two.page, 'waiting-total', '3');
  await seen(two.page, 'service-id-applications', '3 bonuri în așteptare');
  let took = Date.now() - since;
  t.ok(took < 1000, `counter 2 sees counter 1 call within a second (${took} ms)`);
  await seen(one.page, 'current-code', 'A001');

  since = Date.now();
  await two.page.keyboard.press('Space');
  await seen(one.page, 'waiting-total', '2');
  took = Date.now() - since;
  t.ok(took < 1000, `counter 1 sees counter 2 call within a second (${took} ms)`);
  await seen(two.page, 'current-code', 'A002');
  t.not(await textOf(one.page, 'current-code'), await textOf(two.page, 'current-code'), 'two counters, two different tickets');

  // A change made anywhere else (a new ticket at the kiosk) shows on both.
  since = Date.now();
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await seen(one.page, 'waiting-total', '3');
  await seen(two.page, 'waiting-total', '3');
  took = Date.now() - since;
  t.ok(took < 1000, `a new ticket shows on both panels within a second (${took} ms)`);
  await shot(one.page, 'counter1-called');
  await shot(two.page, 'counter2-called');
});

t.test('a clerk who tries another counter\'s ticket gets a clear refusal', async (t) => {
  const browser = await launch(t);
  const s = await build(t, { clock: realClock() });
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  await s.staff.post('/api/tickets', { serviceId: 'id-applications' });
  const ana = await clerk(s, 'ana');
  const bogdan = await clerk(s, 'bogdan');

  const one = await newPanel(browser, s.url);
  const two = await newPanel(browser, s.url);
  await signIn(one.page, ana, 'counter-1');
  await signIn(two.page, bogdan, 'counter-2');
  await one.page.keyboard.press('Space');
  await seen(one.page, 'current-code', 'A001');

  // The citizen with A001 walks up to counter 2; its clerk looks the ticket up and tries to take it over.
  await two.page.getByTestId('find-input').fill('a001');
  await two.page.getByTestId('find-input').press('Enter');
  await seen(two.page, 'found', 'A001 Chemat la Ghișeul 1');
  await two.page.getByTestId('bring-here').click();
  await seen(two.page, 'feedback', 'Bonul A001 este la Ghișeul 1, nu la ghișeul dumneavoastră. Nu puteți lucra cu el de aici.', 2000);
  await shot(two.page, 'not-your-ticket');
  const a001 = ((await s.anon.get('/api/queue')).body.tickets as { code: string; counterId: string | null; status: string }[]).find((x) => x.code === 'A001');
  t.match(a001, { status: 'called', counterId: 'counter-1' }, 'the ticket stays with counter 1');
  t.equal(await textOf(one.page, 'current-code'), 'A001', 'and counter 1 still has it');

  // The same clerk acting on counter 1 directly (another counter's command) is refused by the server too.
  const api = await s.signIn(bogdan.username, bogdan.password, 'counter-2');
  const direct = await api.post('/api/counters/counter-1/call-next', undefined, { 'idempotency-key': 'test-not-mine-0001' });
  t.match(direct, { status: 403, body: { code: 'QMS_ERR_NOT_YOUR_COUNTER' } }, 'a clerk cannot call to another counter');
});
