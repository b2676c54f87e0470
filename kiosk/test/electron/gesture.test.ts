import t from 'tap';
import { CornerTaps } from '../../electron/gesture';
import { isBlockedShortcut, type KeyInput } from '../../electron/lockdown';

t.test('five taps in the top-left corner within three seconds open the settings', async (t) => {
  const taps = new CornerTaps();
  const results = [0, 500, 1000, 2000, 3000].map((time, i) => taps.tap(10 + i, 20, time));
  t.same(results, [false, false, false, false, true], 'only the fifth tap completes it');
  t.notOk(taps.tap(10, 10, 3100), 'the count starts again afterwards');
});

t.test('taps that are too slow, or not in the corner, do not', async (t) => {
  const slow = new CornerTaps();
  t.same([0, 800, 1600, 2400, 3200, 4000].map((time) => slow.tap(5, 5, time)), [false, false, false, false, false, false], 'one tap every 0.8 s is too slow');

  const elsewhere = new CornerTaps();
  t.same([0, 100, 200, 300].map((time) => elsewhere.tap(40, 40, time)), [false, false, false, false]);
  t.notOk(elsewhere.tap(600, 400, 400), 'a tap on the page');
  t.notOk(elsewhere.tap(40, 40, 500), 'starts the count again');
  t.notOk(new CornerTaps({ taps: 1, withinMs: 3000, cornerPx: 80 }).tap(81, 10, 0), 'just outside the corner');
  t.ok(new CornerTaps({ taps: 1, withinMs: 3000, cornerPx: 80 }).tap(80, 80, 0), 'the corner edge');
});

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, control: false, meta: false, alt: false, ...mods });

t.test('keys that zoom, reload, print, open developer tools or leave the page are ignored', async (t) => {
  const blocked: Array<[string, KeyInput]> = [
    ['Ctrl +', key('+', { control: true })],
    ['Ctrl =', key('=', { control: true })],
    ['Ctrl -', key('-', { control: true })],
    ['Ctrl 0', key('0', { control: true })],
    ['Ctrl R', key('r', { control: true })],
    ['Ctrl Shift I', key('I', { control: true })],
    ['Ctrl P', key('p', { control: true })],
    ['Ctrl W', key('w', { control: true })],
    ['Cmd Q', key('q', { meta: true })],
    ['F5', key('F5')],
    ['F11', key('F11')],
    ['F12', key('F12')],
    ['Alt Left', key('ArrowLeft', { alt: true })],
    ['Browser back', key('BrowserBack')],
    ['Zoom in', key('ZoomIn')],
  ];
  for (const [name, input] of blocked) t.ok(isBlockedShortcut(input), name);
  const allowed: Array<[string, KeyInput]> = [
    ['a letter', key('a')],
    ['Enter', key('Enter')],
    ['Backspace', key('Backspace')],
    ['an arrow', key('ArrowLeft')],
    ['Ctrl C', key('c', { control: true })],
    ['Ctrl V', key('v', { control: true })],
    ['AltGr S (ș)', key('ș', { control: true, alt: true })],
  ];
  for (const [name, input] of allowed) t.notOk(isBlockedShortcut(input), name);
});
