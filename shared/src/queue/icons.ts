/** The pictures a service can have at the kiosk (shared/web/Icon.svelte draws them). */
export const serviceIcons = [
  'id-card',
  'id-pickup',
  'rings',
  'cash',
  'info',
  'calendar',
  'phone',
  'printer',
  'priority',
  'elderly',
  'disabled',
  'pregnant',
  'warning',
  'check',
] as const;
export type ServiceIcon = (typeof serviceIcons)[number];
