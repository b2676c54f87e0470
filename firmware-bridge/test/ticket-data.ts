import type { TicketPrint } from '../src/index';

export const ticket: TicketPrint = {
  officeName: 'SPCLEP Sector 3',
  code: 'A012',
  serviceRo: 'Cărți de identitate – înștiințări',
  serviceEn: 'ID cards – notices',
  issuedAt: Date.UTC(2026, 2, 29, 0, 30), // 02:30 in Bucharest, half an hour before the clocks go forward
  timeZone: 'Europe/Bucharest',
  ahead: 3,
  etaMinutes: 12,
  url: 'https://coada.local/t/A012?d=2026-03-29',
  footer: 'Vă mulțumim! Păstrați bonul.',
};
