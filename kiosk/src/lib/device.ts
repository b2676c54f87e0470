import { stored } from '@qms/shared/web/storage';

/** Where the kiosk keeps its device token between restarts. */
export const localStore = stored('qms.kiosk.token');
