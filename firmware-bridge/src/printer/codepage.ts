/**
 * The ESC/POS code pages the ticket is printed in, as byte <-> character tables. Both the renderer (to keep
 * every character printable before node-thermal-printer sees it: otherwise it silently switches code page
 * mid-ticket or prints '?') and the virtual printer's text view (to decode the bytes back) use them.
 */
export type TicketCharacterSet = 'WPC1250_LATIN2' | 'PC852_LATIN2';

// CP852's upper half; Node's TextDecoder has no CP852.
const CP852_HIGH =
  'ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×čáíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀ÓßÔŃńňŠšŔÚŕŰýÝţ´\u00ad˝˛ˇ˘§÷¸°¨˙űŘř■\u00a0';

/** ESC t n values (Epson numbering) of the code pages the text view can decode. */
export const ESC_T_CODE_PAGE: Record<number, TicketCharacterSet | 'WPC1252' | 'PC437'> = {
  0: 'PC437',
  16: 'WPC1252',
  18: 'PC852_LATIN2',
  45: 'WPC1250_LATIN2',
};

const tables = new Map<string, string[]>();

/** The 256 characters of a code page, index = byte. */
export function codePageTable(cp: string): string[] {
  const cached = tables.get(cp);
  if (cached) return cached;
  const table: string[] = [];
  for (let i = 0; i < 128; i++) table.push(String.fromCharCode(i));
  if (cp === 'PC852_LATIN2') {
    table.push(...Array.from(CP852_HIGH));
  } else {
    const label = cp === 'WPC1250_LATIN2' ? 'windows-1250' : cp === 'WPC1252' ? 'windows-1252' : cp === 'PC437' ? 'ibm866' : 'latin1';
    // PC437 has no TextDecoder label; its upper half is never used by the ticket, so latin1 is a fair stand-in.
    const decoder = new TextDecoder(cp === 'PC437' ? 'latin1' : label);
    for (let i = 128; i < 256; i++) table.push(decoder.decode(Uint8Array.of(i)));
  }
  tables.set(cp, table);
  return table;
}

function encodable(cp: TicketCharacterSet): Set<string> {
  return new Set(codePageTable(cp).slice(32).filter((c) => c !== '\ufffd'));
}

const SUBSTITUTES: Record<string, string> = {
  // Romanian comma-below letters are missing from CP852/WPC1250; the cedilla forms are what readers expect on paper.
  'ș': 'ş',
  'ț': 'ţ',
  'Ș': 'Ş',
  'Ț': 'Ţ',
  '·': '-',
  '–': '-',
  '—': '-',
  '„': '"',
  '”': '"',
  '“': '"',
  '’': "'",
  '‘': "'",
  '…': '...',
};

/** Text made printable in the code page: comma-below letters to cedilla, others transliterated or '?'. */
export function toPrintable(text: string, cp: TicketCharacterSet): string {
  const ok = encodable(cp);
  let out = '';
  for (const ch of text) {
    if (ch === '\n' || ok.has(ch)) {
      out += ch;
      continue;
    }
    const sub = SUBSTITUTES[ch];
    if (sub !== undefined && Array.from(sub).every((c) => ok.has(c))) {
      out += sub;
      continue;
    }
    const stripped = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += stripped !== '' && Array.from(stripped).every((c) => ok.has(c)) ? stripped : '?';
  }
  return out;
}
