import { PNG } from 'pngjs';
import type { TicketPrint } from '../src/index';

export const ticket: TicketPrint = {
  officeName: 'SPCLEP Sector 3',
  code: 'A012',
  serviceRo: 'Cărți de identitate – înștiințări',
  serviceEn: 'ID cards – notices',
  issuedAt: Date.UTC(2026, 2, 29, 0, 30), // 02:30 in Bucharest, half an hour before the clocks go forward
  timeZone: 'Europe/Bucharest',
  ahead: 3,
  etaMinutes: 12,
  url: 'https://coada.local/t/A012?d=2026-03-29',
  footer: 'Vă mulțumim! Păstrați bonul.',
};

/** A 64 x 24 logo: a black frame on white, as an office would upload. */
export function logoPng(width = 64, height = 24): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const edge = x < 4 || y < 4 || x >= width - 4 || y >= height - 4;
      const i = (y * width + x) * 4;
      png.data.fill(edge ? 0 : 255, i, i + 3);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

