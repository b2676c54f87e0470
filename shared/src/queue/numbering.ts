import { QmsError } from './errors';
import type { Numbering, Service } from './types';

/**
 * The next number for a service on this office day. Numbers run from numberStart to numberEnd; with wrap
 * they continue from numberStart, but a number is never given twice in one office day.
 */
export function allocateNumber(service: Service, numbering: Numbering | undefined): number {
  const size = Math.max(0, service.numberEnd - service.numberStart + 1);
  const taken = numbering?.taken;
  let candidate = numbering ? numbering.last + 1 : service.numberStart;
  for (let tries = 0; tries < size + 1; tries++) {
    if (candidate < service.numberStart) candidate = service.numberStart;
    if (candidate > service.numberEnd) {
      if (!service.wrap) break;
      candidate = service.numberStart;
    }
    if (!taken?.has(candidate)) return candidate;
    candidate++;
  }
  throw new QmsError('QMS_ERR_NUMBERS_EXHAUSTED', { service: service.prefix });
}

export function formatCode(service: Pick<Service, 'prefix' | 'numberEnd'>, number: number): string {
  const width = Math.max(3, String(service.numberEnd).length);
  return `${service.prefix}${String(number).padStart(width, '0')}`;
}
