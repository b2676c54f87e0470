/** A device's token at start: handed over in the address or kept from before; the pairing code as staff read it. */
import t from 'tap';
import { spacedCode, startToken } from '../web/device';

t.test('device token: from the address (then taken out of it), else the one kept', async (t) => {
  let kept: string | null = null;
  const store = { get: () => kept, set: (v: string) => void (kept = v) };
  const replaced: string[] = [];
  const replace = (u: string) => replaced.push(u);
  t.equal(startToken({ hash: '', pathname: '/kiosk/', search: '' }, store, replace), null, 'none yet');
  t.equal(startToken({ hash: '#token=abc.DEF-123', pathname: '/kiosk/', search: '?x=1' }, store, replace), 'abc.DEF-123');
  t.equal(kept, 'abc.DEF-123', 'kept for the next start');
  t.same(replaced, ['/kiosk/?x=1'], 'the fragment is removed from the address');
  t.equal(startToken({ hash: '', pathname: '/kiosk/', search: '' }, store, replace), 'abc.DEF-123', 'the next start uses the kept one');
});

t.test('the pairing code in two groups of three', async (t) => {
  t.equal(spacedCode('482913'), '482 913');
  t.equal(spacedCode('12345'), '12345', 'anything else as it is');
});
