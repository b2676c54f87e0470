import { DeviceApi } from '@qms/shared/web/device';
import type { CheckInResult, IssueResult, KioskHome, KioskPriority, PrintResult, PrinterHealth, PublicTicket } from './types';

export { ApiError, isApiError, newKey } from '@qms/shared/web/api';
export const DEVICE_UNAUTHENTICATED = 'QMS_ERR_DEVICE_UNAUTHENTICATED';

/** The HTTP API of the server the page came from, with the kiosk's device token when it has one. */
export class Api extends DeviceApi {
  constructor(base = '', fetchFn?: typeof fetch) {
    super('kiosk', { base, fetchFn, timeoutMs: 15_000 });
  }

  home(): Promise<KioskHome> {
    return this.request('GET', '/api/kiosk/home');
  }

  /** One ticket per touch: the key stays the same through retries, so a lost answer never gives two. */
  issue(serviceId: string, priority: KioskPriority | null, lang: string, key: string): Promise<IssueResult> {
    return this.request('POST', '/api/kiosk/tickets', { serviceId, priority, lang }, { idempotencyKey: key, retries: 2, retryDelayMs: 500 });
  }

  reprint(ticketId: string): Promise<{ print: PrintResult }> {
    return this.request('POST', `/api/kiosk/tickets/${encodeURIComponent(ticketId)}/reprint`);
  }

  printer(): Promise<PrinterHealth> {
    return this.request('GET', '/api/kiosk/printer');
  }

  /** A booking reference, typed or scanned: the appointment's ticket, printed (the same one again after a lost answer). */
  checkIn(ref: string, lang: string, key: string): Promise<CheckInResult> {
    return this.request('POST', '/api/kiosk/check-in', { ref, lang }, { idempotencyKey: key, retries: 1 });
  }

  publicTicket(token: string): Promise<PublicTicket> {
    return this.request('GET', `/api/public/tickets/${encodeURIComponent(token)}`);
  }
}
