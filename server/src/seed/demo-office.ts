import type { Counter, CounterService, OfficeSettings, Service } from '@qms/shared';
import { alwaysOpen } from '@qms/shared';

/**
 * The demo office seeded into an empty database: a Romanian civil-registry and ID-card office with eight
 * counters. It is open around the clock so a first look works at any hour; a real office sets its hours.
 */
export function demoOffice(now: number): { settings: OfficeSettings; services: Service[]; counters: Counter[] } {
  const settings: OfficeSettings = {
    name: 'Serviciul Public Comunitar de Evidență a Persoanelor (demo)',
    timeZone: 'Europe/Bucharest',
    openingHours: alwaysOpen(),
    priorityRatio: { priority: 2, normal: 1 },
    noShowGraceMinutes: 15,
    appointmentEarlyMinutes: 10,
    appointmentLateMinutes: 15,
  };
  const svc = (
    id: string,
    prefix: string,
    nameRo: string,
    nameEn: string,
    avgServiceMinutes: number,
    color: string,
    icon: string,
  ): Service => ({
    id,
    prefix,
    nameRo,
    nameEn,
    numberStart: 1,
    numberEnd: 999,
    wrap: true,
    dailyCapacity: null,
    targetWaitMinutes: 20,
    avgServiceMinutes,
    open: true,
    kioskOrder: prefix.charCodeAt(0) - 64,
    color,
    icon,
  });
  const services = [
    svc('id-applications', 'A', 'Cărți de identitate – depunere cereri', 'ID cards – applications', 8, '#1565c0', 'id-card'),
    svc('id-pickup', 'B', 'Cărți de identitate – ridicare', 'ID cards – pick-up', 3, '#2e7d32', 'id-pickup'),
    svc('civil-status', 'C', 'Stare civilă', 'Civil status', 10, '#6a1b9a', 'rings'),
    svc('cashier', 'D', 'Casierie', 'Cashier', 2, '#ef6c00', 'cash'),
    svc('information', 'E', 'Informații', 'Information', 3, '#00838f', 'info'),
  ];
  const plan = (...ids: string[]): CounterService[] => ids.map((serviceId, i) => ({ serviceId, order: i + 1, weight: 1 }));
  const serves: CounterService[][] = [
    plan('id-applications', 'information'),
    plan('id-applications', 'information'),
    plan('id-applications', 'id-pickup'),
    plan('id-applications', 'id-pickup'),
    plan('id-pickup', 'id-applications'),
    plan('civil-status', 'information'),
    plan('civil-status', 'information'),
    plan('cashier', 'information'),
  ];
  const counters: Counter[] = serves.map((services, i) => ({
    id: `counter-${i + 1}`,
    number: i + 1,
    name: `Ghișeul ${i + 1}`,
    services,
    state: 'open',
    pauseReason: null,
    currentTicketId: null,
    streak: { kind: null, count: 0 },
    changedAt: now,
  }));
  return { settings, services, counters };
}
