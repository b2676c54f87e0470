/** CSV for Excel, one writer for every download: RFC 4180 quoting, and a UTF-8 byte order mark first so Excel reads ă â î ș ț. */
export const CSV_BOM = '\uFEFF';

export type CsvValue = string | number | null;

/** One cell; with ';' as the separator (Excel in Romanian), decimals are written with a comma. */
export function csvCell(v: CsvValue, sep: string): string {
  const s = v === null ? '' : typeof v === 'number' && sep === ';' ? String(v).replace('.', ',') : String(v);
  return /["\r\n;,]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One row, ended by CRLF. */
export function csvLine(values: readonly CsvValue[], sep: string): string {
  return `${values.map((v) => csvCell(v, sep)).join(sep)}\r\n`;
}
