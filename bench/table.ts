import type { BenchResult } from './result.js';

function format(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** The results as an aligned text table, one benchmark per line, notes underneath. */
export function resultTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.pass ? 'ok' : 'MISS',
    r.name,
    `${format(r.value)} ${r.unit}`,
    r.budget === null ? '—' : `${r.better === 'lower' ? '≤' : '≥'} ${format(r.budget)} ${r.unit}`,
  ]);
  const header = ['', 'benchmark', 'value', 'budget'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  results.forEach((result, i) => {
    out.push(line(rows[i] ?? []));
    if (result.notes) out.push(`      ${result.notes}`);
  });
  return out.join('\n');
}
