import { DeviceApi } from '@qms/shared/web/device';
import type { DisplayHome } from './types';

export { ApiError, isApiError } from '@qms/shared/web/api';

/** The HTTP API of the server the page came from, with the display's device token when it has one. */
export class Api extends DeviceApi {
  constructor(base = '') {
    super('display', { base, timeoutMs: 10_000 });
  }

  home(): Promise<DisplayHome> {
    return this.request('GET', '/api/display/home');
  }

  /** Tells the server an item of the playlist was shown (a count for managers). */
  shown(id: string): Promise<void> {
    return this.request('POST', `/api/display/media/${encodeURIComponent(id)}/shown`);
  }
}
