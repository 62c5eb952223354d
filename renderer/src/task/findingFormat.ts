import type { FindingView } from '../../../shared/findings';

type Place = Pick<FindingView, 'path' | 'startLine' | 'endLine'>;

/** "12" or "12–14". */
export function findingLines(f: Place): string {
  return f.startLine === f.endLine ? String(f.startLine) : `${f.startLine}–${f.endLine}`;
}

/** "src/calc.py:12–14". */
export function findingPlace(f: Place): string {
  return `${f.path}:${findingLines(f)}`;
}

/** "80%"; null when the reviewer did not rate it. */
export function confidenceText(confidence: number | null): string | null {
  return confidence === null ? null : `${Math.round(confidence * 100)}%`;
}

/** Open and fixing findings by priority, then by place; dismissed ones after them, in the same order. */
export function compareFindings(a: FindingView, b: FindingView): number {
  return (
    Number(a.status === 'dismissed') - Number(b.status === 'dismissed') ||
    a.priority - b.priority ||
    a.path.localeCompare(b.path) ||
    a.startLine - b.startLine ||
    a.createdAt - b.createdAt
  );
}
