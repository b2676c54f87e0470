import { isLang, type Lang } from './i18n';

/** What this PC remembers: the counter it stands at and the panel's language. */
const COUNTER = 'qms.counter.counterId';
const LANG = 'qms.counter.lang';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* private mode: not remembered */
  }
}

export const prefs = {
  counterId: (): string | null => read(COUNTER),
  setCounterId: (id: string | null): void => write(COUNTER, id),
  lang: (): Lang => {
    const l = read(LANG);
    return isLang(l) ? l : 'ro';
  },
  setLang: (l: Lang): void => write(LANG, l),
};
