import t from 'tap';
import { build } from '../../server/test/helper';
import { control, launch, newPanel, Proxy, realClock, seen, shot, signIn } from './lib/panel';

const OFFLINE_RO = 'Fără legătură cu serverul — se reconectează…';

t.test('a silent server and a server restart: the panel says so, stops the buttons, and catches up by itself', async (t) => {
  const browser = await launch(t);
  const dataDir = t.testdir();
  const clock = realClock();
  let s = await build(t, { dataDir, clock });
  await s.createUser('dana', 'dana-password-1', 'clerk');
  for (let i = 0; i < 3; i++) await s.staff.post('/api/tickets', { serviceId: 'cashier' });

  // The panel reaches the server through the office network, here a proxy on an address of its own.
  const proxy = new Proxy();
  const url = await proxy.listen(t);
  proxy.to(s.url);
  const { page } = await newPanel(browser, url);
  await signIn(page, { username: 'dana', password: 'dana-password-1' }, 'counter-8');
  await seen(page, 'waiting-total', '3');
  t.equal(await page.getByTestId('offline-banner').count(), 0, 'no banner while connected');

  // The network goes silent: no error, just nothing. Heartbeats stop, and after about 10 s the panel knows.
  const silentAt = Date.now();
  proxy.setSilent(true);
  await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  await seen(page, 'offline-banner', OFFLINE_RO, 14_000);
  const noticed = Date.now() - silentAt;
  t.ok(noticed >= 8000 && noticed < 13_000, `a silent server counts as offline after about 10 s (${noticed} ms)`);
  t.ok(await control(page, 'callNext').isDisabled(), 'no commands while offline');
  t.ok(await control(page, 'close').isDisabled(), 'none at all');
  await shot(page, 'offline');

  proxy.setSilent(false);
  await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 5000 });
  await seen(page, 'waiting-total', '4');
  t.pass('back by itself, with the ticket issued while it was cut off');
  t.ok(await control(page, 'callNext').isEnabled(), 'the buttons work again');

  // The server restarts (an update, a power cut): the socket closes with 1012 and the panel shows it at once.
  const stoppedAt = Date.now();
  proxy.to(null);
  await s.close();
  await seen(page, 'offline-banner', OFFLINE_RO, 2000);
  t.ok(Date.now() - stoppedAt < 2000, 'the banner shows as soon as the server goes away');
  t.ok(await control(page, 'callNext').isDisabled(), 'buttons off while the server is away');

  s = await build(t, { dataDir, clock });
  await s.staff.post('/api/tickets', { serviceId: 'cashier' });
  proxy.to(s.url);
  await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 8000 });
  await seen(page, 'waiting-total', '5');
  t.pass('reconnected after the restart and caught up with what happened meanwhile');

  // Still signed in at counter 8: the clerk just goes on.
  await page.keyboard.press('Space');
  await seen(page, 'current-code', 'D001');
  const counter8 = ((await s.anon.get('/api/counters')).body as { id: string; current: { code: string } | null }[]).find((c) => c.id === 'counter-8');
  t.equal(counter8?.current?.code, 'D001', 'the call after the restart reached the server');
});
