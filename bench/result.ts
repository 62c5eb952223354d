/** One line of bench/results.json. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The limit `value` must keep to; null for figures reported beside a budgeted one (e.g. the cold path). */
  budget: number | null;
  /** Whether the budget is a ceiling (lower is better) or a floor. */
  better: 'lower' | 'higher';
  pass: boolean;
  notes?: string;
}

export type Measurement = Omit<BenchResult, 'pass'>;

/** Judges a measurement against its budget; one without a budget passes. */
export function judged(measurement: Measurement): BenchResult {
  const { budget, better, value } = measurement;
  const pass = budget === null || (better === 'lower' ? value <= budget : value >= budget);
  return { ...measurement, pass };
}
