/** Relative luminance of a #rrggbb colour (WCAG 2). */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return 0;
  const n = parseInt(m[1]!, 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const hex = (r: number, g: number, b: number) => `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/**
 * The service's colour, darkened just enough for white text on it to reach `ratio` (WCAG AA: 4.5), so
 * every service button reads the same way whatever colour the office chose.
 */
export function deepen(color: string, ratio = 4.5): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return '#1d2733';
  const n = parseInt(m[1]!, 16);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  for (let f = 1; f > 0; f -= 0.04) {
    const c = hex(rgb[0]! * f, rgb[1]! * f, rgb[2]! * f);
    if (contrast(c, '#ffffff') >= ratio) return c;
  }
  return '#000000';
}
