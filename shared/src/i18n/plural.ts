/**
 * A count with its noun in the right form. Romanian has three: 1 bon, 2 bonuri, 20 de bonuri
 * (Intl.PluralRules 'one' / 'few' / 'other').
 */
export function countOf(lang: string, n: number, forms: { one: string; few?: string; other: string }): string {
  const rule = new Intl.PluralRules(lang).select(n);
  const noun = rule === 'one' ? forms.one : rule === 'few' ? (forms.few ?? forms.other) : forms.other;
  return `${n} ${noun}`;
}
