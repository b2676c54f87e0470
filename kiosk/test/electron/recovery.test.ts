import t from 'tap';
import { HealthWatch, Recovery } from '../../electron/recovery';

const options = { hangMs: 30_000, firstDelayMs: 1000, maxDelayMs: 60_000, calmMs: 120_000 };

t.test('a crash loop waits longer each time, up to a minute', async (t) => {
  const recovery = new Recovery(options);
  const waits: number[] = [];
  let now = 0;
  for (let i = 0; i < 9; i++) {
    const wait = recovery.failed(now);
    waits.push(wait);
    now += wait + 5000; // the page crashes again 5 s after each reload
  }
  t.same(waits, [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
});

t.test('after two calm minutes a crash is reloaded quickly again', async (t) => {
  const recovery = new Recovery(options);
  recovery.failed(0);
  recovery.failed(10_000);
  t.equal(recovery.failed(20_000), 4000);
  t.equal(recovery.failed(20_000 + 119_999), 8000, 'not yet calm');
  t.equal(recovery.failed(20_000 + 119_999 + 120_000), 1000, 'calm for two minutes');
});

t.test('a page is hung after staying unresponsive for hangMs', async (t) => {
  const recovery = new Recovery(options);
  t.equal(recovery.unresponsive(1000), 30_000, 'ask again in 30 s');
  t.equal(recovery.unresponsive(11_000), 20_000, 'a repeated report does not restart the count');
  t.notOk(recovery.hung(30_999));
  t.ok(recovery.hung(31_000));

  recovery.responsive();
  t.notOk(recovery.hung(100_000), 'a page that answered again is not hung');
  recovery.unresponsive(200_000);
  t.notOk(recovery.hung(229_999));
  recovery.failed(229_999);
  t.notOk(recovery.hung(300_000), 'a crashed page is reloaded, not hung');
});

t.test('the offline screen is due after three failed health checks in a row', async (t) => {
  const watch = new HealthWatch();
  t.same([false, false, true, false, false].map((ok) => watch.checked(ok)), [false, false, false, false, false], 'an answer in between starts the count again');
  t.equal(watch.checked(false), true);
  watch.reset();
  t.equal(watch.checked(false), false, 'reset when the page is loaded again');
});
