/**
 * A count with its noun in the right form, as Intl.PluralRules names them. Romanian has three: 1 bon,
 * 2 bonuri, 20 de bonuri ('one' / 'few' / 'other'); Ukrainian has 'many' too: 1 особа, 2 особи, 5 осіб.
 * A form not given is the 'other' one.
 */
export function countOf(lang: string, n: number, forms: { one: string; few?: string; many?: string; other: string }): string {
  const rule = new Intl.PluralRules(lang).select(n);
  const noun = rule === 'one' ? forms.one : rule === 'few' ? (forms.few ?? forms.other) : rule === 'many' ? (forms.many ?? forms.other) : forms.other;
  return `${n} ${noun}`;
}
