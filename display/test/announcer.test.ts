/**
 * The announcement queue with a fake player and fake timers: what is said for a call, calls said one
 * after the other and never on top of each other, each event said once, recalls said again, quiet hours,
 * and a broken clip that cannot stall the queue.
 */
import { callPhrase } from '@qms/shared';
import t from 'tap';
import { Announcer, announcementClips, type Player, type Timers } from '../src/lib/announcer';
import type { AnnounceSettings } from '../src/lib/types';

const settings = (patch: Partial<AnnounceSettings> = {}): AnnounceSettings => ({
  languages: ['ro'],
  volume: 1,
  repeat: 1,
  chime: true,
  quietHours: [],
  ...patch,
});

/** Timers that move only when the test says so. */
class FakeTimers implements Timers {
  now = 0;
  private pending: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.ids;
    this.pending.push({ at: this.now + ms, fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  /** Runs every timer due within `ms`, in order, letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      await settle();
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = end;
    await settle();
  }
}

const settle = () => new Promise<void>((r) => setImmediate(r));

interface Played {
  clip: string;
  at: number;
  end: number | null;
}

/** A player whose clips last `clipMs` of fake time; some clips can be made to hang or fail. */
class FakePlayer implements Player {
  readonly played: Played[] = [];
  hang = new Set<string>();
  fail = new Set<string>();
  constructor(
    private readonly timers: FakeTimers,
    private readonly clipMs = 400,
  ) {}

  play(clip: string): Promise<void> {
    const p: Played = { clip, at: this.timers.now, end: null };
    this.played.push(p);
    if (this.fail.has(clip)) return Promise.reject(new Error('cannot decode'));
    if (this.hang.has(clip)) return new Promise(() => undefined);
    return new Promise((resolve) => {
      this.timers.setTimeout(() => {
        p.end = this.timers.now;
        resolve();
      }, this.clipMs);
    });
  }
}

function setup(opts: { quiet?: () => boolean; clipTimeoutMs?: number } = {}) {
  const timers = new FakeTimers();
  const player = new FakePlayer(timers);
  const announcer = new Announcer({ player, timers, quiet: opts.quiet, clipTimeoutMs: opts.clipTimeoutMs ?? 5000 });
  return { timers, player, announcer };
}

const clipsOf = (played: Played[]) => played.map((p) => p.clip);

t.test('what is said: the chime, the call in Romanian, in English when chosen, all of it repeated', async (t) => {
  const ro = callPhrase('A023', 4, 'ro').clips;
  const en = callPhrase('A023', 4, 'en').clips;
  t.same(ro, ['ro/ticket', 'ro/letter-a', 'ro/num-20', 'ro/and', 'ro/num-3', 'ro/counter', 'ro/num-4']);
  t.same(announcementClips({ code: 'A023', counterNumber: 4 }, settings()), ['chime', ...ro]);
  t.same(announcementClips({ code: 'A023', counterNumber: 4 }, settings({ languages: ['ro', 'en'] })), ['chime', ...ro, ...en]);
  t.same(announcementClips({ code: 'A023', counterNumber: 4 }, settings({ languages: ['en', 'ro'], chime: false, repeat: 2 })), [...ro, ...en, ...ro, ...en], 'Romanian first whatever the order set');
  t.same(announcementClips({ code: 'A023', counterNumber: 4 }, settings({ repeat: 9 })).length, 3 * (ro.length + 1), 'at most three times');
  t.same(announcementClips({ code: '??', counterNumber: 4 }, settings()), ['chime'], 'a code that cannot be read: the chime alone');
});

t.test('two calls close together: the second waits until the first was said to the end, clip after clip', async (t) => {
  const { timers, player, announcer } = setup();
  const s = settings({ languages: ['ro', 'en'] });
  t.ok(announcer.announce({ seq: 10, code: 'A001', counterNumber: 1 }, s));
  await timers.advance(300);
  t.ok(announcer.announce({ seq: 11, code: 'B002', counterNumber: 5 }, s), 'the second call is queued while the first plays');
  t.equal(announcer.pending, 2);
  await timers.advance(60_000);
  const first = announcementClips({ code: 'A001', counterNumber: 1 }, s);
  const second = announcementClips({ code: 'B002', counterNumber: 5 }, s);
  t.same(clipsOf(player.played), [...first, ...second], 'every clip of both, in order, none twice');
  for (let i = 1; i < player.played.length; i++) {
    const prev = player.played[i - 1]!;
    const cur = player.played[i]!;
    if (prev.end === null || cur.at < prev.end) t.fail(`clip ${i} (${cur.clip}) started at ${cur.at} before ${prev.clip} ended at ${prev.end}`);
  }
  t.equal(player.played[1]!.at, player.played[0]!.end, 'no gap beyond the clips themselves');
  t.equal(announcer.pending, 0);
  await announcer.idle();
});

t.test('each event is said once: a replay of the same seq is not, a recall (a new event) is', async (t) => {
  const { timers, player, announcer } = setup();
  const s = settings({ chime: false });
  announcer.announce({ seq: 20, code: 'A005', counterNumber: 2 }, s);
  await timers.advance(10_000);
  const once = player.played.length;
  t.notOk(announcer.announce({ seq: 20, code: 'A005', counterNumber: 2 }, s), 'the same event after a reconnect');
  await timers.advance(10_000);
  t.equal(player.played.length, once, 'nothing said again');
  t.ok(announcer.announce({ seq: 27, code: 'A005', counterNumber: 2 }, s), 'the recall');
  await timers.advance(10_000);
  t.same(clipsOf(player.played.slice(once)), clipsOf(player.played.slice(0, once)), 'the recall is said again in full');

  announcer.remember(30);
  t.notOk(announcer.announce({ seq: 30, code: 'A006', counterNumber: 2 }, s), 'an event marked as handled is not said');
});

t.test('calls faster than they can be said: the voice keeps up with the board instead of falling behind', async (t) => {
  const { timers, player, announcer } = setup();
  const s = settings({ chime: false });
  const call = (seq: number, code: string, counterNumber: number) => announcer.announce({ seq, code, counterNumber }, s);
  call(1, 'A001', 1); // being said
  call(2, 'A002', 2);
  call(3, 'A003', 3);
  call(4, 'A004', 2); // counter 2 called again before A002 was said: only A004 is worth saying
  t.equal(announcer.pending, 3, 'A001 being said, A003 and A004 waiting');
  for (let i = 0; i < 10; i++) call(10 + i, `B0${10 + i}`, 4 + i); // ten more counters at once
  t.equal(announcer.pending, 5, 'at most four wait behind the one being said');
  await timers.advance(120_000);
  await announcer.idle();
  const expected: [string, number][] = [['A001', 1], ['B016', 10], ['B017', 11], ['B018', 12], ['B019', 13]];
  t.same(
    clipsOf(player.played),
    expected.flatMap(([code, counterNumber]) => announcementClips({ code, counterNumber }, s)),
    'the call being said to its end, then the four newest, each in full; the outdated call at counter 2 never',
  );
  t.equal(announcer.pending, 0);
});

t.test('quiet hours: nothing is said, and the call is not said later either', async (t) => {
  let quiet = true;
  const { timers, player, announcer } = setup({ quiet: () => quiet });
  t.notOk(announcer.announce({ seq: 1, code: 'C001', counterNumber: 6 }, settings()));
  await timers.advance(10_000);
  t.same(player.played, []);
  quiet = false;
  t.notOk(announcer.announce({ seq: 1, code: 'C001', counterNumber: 6 }, settings()), 'the same event, replayed after the quiet hours');
  t.ok(announcer.announce({ seq: 2, code: 'C002', counterNumber: 6 }, settings()));
  await timers.advance(10_000);
  t.equal(player.played[0]?.clip, 'chime');
});

t.test('a clip that never ends or fails does not stall the queue', async (t) => {
  const { timers, player, announcer } = setup({ clipTimeoutMs: 3000 });
  player.hang.add('ro/num-7');
  player.fail.add('ro/letter-d');
  const s = settings({ chime: false });
  announcer.announce({ seq: 1, code: 'A007', counterNumber: 1 }, s);
  announcer.announce({ seq: 2, code: 'D001', counterNumber: 8 }, s);
  await timers.advance(2000);
  t.equal(player.played.at(-1)?.clip, 'ro/num-7', 'waiting on the hung clip');
  await timers.advance(3500);
  const afterHang = clipsOf(player.played);
  t.ok(afterHang.includes('ro/counter'), 'after the timeout the call goes on');
  await timers.advance(20_000);
  t.same(
    clipsOf(player.played),
    [...announcementClips({ code: 'A007', counterNumber: 1 }, s), ...announcementClips({ code: 'D001', counterNumber: 8 }, s)],
    'both calls said in full, the broken clips passed over',
  );
  t.equal(announcer.pending, 0);
});
