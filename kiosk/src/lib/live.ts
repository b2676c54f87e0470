import { LiveFeed as Feed, type FeedOptions } from '@qms/shared/web/live';
import type { WireEvent } from '@qms/shared';

export { wsUrl, type LinkStatus, type SocketLike } from '@qms/shared/web/live';

export interface KioskFeedOptions extends Omit<FeedOptions, 'onEvent' | 'onRefresh' | 'hello'> {
  /** Something happened on a subscribed topic (the event), or the feed caught up after (re)connecting (null). */
  onChange: (event: WireEvent | null) => void;
  /** A code read by a HID-mode barcode scanner of a bridge, sent to this kiosk. */
  onScan?: (code: string) => void;
}

/**
 * Tells the page when something it shows may have changed. It carries no data of its own: the page
 * fetches what it shows again, so events replayed while catching up count only as the one `null` at the end.
 */
export class LiveFeed extends Feed {
  constructor({ onChange, onScan, ...opts }: KioskFeedOptions) {
    super({
      ...opts,
      onOther: (m) => {
        if (m.type === 'scan' && typeof m.code === 'string') onScan?.(m.code);
      },
      onEvent: (event, replayed) => {
        if (!replayed) onChange(event);
      },
      onRefresh: () => onChange(null),
    });
  }
}
