import t from 'tap';
import { callPhrase, clipScript, codePhrase, numberPhrase } from '../src/index';

t.test('Romanian numbers are read in the masculine forms', async (t) => {
  const cases: [number, string][] = [
    [1, 'unu'],
    [2, 'doi'],
    [10, 'zece'],
    [12, 'doisprezece'],
    [14, 'paisprezece'],
    [16, 'șaisprezece'],
    [20, 'douăzeci'],
    [22, 'douăzeci și doi'],
    [41, 'patruzeci și unu'],
    [60, 'șaizeci'],
    [99, 'nouăzeci și nouă'],
    [100, 'o sută'],
    [101, 'o sută unu'],
    [112, 'o sută doisprezece'],
    [200, 'două sute'],
    [222, 'două sute douăzeci și doi'],
    [600, 'șase sute'],
    [999, 'nouă sute nouăzeci și nouă'],
  ];
  for (const [n, text] of cases) t.equal(numberPhrase(n, 'ro').text, text, String(n));
  t.same(numberPhrase(222, 'ro').clips, ['num-200', 'num-20', 'and', 'num-2']);
  t.throws(() => numberPhrase(1000, 'ro'), RangeError);
  t.throws(() => numberPhrase(2.5, 'ro'), RangeError);
});

t.test('English numbers', async (t) => {
  t.equal(numberPhrase(23, 'en').text, 'twenty-three');
  t.equal(numberPhrase(115, 'en').text, 'one hundred fifteen');
  t.same(numberPhrase(23, 'en').clips, ['num-20', 'num-3']);
});

t.test('ticket codes: letters by their Romanian names, leading zeros not read', async (t) => {
  t.same(codePhrase('A023', 'ro'), { text: 'a douăzeci și trei', clips: ['letter-a', 'num-20', 'and', 'num-3'] });
  t.equal(codePhrase('B007', 'ro').text, 'be șapte');
  t.equal(codePhrase('H100', 'ro').text, 'haș o sută');
  t.equal(codePhrase('W5', 'ro').text, 'dublu ve cinci');
  t.throws(() => codePhrase('A-12', 'ro'), RangeError);
});

t.test('the call, in Romanian and English, with the clips in the order they are played', async (t) => {
  t.same(callPhrase('A023', 4, 'ro'), {
    text: 'Bonul a douăzeci și trei, ghișeul patru',
    clips: ['ro/ticket', 'ro/letter-a', 'ro/num-20', 'ro/and', 'ro/num-3', 'ro/counter', 'ro/num-4'],
  });
  t.same(callPhrase('C112', 1, 'en'), {
    text: 'Ticket C one hundred twelve, counter one',
    clips: ['en/ticket', 'en/letter-c', 'en/num-100', 'en/num-12', 'en/counter', 'en/num-1'],
  });
});

t.test('the clip script names every clip a call can use', async (t) => {
  for (const lang of ['ro', 'en'] as const) {
    const script = clipScript(lang);
    const missing = new Set<string>();
    for (let n = 0; n <= 999; n++) {
      for (const clip of callPhrase(`Z${n}`, (n % 99) + 1, lang).clips) if (!(clip.slice(3) in script)) missing.add(clip);
    }
    t.same([...missing], [], `${lang}: every ticket number and counter 1-99`);
  }
  t.equal(clipScript('ro')['letter-g'], 'ghe');
  t.equal(clipScript('ro')['num-200'], 'două sute');
});
