import { clipScript } from '@qms/shared';
import { existsSync, readFileSync } from 'node:fs';
import t from 'tap';
import { build } from './helper';

const root = new URL('../../', import.meta.url);

t.test('the preview says what the hall display will say, and names clips that exist', async (t) => {
  const s = await build(t);
  const ro = await s.anon.get('/api/announcements/preview?code=A023&counter=4&lang=ro');
  t.same(ro.body, {
    text: 'Bonul a douăzeci și trei, ghișeul patru',
    clips: ['ro/ticket', 'ro/letter-a', 'ro/num-20', 'ro/and', 'ro/num-3', 'ro/counter', 'ro/num-4'],
  });
  const en = await s.anon.get('/api/announcements/preview?code=B112&counter=12&lang=en');
  t.equal(en.body.text, 'Ticket B one hundred twelve, counter twelve');
  t.equal((await s.anon.get('/api/announcements/preview?code=A023&counter=4')).body.clips[0], 'ro/ticket', 'Romanian by default');

  for (const clip of ro.body.clips) {
    const res = await fetch(`${s.url}/audio/${clip}.wav`);
    t.equal(res.status, 200, `${clip} is served`);
    t.equal((await res.arrayBuffer()).byteLength > 1000, true);
  }
  t.equal((await fetch(`${s.url}/audio/chime.wav`)).status, 200, 'the chime is served');

  for (const bad of ['code=A-1&counter=4', 'code=A023&counter=0', 'code=A023&counter=4&lang=de', 'code=A023&counter=4&x=1']) {
    const r = await s.anon.get(`/api/announcements/preview?${bad}`);
    t.same([r.status, r.body.code], [400, 'QMS_ERR_VALIDATION'], bad);
  }
});

t.test('every clip a call can use is in assets/audio, as a WAV file with sound in it', async (t) => {
  for (const lang of ['ro', 'en'] as const) {
    const missing: string[] = [];
    for (const clip of Object.keys(clipScript(lang))) {
      const file = new URL(`assets/audio/${lang}/${clip}.wav`, root);
      if (!existsSync(file)) {
        missing.push(clip);
        continue;
      }
      const wav = readFileSync(file);
      if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.length < 44 + 16_000 * 2 * 0.1) missing.push(`${clip} (not a WAV of at least 0.1 s)`);
    }
    t.same(missing, [], `${lang}: all ${Object.keys(clipScript(lang)).length} clips (npx tsx scripts/make-voice-clips.ts makes them)`);
  }
});
