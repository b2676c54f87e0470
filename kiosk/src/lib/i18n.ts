import { countOf } from '@qms/shared/i18n/plural';
import { wordsOf, type Params, type TranslatorOf } from '@qms/shared/web/i18n';
import type { Weekday } from './types';

/**
 * The words of the kiosk and of the mobile ticket page, one dictionary per language, Romanian first. A new
 * language is one more dictionary here (and its name in `langs`). Romanian is written with ș ț (comma
 * below, U+0219 U+021B), never the cedilla forms ş ţ; a test checks it.
 */
export const langs = ['ro', 'en'] as const;
export type Lang = (typeof langs)[number];

const ro = {
  langName: 'Română',
  appTitle: 'Bonuri de ordine',
  connecting: 'Se conectează la server…',
  chooseService: 'Alegeți serviciul',
  touchHint: 'Atingeți serviciul dorit pentru a primi un bon',
  largeText: 'Text mare',
  person_one: 'persoană',
  person_few: 'persoane',
  person_other: 'de persoane',
  waitingNone: 'Nu așteaptă nimeni',
  waitingPeople: '{people} la rând',
  etaShort: '~{n} min',
  priorityOption: 'Bon cu prioritate',
  priorityOptionWho: 'vârstnici, persoane cu dizabilități, gravide',
  appointmentOption: 'Am o programare',
  appointmentOptionHint: 'Introduceți sau scanați codul programării',
  priorityTitle: 'Bon cu prioritate',
  priorityQuestion: 'Pentru cine este bonul?',
  priority_elderly: 'Persoană vârstnică',
  priority_disabled: 'Persoană cu dizabilități',
  priority_pregnant: 'Femeie însărcinată',
  priorityBanner: 'Bon cu prioritate: {who}',
  priorityBannerHint: 'Alegeți serviciul',
  cancel: 'Anulează',
  back: 'Înapoi',
  ok: 'Am înțeles',
  reason_QMS_ERR_CAPACITY_REACHED: 'Nu se mai eliberează bonuri astăzi pentru acest serviciu',
  reason_QMS_ERR_NUMBERS_EXHAUSTED: 'Nu se mai eliberează bonuri astăzi pentru acest serviciu',
  reason_QMS_ERR_SERVICE_CLOSED: 'Momentan nu se eliberează bonuri pentru acest serviciu',
  reason_QMS_ERR_OFFICE_CLOSED: 'Biroul este închis acum',
  askStaff: 'Pentru ajutor, adresați-vă personalului.',
  rateLimited: 'Vă rugăm așteptați puțin înainte de a lua alt bon',
  noServer: 'Chioșcul nu are legătură cu serverul. Încercați din nou în câteva clipe',
  issueFailed: 'Bonul nu a putut fi emis. Încercați din nou sau cereți ajutorul personalului',
  issuing: 'Se emite bonul…',
  yourNumber: 'Numărul dumneavoastră',
  priorityTicket: 'Bon cu prioritate',
  aheadNone: 'Nu este nimeni înaintea dumneavoastră',
  ahead: 'Înaintea dumneavoastră: {people}',
  etaLine: 'Timp estimat de așteptare: ~{n} min',
  takeTicket: 'Luați bonul tipărit',
  printFailed: 'Bonul nu a putut fi tipărit. Fotografiați sau rețineți numărul',
  printAgain: 'Tipărește din nou',
  printing: 'Se tipărește…',
  followOnPhone: 'Urmăriți bonul pe telefon',
  scanQr: 'Scanați codul cu camera telefonului',
  done: 'Gata',
  printerDown: 'Imprimanta nu funcționează: numărul vă va fi afișat pe ecran',
  closedTitle: 'Biroul este închis',
  closedHint: 'Bonurile se eliberează în timpul programului de lucru.',
  hoursTitle: 'Programul de lucru',
  today: 'astăzi',
  closedDay: 'Închis',
  allDay: 'Non-stop',
  day_mon: 'Luni',
  day_tue: 'Marți',
  day_wed: 'Miercuri',
  day_thu: 'Joi',
  day_fri: 'Vineri',
  day_sat: 'Sâmbătă',
  day_sun: 'Duminică',
  appointmentTitle: 'Am o programare',
  appointmentHint: 'Introduceți codul programării sau scanați-l',
  keypad: 'Tastatură',
  deleteKey: 'Șterge',
  confirm: 'OK',
  checkingIn: 'Se caută programarea…',
  appointmentNotFound: 'Nu am găsit programarea. Verificați codul sau luați un bon obișnuit',
  appointmentSlot: 'Programarea dvs.: ora {time}',
  appointmentLate: 'Ați depășit ora programării; ați primit un bon obișnuit, veți fi chemat în ordinea sosirii',
  checkInTooEarly: 'E prea devreme. Vă puteți anunța sosirea de la ora {opens} (programarea: {slot})',
  appointmentCancelled: 'Programarea a fost anulată sau mutată. Luați un bon obișnuit sau întrebați la informații',
  pairingTitle: 'Acest chioșc nu este asociat',
  pairingAsk: 'Cereți personalului să asocieze acest chioșc cu codul',
  pairingValid: 'Codul este valabil 10 minute; apoi apare unul nou.',
  pairingWaiting: 'Se așteaptă asocierea…',
  // The citizen's phone
  ticketTitle: 'Bonul dumneavoastră',
  ticketNotFound: 'Bonul nu a fost găsit',
  ticketNotFoundHint: 'Verificați adresa sau scanați din nou codul QR de pe bon.',
  calledTo: 'Ați fost chemat la ghișeul {n}',
  calledSomewhere: 'Ați fost chemat la ghișeu',
  servingAt: 'Sunteți la ghișeul {n}',
  status_waiting: 'Așteptați să fiți chemat',
  status_called: 'Ați fost chemat',
  status_serving: 'Sunteți la ghișeu',
  status_done: 'Bonul a fost rezolvat. Vă mulțumim!',
  status_no_show: 'Nu v-ați prezentat când ați fost chemat. Cereți ajutorul personalului.',
  status_cancelled: 'Bonul a fost anulat',
  status_expired: 'Bonul a expirat',
  soundOn: 'Activați sunetul',
  soundIsOn: 'Sunetul este activat',
  updatesItself: 'Pagina se actualizează singură; țineți-o deschisă.',
  offline: 'Fără legătură cu serverul. Se reîncearcă…',
  titleCalled: '{code}: ghișeul {n}!',
};

