/** How strictly a file line must equal a patch line; tried strictest first. */
export interface Tolerance {
  name: string;
  same: (fileLine: string, patchLine: string) => boolean;
}

/** Typographic characters models tend to write as their ASCII look-alikes. */
const LOOK_ALIKES: ReadonlyArray<[RegExp, string]> = [
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/[\u2018\u2019\u201A\u201B]/g, "'"],
  [/[\u201C\u201D\u201E\u201F]/g, '"'],
  [/[\u00A0\u2002-\u200A\u202F\u205F\u3000]/g, ' '],
];

function plainPunctuation(text: string): string {
  return LOOK_ALIKES.reduce((result, [pattern, ascii]) => result.replace(pattern, ascii), text.trim());
}

export const LINE_TOLERANCES: readonly Tolerance[] = [
  { name: 'exactly', same: (a, b) => a === b },
  { name: 'ignoring trailing whitespace', same: (a, b) => a.trimEnd() === b.trimEnd() },
  { name: 'ignoring leading and trailing whitespace', same: (a, b) => a.trim() === b.trim() },
  { name: 'ignoring typographic punctuation', same: (a, b) => plainPunctuation(a) === plainPunctuation(b) },
];

/**
 * An anchor may name only the start of its line (`@@ def load` for `def load(path):`),
 * as long as the name is not cut mid-word.
 */
const ANCHOR_PREFIX: Tolerance = {
  name: 'as the start of a line',
  same: (fileLine, anchor) => {
    const line = plainPunctuation(fileLine);
    const wanted = plainPunctuation(anchor);
    return wanted !== '' && line.startsWith(wanted) && !/^[\w$]/.test(line.slice(wanted.length));
  },
};

export const ANCHOR_TOLERANCES: readonly Tolerance[] = [...LINE_TOLERANCES, ANCHOR_PREFIX];

export function matchesAt(lines: readonly string[], pattern: readonly string[], start: number, tolerance: Tolerance): boolean {
  if (start < 0 || start + pattern.length > lines.length) return false;
  return pattern.every((wanted, offset) => tolerance.same(lines[start + offset] ?? '', wanted));
}

/** Start indexes in [from, to) where the pattern matches. */
export function matchesIn(
  lines: readonly string[],
  pattern: readonly string[],
  from: number,
  to: number,
  tolerance: Tolerance,
): number[] {
  const found: number[] = [];
  const lastStart = Math.min(to, lines.length - pattern.length + 1);
  for (let start = Math.max(from, 0); start < lastStart; start += 1) {
    if (matchesAt(lines, pattern, start, tolerance)) found.push(start);
  }
  return found;
}

export interface Matches {
  starts: number[];
  tolerance: Tolerance;
}

/** The matches under the strictest tolerance that finds any; undefined when none does. */
export function strictestMatches(
  lines: readonly string[],
  pattern: readonly string[],
  from: number,
  to: number,
  tolerances: readonly Tolerance[] = LINE_TOLERANCES,
): Matches | undefined {
  for (const tolerance of tolerances) {
    const starts = matchesIn(lines, pattern, from, to, tolerance);
    if (starts.length > 0) return { starts, tolerance };
  }
  return undefined;
}

export interface NearMiss {
  /** Where the pattern would start in the file. */
  start: number;
  /** Index in the pattern of the first line that does not match there. */
  mismatch: number;
}

/**
 * The placement at or after `from` where most of the pattern's lines match (loosely),
 * so an error can quote the one line that differs; undefined when no line matches anywhere.
 */
export function nearestMiss(lines: readonly string[], pattern: readonly string[], from: number): NearMiss | undefined {
  // Normalised once: this runs over every placement, which is slow for large files otherwise.
  const wanted = pattern.map(plainPunctuation);
  const keys = new Map<number, string>();
  const fits = (index: number, offset: number): boolean => {
    if (index < from || index >= lines.length) return false;
    let key = keys.get(index);
    if (key === undefined) {
      key = plainPunctuation(lines[index] ?? '');
      keys.set(index, key);
    }
    return key === wanted[offset];
  };
  let best: { start: number; score: number } | undefined;
  for (let start = from - pattern.length + 1; start < lines.length; start += 1) {
    let score = 0;
    for (let offset = 0; offset < pattern.length; offset += 1) if (fits(start + offset, offset)) score += 1;
    if (score > 0 && (!best || score > best.score)) best = { start, score };
  }
  if (!best) return undefined;
  const start = best.start;
  return { start, mismatch: pattern.findIndex((_line, offset) => !fits(start + offset, offset)) };
}
