/**
 * Figures of the load and memory runs: latency histograms by name (HdrHistogram, microsecond resolution)
 * and the straight line through a series of samples.
 */
import * as hdr from 'hdr-histogram-js';

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Latencies in milliseconds, kept per name (a command, a page's request, a push). */
export class Latencies {
  private readonly byName = new Map<string, hdr.Histogram>();

  record(name: string, ms: number): void {
    let h = this.byName.get(name);
    if (!h) this.byName.set(name, (h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 })));
    h.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  /** All names merged into one, for the overall figure. */
  total(names = [...this.byName.keys()]): Summary {
    const all = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
    for (const n of names) {
      const h = this.byName.get(n);
      if (h) all.add(h);
    }
    return summarize(all);
  }

  summary(): Record<string, Summary> {
    return Object.fromEntries([...this.byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, h]) => [name, summarize(h)]));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

function summarize(h: hdr.Histogram): Summary {
  const ms = (us: number) => r2(us / 1000);
  return {
    n: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/** Least-squares slope of y over x (NaN with fewer than two points). */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

/** Start, end, max and slope of a series, rounded for a report. */
export function series(points: readonly { x: number; y: number }[]): { start: number; end: number; max: number; min: number; slope: number } {
  const ys = points.map((p) => p.y);
  return {
    start: r2(ys[0] ?? NaN),
    end: r2(ys[ys.length - 1] ?? NaN),
    max: r2(Math.max(...ys)),
    min: r2(Math.min(...ys)),
    slope: Math.round(slope(points) * 1000) / 1000,
  };
}

/** Counts by key (error codes, refusals). */
export class Tally {
  readonly counts: Record<string, number> = {};
  add(key: string, n = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }
  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}

export { r2 };
