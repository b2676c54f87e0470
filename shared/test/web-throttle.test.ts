/** The pages' throttle: a burst of live events refetches once per window, never more. */
import t from 'tap';
import { Throttle } from '../web/throttle';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('at most once per window; calls inside it run once when it ends', async (t) => {
  let runs = 0;
  const th = new Throttle(() => void runs++, 80);
  th.call();
  t.equal(runs, 1, 'the first call runs at once');
  th.call();
  th.call();
  th.call();
  t.equal(runs, 1);
  await sleep(130);
  t.equal(runs, 2, 'the calls inside the window ran once, after it');
  await sleep(100);
  t.equal(runs, 2, 'and nothing more');
});
