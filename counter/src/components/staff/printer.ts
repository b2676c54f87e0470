import type { MessageKey } from '../../lib/i18n';
import type { PrinterProblem, PrinterStatus } from '../../lib/staff-api';

export type Health = 'ok' | 'warn' | 'bad' | 'unknown';

/** What a printer's status and last error say, worst first: the words to show and how bad it is. */
export function printerState(status: PrinterStatus | null, error: PrinterProblem | null): { health: Health; keys: MessageKey[] } {
  const keys: MessageKey[] = [];
  if (error) {
    if (error.code === 'PRINTER_PAPER_OUT') keys.push('printer_paperOut');
    else if (error.code === 'PRINTER_COVER_OPEN') keys.push('printer_coverOpen');
    else if (error.code === 'PRINTER_OFFLINE' || error.code === 'PRINTER_TIMEOUT') keys.push('printer_offline');
    else keys.push('printer_error');
  }
  if (status) {
    if (!status.online && !keys.includes('printer_offline')) keys.push('printer_offline');
    if (status.paperOut && !keys.includes('printer_paperOut')) keys.push('printer_paperOut');
    if (status.coverOpen && !keys.includes('printer_coverOpen')) keys.push('printer_coverOpen');
    if (status.paperNearEnd) keys.push('printer_paperNearEnd');
  }
  if (keys.length === 0) return status ? { health: 'ok', keys: ['printer_online'] } : { health: 'unknown', keys: ['printer_unchecked'] };
  return { health: keys.some((k) => k !== 'printer_paperNearEnd') ? 'bad' : 'warn', keys };
}

/** The printer address as staff read it: the built-in virtual printer by name, anything else as typed. */
export const isVirtual = (address: string | null): boolean => !address || address === 'virtual:' || address.startsWith('virtual:');