export type MessageKey = keyof typeof ro;

const en: Record<MessageKey, string> = {
  langName: 'English',
  appTitle: 'Queue tickets',
  connecting: 'Connecting to the server…',
  chooseService: 'Choose a service',
  touchHint: 'Touch the service you need to get a ticket',
  largeText: 'Large text',
  person_one: 'person',
  person_few: 'people',
  person_other: 'people',
  waitingNone: 'No one waiting',
  waitingPeople: '{people} waiting',
  etaShort: '~{n} min',
  priorityOption: 'Priority ticket',
  priorityOptionWho: 'elderly, people with disabilities, pregnant women',
  appointmentOption: 'I have an appointment',
  appointmentOptionHint: 'Type or scan your booking reference',
  priorityTitle: 'Priority ticket',
  priorityQuestion: 'Who is the ticket for?',
  priority_elderly: 'Elderly person',
  priority_disabled: 'Person with a disability',
  priority_pregnant: 'Pregnant woman',
  priorityBanner: 'Priority ticket: {who}',
  priorityBannerHint: 'Choose the service',
  cancel: 'Cancel',
  back: 'Back',
  ok: 'OK',
  reason_QMS_ERR_CAPACITY_REACHED: 'No more tickets today for this service',
  reason_QMS_ERR_NUMBERS_EXHAUSTED: 'No more tickets today for this service',
  reason_QMS_ERR_SERVICE_CLOSED: 'No tickets are issued for this service at the moment',
  reason_QMS_ERR_OFFICE_CLOSED: 'The office is closed now',
  askStaff: 'Staff will gladly help you.',
  rateLimited: 'Please wait a little before taking another ticket',
  noServer: 'The kiosk has no connection to the server. Please try again in a few moments',
  issueFailed: 'The ticket could not be issued. Please try again or ask staff for help',
  issuing: 'Issuing your ticket…',
  yourNumber: 'Your number',
  priorityTicket: 'Priority ticket',
  aheadNone: 'No one is ahead of you',
  ahead: 'Ahead of you: {people}',
  etaLine: 'Estimated waiting time: ~{n} min',
  takeTicket: 'Take your printed ticket',
  printFailed: 'The ticket could not be printed. Take a photo of the number or remember it',
  printAgain: 'Print again',
  printing: 'Printing…',
  followOnPhone: 'Follow your ticket on your phone',
  scanQr: 'Scan the code with your phone camera',
  done: 'Done',
  printerDown: 'The printer is not working: your number will be shown on the screen',
  closedTitle: 'The office is closed',
  closedHint: 'Tickets are issued during opening hours.',
  hoursTitle: 'Opening hours',
  today: 'today',
  closedDay: 'Closed',
  allDay: 'Open all day',
  day_mon: 'Monday',
  day_tue: 'Tuesday',
  day_wed: 'Wednesday',
  day_thu: 'Thursday',
  day_fri: 'Friday',
  day_sat: 'Saturday',
  day_sun: 'Sunday',
  appointmentTitle: 'I have an appointment',
  appointmentHint: 'Type your booking reference or scan it',
  keypad: 'Keypad',
  deleteKey: 'Delete',
  confirm: 'OK',
  checkingIn: 'Looking for your appointment…',
  appointmentNotFound: 'We could not find the appointment. Check the reference or take a regular ticket',
  appointmentSlot: 'Your appointment: {time}',
  appointmentLate: 'You are past your appointment time; you have a regular ticket and will be called in order of arrival',
  checkInTooEarly: 'It is too early. You can check in from {opens} (appointment: {slot})',
  appointmentCancelled: 'The appointment was cancelled or moved. Please take a regular ticket or ask at the information desk',
  pairingTitle: 'This kiosk is not paired',
  pairingAsk: 'Ask staff to pair this kiosk with the code',
  pairingValid: 'The code is valid for 10 minutes; then a new one appears.',
  pairingWaiting: 'Waiting to be paired…',
  ticketTitle: 'Your ticket',
  ticketNotFound: 'Ticket not found',
  ticketNotFoundHint: 'Check the address or scan the QR code on the ticket again.',
  calledTo: 'Please go to counter {n}',
  calledSomewhere: 'You have been called to a counter',
  servingAt: 'You are at counter {n}',
  status_waiting: 'Please wait to be called',
  status_called: 'You have been called',
  status_serving: 'You are being served',
  status_done: 'Your visit is complete. Thank you!',
  status_no_show: 'You did not come when called. Please ask staff for help.',
  status_cancelled: 'This ticket was cancelled',
  status_expired: 'This ticket has expired',
  soundOn: 'Turn on sound',
  soundIsOn: 'Sound is on',
  updatesItself: 'This page updates by itself; keep it open.',
  offline: 'No connection to the server. Retrying…',
  titleCalled: '{code}: counter {n}!',
};

