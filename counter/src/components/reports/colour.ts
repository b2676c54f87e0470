/** Colour scales of the charts, and the text colour that reads best on a cell. */

type Rgb = [number, number, number];

const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const hex = (c: Rgb): string => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** From `low` (share 0) through `high` (share 1). */
export function scale(low: string, high: string, share: number): string {
  const a = rgb(low);
  const b = rgb(high);
  const s = Math.min(1, Math.max(0, share));
  return hex([0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * s) as Rgb);
}

/** WCAG relative luminance. */
function luminance(colour: string): number {
  const [r, g, b] = rgb(colour).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with the background (at least 4.5:1 either way). */
export function textOn(background: string): string {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
