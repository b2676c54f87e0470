/**
 * The staff pages, reached by their address in the panel: #/live, #/reports, #/appointments, #/devices,
 * #/prints, and the office's setup: #/office, #/services, #/counters, #/staff, #/displays, #/tickets, #/data.
 */
export const staffPages = ['live', 'reports', 'appointments', 'devices', 'prints', 'office', 'services', 'counters', 'staff', 'displays', 'tickets', 'data'] as const;
export type StaffPage = (typeof staffPages)[number];

/** The pages that set the office up (administrators; managers read some of them). */
export const setupPages: readonly StaffPage[] = ['office', 'services', 'counters', 'staff', 'displays', 'tickets', 'data'];

export function staffPageOf(hash: string): StaffPage | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (staffPages as readonly string[]).includes(name) ? (name as StaffPage) : null;
}

export const staffHref = (page: StaffPage | null): string => (page ? `#/${page}` : '#/');
