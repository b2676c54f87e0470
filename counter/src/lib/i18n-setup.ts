/** The panel's words for setting up the office, services, counters and staff; Romanian first (ș ț with comma below). */
export const ro = {
  nav_office: 'Biroul',
  nav_services: 'Servicii',
  nav_counters: 'Ghișee',
  nav_staff: 'Personal',
};

export const en: Record<keyof typeof ro, string> = {
  nav_office: 'Office',
  nav_services: 'Services',
  nav_counters: 'Counters',
  nav_staff: 'Staff',
};
