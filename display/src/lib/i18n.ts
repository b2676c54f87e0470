import { weekdays, type TimeRange, type Weekday } from '@qms/shared/queue/types';
import type { CounterState, Lang } from './types';

/** The board speaks to everyone at once: every label in Romanian, with English beneath or beside it. */
export const messages = {
  ro: {
    title: 'Afișaj sală',
    welcome: 'Bine ați venit',
    ticket: 'Bonul',
    counter: 'Ghișeul',
    counterShort: 'Ghișeu',
    recall: 'Rechemare',
    recentCalls: 'Ultimele chemări',
    counters: 'Ghișee',
    waiting: 'În așteptare',
    noCallsYet: 'Niciun bon chemat încă',
    state_open: 'Deschis',
    state_paused: 'Pauză',
    state_closed: 'Închis',
    free: 'Liber',
    openingHours: 'Programul de lucru',
    officeClosed: 'Biroul este închis acum',
    closedDay: 'Închis',
    allDay: 'Non-stop',
    offline: 'Fără conexiune',
    tapForSound: 'Atingeți pentru sunet',
    connecting: 'Se conectează la server…',
    pairingTitle: 'Asociați acest afișaj',
    pairingAsk: 'Un administrator introduce acest cod în pagina „Dispozitive”',
    pairingValid: 'Codul este valabil 10 minute și se reînnoiește singur.',
    noServer: 'Serverul nu răspunde. Se reîncearcă…',
  },
  en: {
    title: 'Hall display',
    welcome: 'Welcome',
    ticket: 'Ticket',
    counter: 'Counter',
    counterShort: 'Counter',
    recall: 'Recall',
    recentCalls: 'Recent calls',
    counters: 'Counters',
    waiting: 'Waiting',
    noCallsYet: 'No ticket called yet',
    state_open: 'Open',
    state_paused: 'Break',
    state_closed: 'Closed',
    free: 'Free',
    openingHours: 'Opening hours',
    officeClosed: 'The office is closed now',
    closedDay: 'Closed',
    allDay: 'Open 24 hours',
    offline: 'Offline',
    tapForSound: 'Tap for sound',
    connecting: 'Connecting to the server…',
    pairingTitle: 'Pair this display',
    pairingAsk: 'An administrator enters this code on the “Devices” page',
    pairingValid: 'The code is valid for 10 minutes and renews itself.',
    noServer: 'The server does not answer. Trying again…',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['ro'];

export const tr = (lang: Lang, key: MessageKey): string => messages[lang][key];

export const stateKey = (s: CounterState): MessageKey => `state_${s}`;

const locale = (lang: Lang) => (lang === 'ro' ? 'ro-RO' : 'en-GB');

/** The office clock: 09:05. */
export function clockText(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('ro-RO', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at);
}

/** The office date: "marți, 14 mai 2025" / "Tuesday, 14 May 2025". */
export function dateText(timeZone: string, lang: Lang, at: Date): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
}

/** A weekday's name: "Luni" / "Monday" (any Monday will do: 2024-01-01 was one). */
export function dayName(lang: Lang, day: Weekday): string {
  const at = new Date(Date.UTC(2024, 0, 1 + weekdays.indexOf(day), 12));
  const name = new Intl.DateTimeFormat(locale(lang), { weekday: 'long', timeZone: 'UTC' }).format(at);
  return name.charAt(0).toLocaleUpperCase(locale(lang)) + name.slice(1);
}

/** One day's hours: "08:30–12:00, 13:00–16:30", "Închis", "Non-stop". */
export function hoursText(lang: Lang, ranges: TimeRange[] | undefined): string {
  if (!ranges || ranges.length === 0) return tr(lang, 'closedDay');
  if (ranges.length === 1 && ranges[0]!.from === '00:00' && ranges[0]!.to === '24:00') return tr(lang, 'allDay');
  return ranges.map((r) => `${r.from}–${r.to}`).join(', ');
}
