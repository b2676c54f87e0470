/** The panel's words for setting up the displays, the printed ticket and the data; Romanian first (ș ț with comma below). */
export const ro = {
  nav_displays: 'Ecrane',
  nav_tickets: 'Bonuri',
  nav_data: 'Date',
};

export const en: Record<keyof typeof ro, string> = {
  nav_displays: 'Displays',
  nav_tickets: 'Tickets',
  nav_data: 'Data',
};
