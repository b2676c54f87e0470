/**
 * Makes the hall display's voice clips: `assets/audio/<lang>/<clip>.wav` for every word a call can use
 * (shared/src/announce/phrase.ts names them), spoken by espeak-ng, plus the chime in `assets/audio/chime.wav`.
 * An office can replace any file by a recording of its own with the same name; this script then leaves it
 * alone unless run with --force.
 *
 *   npx tsx scripts/make-voice-clips.ts [--force] [--lang ro,en]
 */
import { clipScript, type AnnouncementLanguage } from '@qms/shared';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'assets', 'audio');
const RATE = 16_000;
const voices: Record<AnnouncementLanguage, string> = { ro: 'ro', en: 'en-gb' };

/** Mono 16-bit PCM samples out of a WAV file as espeak-ng writes it. */
function readWav(buf: Buffer): { rate: number; samples: Int16Array } {
  let off = 12;
  let rate = 22_050;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') rate = buf.readUInt32LE(off + 12);
    if (id === 'data') {
      // espeak-ng streams to a file and may leave the size unset: take what is there.
      const end = size === 0 || size === 0xffffffff ? buf.length : Math.min(buf.length, off + 8 + size);
      const data = buf.subarray(off + 8, end);
      return { rate, samples: new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + (data.length & ~1))) };
    }
    off += 8 + size + (size & 1);
  }
  throw new Error('no audio data in the WAV file');
}

export function writeWav(samples: Int16Array, rate: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + samples.length * 2, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(samples.length * 2, 40);
  return Buffer.concat([h, Buffer.from(samples.buffer, samples.byteOffset, samples.length * 2)]);
}

/** Drops the silence espeak-ng puts around a word (keeping 30 ms), and resamples to 16 kHz for smaller files. */
function tidy(samples: Int16Array, rate: number): Int16Array {
  const loud = (s: number) => Math.abs(s) > 300;
  let start = samples.findIndex(loud);
  if (start < 0) start = 0;
  let end = samples.length - 1;
  while (end > start && !loud(samples[end]!)) end--;
  const pad = Math.round(rate * 0.03);
  const cut = samples.subarray(Math.max(0, start - pad), Math.min(samples.length, end + pad));
  const n = Math.floor((cut.length * RATE) / rate);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i * rate) / RATE;
    const i0 = Math.floor(x);
    const f = x - i0;
    out[i] = Math.round((cut[i0] ?? 0) * (1 - f) + (cut[i0 + 1] ?? cut[i0] ?? 0) * f);
  }
  return out;
}

/** Two soft bell tones, high then low, as public address systems play before a call. */
export function chime(): Int16Array {
  const tones = [
    { f: 880, at: 0, len: 0.9 },
    { f: 660, at: 0.45, len: 1.1 },
  ];
  const total = Math.ceil(RATE * 1.6);
  const out = new Float64Array(total);
  for (const { f, at, len } of tones) {
    const s0 = Math.round(at * RATE);
    for (let i = 0; i < len * RATE && s0 + i < total; i++) {
      const t = i / RATE;
      const env = Math.min(1, t / 0.01) * Math.exp(-3.2 * t);
      out[s0 + i]! += env * (Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t));
    }
  }
  return Int16Array.from(out, (v) => Math.round(Math.max(-1, Math.min(1, v * 0.45)) * 32767));
}

function main(): void {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const langArg = args[args.indexOf('--lang') + 1];
  const langs = (args.includes('--lang') && langArg ? langArg.split(',') : Object.keys(voices)) as AnnouncementLanguage[];
  mkdirSync(OUT, { recursive: true });
  const chimeFile = join(OUT, 'chime.wav');
  if (force || !existsSync(chimeFile)) writeFileSync(chimeFile, writeWav(chime(), RATE));
  const tmp = join(tmpdir(), `qms-voice-${process.pid}.wav`);
  let made = 0;
  for (const lang of langs) {
    mkdirSync(join(OUT, lang), { recursive: true });
    for (const [clip, words] of Object.entries(clipScript(lang))) {
      const file = join(OUT, lang, `${clip}.wav`);
      if (!force && existsSync(file)) continue;
      execFileSync('espeak-ng', ['-v', voices[lang], '-s', '150', '-w', tmp, words]);
      const { rate, samples } = readWav(readFileSync(tmp));
      writeFileSync(file, writeWav(tidy(samples, rate), RATE));
      made++;
    }
  }
  rmSync(tmp, { force: true });
  console.log(`voice clips: ${made} made in ${OUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
