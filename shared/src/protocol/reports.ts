/** How a report groups its tickets. No schemas here: the browser imports this without the schema library. */
export const reportGroupings = ['service', 'counter', 'clerk', 'hour', 'weekday', 'day'] as const;

export type Grouping = (typeof reportGroupings)[number];

/** Durations in whole seconds; null when there is nothing to measure. */
export interface Stats {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  max: number | null;
}

/** One group of GET /api/reports/waiting. */
export interface ReportRow {
  key: string;
  /** The server's label, in Romanian. */
  label: string;
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  expired: number;
  recalls: number;
  transfers: number;
  /** Issue to first call. */
  waitingSeconds: Stats;
  /** Call to the start of service (the walk to the counter). */
  walkSeconds: Stats;
  /** Start to finish. */
  serviceSeconds: Stats;
  /** Share of the called tickets first called within their service's target wait, 0 to 1. */
  withinTarget: number | null;
  appointments: { count: number; arrivalMinutes: Stats; waitAfterSlotSeconds: Stats };
}
