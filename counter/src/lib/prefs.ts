import { stored } from '@qms/shared/web/storage';
import { isLang, type Lang } from './i18n';

/** What this PC remembers: the counter it stands at and the panel's language. */
const counter = stored('qms.counter.counterId');
const lang = stored('qms.counter.lang');

export const prefs = {
  counterId: (): string | null => counter.get(),
  setCounterId: (id: string | null): void => counter.set(id),
  lang: (): Lang => {
    const l = lang.get();
    return isLang(l) ? l : 'ro';
  },
  setLang: (l: Lang): void => lang.set(l),
};
