import t from 'tap';
import { hashPin, isPinHash, isValidPin, PinAttempts, verifyPin } from '../../electron/pin';

t.test('a PIN is stored salted and hashed, and only the same PIN verifies', async (t) => {
  const stored = hashPin('482913');
  t.ok(isPinHash(stored));
  t.notMatch(stored, /482913/);
  t.not(hashPin('482913'), stored, 'each hash has its own salt');
  t.ok(verifyPin('482913', stored));
  t.notOk(verifyPin('482914', stored));
  t.notOk(verifyPin('48291', stored));
  t.notOk(verifyPin('482913', 'sha256:abc'), 'a malformed hash verifies nothing');
  t.notOk(verifyPin('482913', stored.slice(0, -2)), 'a cut hash verifies nothing');
});

t.test('a PIN is 4 to 8 digits', async (t) => {
  for (const ok of ['1234', '00000000']) t.ok(isValidPin(ok), ok);
  for (const bad of ['123', '123456789', '12a4', ' 1234', '', 1234]) t.notOk(isValidPin(bad), String(bad));
});

t.test('five wrong PINs in a row block tries for a minute', async (t) => {
  const attempts = new PinAttempts();
  for (let i = 0; i < 4; i++) attempts.record(false, 1000 + i);
  t.equal(attempts.waitMs(1004), 0, 'four wrong tries: the next one is allowed');
  attempts.record(true, 1005);
  for (let i = 0; i < 4; i++) attempts.record(false, 2000 + i);
  t.equal(attempts.waitMs(2004), 0, 'a right PIN starts the count again');
  attempts.record(false, 2004);
  t.equal(attempts.waitMs(2004), 60_000, 'the fifth wrong try blocks for 60 s');
  t.equal(attempts.waitMs(32_004), 30_000);
  t.equal(attempts.waitMs(62_004), 0, 'and then tries are allowed again');
});
