import { SourceError } from './types';

/** Reading a source over HTTP: one timeout, one way of telling refused, unreachable and malformed apart. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface HttpOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Names the source in messages: "the booking system". */
  what: string;
}

/** The address must be http(s); anything else is a configuration mistake. */
export function checkHttpUrl(url: string, option: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${option} '${url}' is not a web address`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`${option} '${url}' must start with http:// or https://`);
  }
  return parsed;
}

const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the address was not found',
  EAI_AGAIN: 'the address could not be looked up',
  ECONNRESET: 'the connection was cut',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  ETIMEDOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
};

/**
 * GET a URL and read the whole body. Only a failure to get any answer is thrown (SOURCE_UNREACHABLE); the status is
 * the caller's to judge (see `expectOk`).
 */
export async function httpGet(url: string, options: HttpOptions): Promise<{ status: number; text: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/json, text/calendar, text/plain;q=0.5, */*;q=0.1', ...options.headers },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') {
      throw new SourceError('SOURCE_UNREACHABLE', `${options.what} did not answer within ${timeoutMs / 1000} s`, {
        cause: err,
      });
    }
    const code = (err as { cause?: { code?: string } }).cause?.code;
    const reason = (code && networkReasons[code]) ?? code ?? (err instanceof Error ? err.message : String(err));
    throw new SourceError('SOURCE_UNREACHABLE', `${options.what} could not be reached: ${reason}`, { cause: err });
  }
}

/** Turns an error status into the matching SourceError. */
export function expectOk(status: number, what: string): void {
  if (status >= 200 && status < 300) return;
  if (status === 401 || status === 403) {
    throw new SourceError(
      'SOURCE_REFUSED',
      `${what} refused access (HTTP ${status}): check the token or the user name and password`,
    );
  }
  if (status >= 500 || status === 429) {
    throw new SourceError('SOURCE_UNREACHABLE', `${what} answered with an error (HTTP ${status}); try again later`);
  }
  throw new SourceError('SOURCE_BAD_RESPONSE', `${what} answered HTTP ${status}: check the address`);
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const start = text.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    throw new SourceError('SOURCE_BAD_RESPONSE', `${what} did not answer with JSON (it began '${start}')`, {
      cause: err,
    });
  }
}

/** A value by dot path ('data.items', 'customer.name', 'slots.0.start'); undefined when any step is missing. */
