/**
 * What the hall display says for a call: the text (for captions and previews) and the clips to play, in
 * order. Clips are names of recordings under `assets/audio/<lang>/` (without extension): one per word or
 * short phrase, so an office can replace any of them by a recorded voice without code changes.
 */
export const announcementLanguages = ['ro', 'en'] as const;
export type AnnouncementLanguage = (typeof announcementLanguages)[number];

export interface Phrase {
  text: string;
  clips: string[];
}

interface Words {
  /** Names of 1-19 and of the tens, as read in this language. */
  small: string[];
  tens: string[];
  hundreds: (h: number) => string;
  /** Between tens and units ("douăzeci și doi"); null to join them directly ("twenty-two"). */
  tensAnd: string | null;
  letters: Record<string, string>;
  ticket: string;
  counter: string;
}

const ro: Words = {
  small: ['zero', 'unu', 'doi', 'trei', 'patru', 'cinci', 'șase', 'șapte', 'opt', 'nouă', 'zece', 'unsprezece', 'doisprezece', 'treisprezece', 'paisprezece', 'cincisprezece', 'șaisprezece', 'șaptesprezece', 'optsprezece', 'nouăsprezece'],
  tens: ['', '', 'douăzeci', 'treizeci', 'patruzeci', 'cincizeci', 'șaizeci', 'șaptezeci', 'optzeci', 'nouăzeci'],
  hundreds: (h) => (h === 1 ? 'o sută' : h === 2 ? 'două sute' : `${ro.small[h]} sute`),
  tensAnd: 'și',
  // Letters by their Romanian names, as an office reads a ticket code aloud.
  letters: { A: 'a', B: 'be', C: 'ce', D: 'de', E: 'e', F: 'fe', G: 'ghe', H: 'haș', I: 'i', J: 'je', K: 'ca', L: 'le', M: 'me', N: 'ne', O: 'o', P: 'pe', Q: 'chiu', R: 're', S: 'se', T: 'te', U: 'u', V: 've', W: 'dublu ve', X: 'ics', Y: 'i grec', Z: 'ze' },
  ticket: 'Bonul',
  counter: 'ghișeul',
};

const en: Words = {
  small: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'],
  tens: ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'],
  hundreds: (h) => `${en.small[h]} hundred`,
  tensAnd: null,
  letters: Object.fromEntries('ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((l) => [l, l])),
  ticket: 'Ticket',
  counter: 'counter',
};

const words: Record<AnnouncementLanguage, Words> = { ro, en };

/** A number from 0 to 999 as words and as clips (`num-<n>` for 0-19, tens and hundreds, `and` between). */
export function numberPhrase(n: number, lang: AnnouncementLanguage): Phrase {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`numbers are read from 0 to 999, not ${n}`);
  const w = words[lang];
  if (n === 0) return { text: w.small[0]!, clips: ['num-0'] };
  const text: string[] = [];
  const clips: string[] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h > 0) {
    text.push(w.hundreds(h));
    clips.push(`num-${h * 100}`);
  }
  if (r > 0 && r < 20) {
    text.push(w.small[r]!);
    clips.push(`num-${r}`);
  } else if (r >= 20) {
    const tens = r - (r % 10);
    const units = r % 10;
    clips.push(`num-${tens}`);
    if (units === 0) text.push(w.tens[tens / 10]!);
    else if (w.tensAnd) {
      text.push(w.tens[tens / 10]!, w.tensAnd, w.small[units]!);
      clips.push('and', `num-${units}`);
    } else {
      text.push(`${w.tens[tens / 10]}-${w.small[units]}`);
      clips.push(`num-${units}`);
    }
  }
  return { text: text.join(' '), clips };
}

/** A ticket code such as 'A023' or 'AB7': its letters one by one, then its number. */
export function codePhrase(code: string, lang: AnnouncementLanguage): Phrase {
  const m = /^([A-Za-z]*)0*(\d{1,3})$/.exec(code.trim());
  if (!m) throw new RangeError(`not a ticket code: ${code}`);
  const letters = m[1]!.toUpperCase().split('').filter(Boolean);
  const num = numberPhrase(Number(m[2]), lang);
  return {
    text: [...letters.map((l) => words[lang].letters[l]!), num.text].join(' '),
    clips: [...letters.map((l) => `letter-${l.toLowerCase()}`), ...num.clips],
  };
}

/** The call: "Bonul A douăzeci și trei, ghișeul patru" and its clips, each prefixed with the language folder. */
export function callPhrase(code: string, counter: number, lang: AnnouncementLanguage): Phrase {
  const w = words[lang];
  const c = codePhrase(code, lang);
  const n = numberPhrase(counter, lang);
  return {
    text: `${w.ticket} ${c.text}, ${w.counter} ${n.text}`,
    clips: ['ticket', ...c.clips, 'counter', ...n.clips].map((clip) => `${lang}/${clip}`),
  };
}

/** Every clip a language needs, with the words to record for it: what the clip-making script reads aloud. */
export function clipScript(lang: AnnouncementLanguage): Record<string, string> {
  const w = words[lang];
  const out: Record<string, string> = { ticket: w.ticket, counter: w.counter };
  if (w.tensAnd) out.and = w.tensAnd;
  for (let i = 0; i < 20; i++) out[`num-${i}`] = w.small[i]!;
  for (let t = 2; t < 10; t++) out[`num-${t * 10}`] = w.tens[t]!;
  for (let h = 1; h < 10; h++) out[`num-${h * 100}`] = w.hundreds(h);
  for (const [l, name] of Object.entries(w.letters)) out[`letter-${l.toLowerCase()}`] = name;
  return out;
}
