import type { Role } from '../../lib/types';

/**
 * The staff pages, reached by their address in the panel: #/live, #/reports, #/appointments, #/devices,
 * #/prints, and the office's setup: #/office, #/services, #/counters, #/staff, #/displays, #/tickets, #/data.
 */
export const staffPages = ['live', 'reports', 'appointments', 'devices', 'prints', 'office', 'services', 'counters', 'staff', 'displays', 'tickets', 'data'] as const;
export type StaffPage = (typeof staffPages)[number];

/** The pages that set the office up (administrators change them; managers read them). */
export const setupPages = ['office', 'services', 'counters', 'staff', 'displays', 'tickets', 'data'] as const satisfies readonly StaffPage[];
export type SetupPage = (typeof setupPages)[number];

export const isSetupPage = (page: StaffPage | null): page is SetupPage => page !== null && (setupPages as readonly string[]).includes(page);

/**
 * The setup pages an account reaches: administrators all of them; managers every page they may read (on
 * the staff page, the audit log only); clerks none.
 */
export const setupPagesFor = (role: Role | null | undefined): readonly SetupPage[] => (role === 'admin' || role === 'manager' ? setupPages : []);

/** Whether the account may change the office's setup, or only read it. */
export const canChangeSetup = (role: Role | null | undefined): boolean => role === 'admin';

export function staffPageOf(hash: string): StaffPage | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (staffPages as readonly string[]).includes(name) ? (name as StaffPage) : null;
}

export const staffHref = (page: StaffPage | null): string => (page ? `#/${page}` : '#/');
