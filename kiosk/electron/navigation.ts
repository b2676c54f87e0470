/** Where the shell goes: the server's page for this mode, and nowhere outside the server's origin. */
import type { KioskConfig } from './config';

/** <serverUrl>/kiosk/ or <serverUrl>/display/, with #token=<token> when a device token is preset. */
export function kioskUrl(config: Pick<KioskConfig, 'serverUrl' | 'mode' | 'deviceToken'>): string {
  const url = `${config.serverUrl}/${config.mode}/`;
  return config.deviceToken ? `${url}#token=${encodeURIComponent(config.deviceToken)}` : url;
}

export function healthUrl(serverUrl: string): string {
  return `${serverUrl}/api/health`;
}

/** Whether the page may navigate to `target`: only http(s) addresses of the server's own origin. */
export function isAllowedUrl(serverUrl: string, target: string): boolean {
  try {
    const url = new URL(target);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === new URL(serverUrl).origin;
  } catch {
    return false;
  }
}

export type Fetch = (url: string, init: { signal: AbortSignal; cache: 'no-store' }) => Promise<Response>;

/** Whether the server answers its health check with a success within `timeoutMs`. */
export async function serverAnswers(serverUrl: string, fetchImpl: Fetch = fetch, timeoutMs = 4000): Promise<boolean> {
  try {
    const response = await fetchImpl(healthUrl(serverUrl), { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
