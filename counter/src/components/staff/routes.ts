/** The staff pages, reached by their address in the panel: #/live, #/reports, #/appointments, #/devices, #/prints. */
export const staffPages = ['live', 'reports', 'appointments', 'devices', 'prints'] as const;
export type StaffPage = (typeof staffPages)[number];

export function staffPageOf(hash: string): StaffPage | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (staffPages as readonly string[]).includes(name) ? (name as StaffPage) : null;
}

export const staffHref = (page: StaffPage | null): string => (page ? `#/${page}` : '#/');
