/** Order statistics of a sample set; throws on an empty one, since a benchmark that measured nothing must not pass. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('no samples were measured');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = sorted[Math.floor(position)] ?? 0;
  const above = sorted[Math.ceil(position)] ?? below;
  return below + (above - below) * (position - Math.floor(position));
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** "min 12.1, p90 30.2, max 41.0, n=20": the spread beside a median. */
export function spread(values: readonly number[], digits = 1): string {
  const f = (v: number): string => v.toFixed(digits);
  return `min ${f(quantile(values, 0))}, p90 ${f(quantile(values, 0.9))}, max ${f(quantile(values, 1))}, n=${values.length}`;
}