export const messages: Record<Lang, Record<MessageKey, string>> = { ro, en };

export type { Params };
/** A translator bound to one language, for components: `t('done')`. */
export type Translator = TranslatorOf<MessageKey>;
export const { translate, translator, isLang } = wordsOf(langs, messages);

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ro, key);
}

/** The language shown under the chosen one: English under Romanian, Romanian under anything else. */
export const otherLang = (lang: Lang): Lang => (lang === 'ro' ? 'en' : 'ro');

/** People with the right plural form: 1 persoană, 2 persoane, 20 de persoane. */
export function people(lang: Lang, n: number): string {
  return countOf(lang, n, { one: translate(lang, 'person_one'), few: translate(lang, 'person_few'), other: translate(lang, 'person_other') });
}

/** A service's name in a language (services are named in Romanian and English). */
export function serviceName(s: { nameRo: string; nameEn: string }, lang: Lang): string {
  return lang === 'ro' ? s.nameRo : s.nameEn;
}

export const dayName = (lang: Lang, day: Weekday): string => translate(lang, `day_${day}`);

/** Why a service gives no tickets, in plain words; null when the kiosk has no words for the reason. */
export function reasonText(lang: Lang, code: string | null): string | null {
  if (!code) return null;
  const key = `reason_${code}`;
  return isMessageKey(key) ? translate(lang, key) : null;
}

/** What a refusal tells the citizen: never a code, never the server's own message. */
export function refusalText(lang: Lang, err: { status: number; code: string }): string {
  const reason = reasonText(lang, err.code);
  if (reason) return reason;
  if (err.code === 'QMS_ERR_KIOSK_RATE_LIMITED' || err.status === 429) return translate(lang, 'rateLimited');
  if (err.status === 0) return translate(lang, 'noServer');
  return translate(lang, 'issueFailed');
}

/** A moment as the office's clock shows it: 09:00 (the kiosk's own time zone may differ). */
export function officeTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(new Date(iso));
}

/** Why a booking reference gave no ticket, in plain words; times in the office's time zone. */
export function checkInRefusal(lang: Lang, err: { status: number; code: string; body?: Record<string, unknown> }, timeZone: string): string {
  if (err.code === 'QMS_ERR_APPOINTMENT_NOT_FOUND') return translate(lang, 'appointmentNotFound');
  if (err.code === 'QMS_ERR_APPOINTMENT_CANCELLED') return translate(lang, 'appointmentCancelled');
  const { opensAt, slotAt } = err.body ?? {};
  if (err.code === 'QMS_ERR_CHECKIN_TOO_EARLY' && typeof opensAt === 'string' && typeof slotAt === 'string') {
    return translate(lang, 'checkInTooEarly', { opens: officeTime(opensAt, timeZone), slot: officeTime(slotAt, timeZone) });
  }
  return refusalText(lang, err);
}
