/** Values for a message's `{name}` placeholders. */
export type Params = Record<string, string | number>;

/** A translator bound to one language, for components: `t('done')`. */
export type TranslatorOf<K extends string> = (key: K, params?: Params) => string;

/**
 * The generic part of a page's words, over its own dictionaries: `translate` fills the placeholders of a
 * message (falling back to the first language's message, then to the key; a placeholder without a value
 * stays as written), `translator` binds a language, `isLang` checks a language kept or asked for.
 */
export function wordsOf<L extends string, K extends string>(langs: readonly [L, ...L[]], messages: Record<L, Record<K, string>>) {
  const first = langs[0];
  const translate = (lang: L, key: K, params: Params = {}): string => {
    const text = messages[lang][key] ?? messages[first][key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole));
  };
  const translator =
    (lang: L): TranslatorOf<K> =>
    (key, params) =>
      translate(lang, key, params);
  const isLang = (x: unknown): x is L => typeof x === 'string' && (langs as readonly string[]).includes(x);
  return { translate, translator, isLang };
}
