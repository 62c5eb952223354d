import { PatchApplyError, quote } from './errors.js';
import { ANCHOR_TOLERANCES, LINE_TOLERANCES, matchesAt, nearestMiss, strictestMatches } from './match.js';
import type { TextFile, TextLine } from './textFile.js';
import type { Hunk, HunkLine } from './types.js';

const NOTHING_CHANGED = 'No file was changed.';
const SHOWN_POSITIONS = 5;

/** Where one hunk goes: `body` may be the hunk without trailing blank context lines. */
interface Placement {
  start: number;
  body: readonly HunkLine[];
}

/** Lines `start` to `start + removed` of the original file become `lines`. */
interface Edit {
  start: number;
  removed: number;
  lines: TextLine[];
}

type Search =
  | { kind: 'found'; start: number }
  | { kind: 'ambiguous'; starts: number[]; tolerance: string }
  | { kind: 'missing' };

/**
 * Applies hunks to the file as Codex does: each is placed in the original lines, searching
 * from where the previous one ended, and the edits are made together afterwards in file
 * order. Context lines keep the file's own text and ending, so a whitespace-tolerant match
 * rewrites only the lines the hunk removes or adds. Like Codex, an update leaves every line,
 * the last one included, with a line ending.
 */
export function applyHunks(path: string, file: TextFile, hunks: readonly Hunk[]): void {
  const texts = file.lines.map((line) => line.text);
  const edits: Edit[] = [];
  let cursor = 0;
  hunks.forEach((hunk, index) => {
    const describe = new HunkDescription(path, hunk, index, hunks.length);
    const { start, body } = placeHunk(texts, hunk, cursor, describe);
    const removed = body.filter((line) => line.op !== 'add').length;
    const original = file.lines.slice(start, start + removed);
    const lines: TextLine[] = [];
    let next = 0;
    for (const line of body) {
      if (line.op === 'add') {
        lines.push({ text: line.text, eol: file.eol });
        continue;
      }
      const kept = original[next];
      next += 1;
      if (line.op === 'context' && kept) lines.push(kept);
    }
    edits.push({ start, removed, lines });
    // Lines only appended at the end move nothing, so a later hunk may still change lines above them.
    if (removed > 0 || start < texts.length) cursor = start + removed;
  });
  // Stable, so additions at the same place stay in patch order.
  edits.sort((a, b) => a.start - b.start);
  const result: TextLine[] = [];
  let position = 0;
  for (const edit of edits) {
    result.push(...file.lines.slice(position, edit.start), ...edit.lines);
    position = edit.start + edit.removed;
  }
  result.push(...file.lines.slice(position));
  file.lines = result.map((line) => (line.eol === '' ? { text: line.text, eol: file.eol } : line));
}

function placeHunk(lines: readonly string[], hunk: Hunk, cursor: number, describe: HunkDescription): Placement {
  const anchor = resolveAnchors(lines, hunk.anchors, cursor, describe);
  const bodies: (readonly HunkLine[])[] = [hunk.lines];
  const trimmed = withoutTrailingBlankContext(hunk.lines);
  if (trimmed.length > 0 && trimmed.length < hunk.lines.length) bodies.push(trimmed);
  // An anchored hunk may repeat its anchor line as its first context line.
  const from = anchor === undefined ? cursor : Math.max(cursor, anchor);
  for (const body of bodies) {
    const search = searchBody(lines, body, hunk.endOfFile, anchor, from);
    if (search.kind === 'found') return { start: search.start, body };
    if (search.kind === 'ambiguous') {
      const shown = search.starts.slice(0, SHOWN_POSITIONS).map((start) => start + 1).join(', ');
      throw describe.error(
        `its lines match ${search.starts.length} places in ${describe.path} (${search.tolerance}), starting at lines ${shown}` +
          (search.starts.length > SHOWN_POSITIONS ? ', …' : ''),
        `Add an "@@" anchor line naming the enclosing function or class, or more context lines, so the hunk matches one place; then resend the whole patch.`,
      );
    }
  }
  throw missingBodyError(lines, hunk, from, describe);
}

function searchBody(
  lines: readonly string[],
  body: readonly HunkLine[],
  endOfFile: boolean,
  anchor: number | undefined,
  from: number,
): Search {
  const old = body.filter((line) => line.op !== 'add').map((line) => line.text);
  if (old.length === 0) {
    // Pure additions go right after their anchor (never into lines an earlier hunk changed), else at the end of the file.
    return { kind: 'found', start: endOfFile || anchor === undefined ? lines.length : Math.max(anchor + 1, from) };
  }
  if (endOfFile) {
    const start = lines.length - old.length;
    const fits = start >= from && LINE_TOLERANCES.some((tolerance) => matchesAt(lines, old, start, tolerance));
    return fits ? { kind: 'found', start } : { kind: 'missing' };
  }
  const matches = strictestMatches(lines, old, from, lines.length);
  if (!matches) return { kind: 'missing' };
  const [first] = matches.starts;
  if (first === undefined) return { kind: 'missing' };
  // Below an anchor the nearest match is the one meant; without one, a second match makes it a guess.
  if (anchor === undefined && matches.starts.length > 1) {
    return { kind: 'ambiguous', starts: matches.starts, tolerance: matches.tolerance.name };
  }
  return { kind: 'found', start: first };
}

/**
 * Finds the hunk's `@@` lines and returns the index of the innermost one. The first must
 * be unique after the cursor (or, for an enclosing scope, unique before it); each stacked
 * anchor is the nearest match below the one before it.
 */
function resolveAnchors(
  lines: readonly string[],
  anchors: readonly string[],
  cursor: number,
  describe: HunkDescription,
): number | undefined {
  let position: number | undefined;
  for (const anchor of anchors) {
    const shown = quote(`@@ ${anchor}`);
    if (position === undefined) {
      const matches =
        strictestMatches(lines, [anchor], cursor, lines.length, ANCHOR_TOLERANCES) ??
        strictestMatches(lines, [anchor], 0, cursor, ANCHOR_TOLERANCES);
      if (!matches) {
        throw describe.error(
          `the anchor line ${shown} was not found in ${describe.path}`,
          `Re-read ${describe.path} and resend the whole patch; an "@@" anchor must repeat a line of the file, such as a function or class declaration.`,
        );
      }
      if (matches.starts.length > 1) {
        const shownLines = matches.starts.slice(0, SHOWN_POSITIONS).map((start) => start + 1).join(', ');
        throw describe.error(
          `the anchor line ${shown} matches ${matches.starts.length} lines of ${describe.path} (lines ${shownLines})`,
          `Put an outer anchor before it (such as "@@ class Name") or use a more specific line, then resend the whole patch.`,
        );
      }
      position = matches.starts[0];
    } else {
      const previous = position;
      position = strictestMatches(lines, [anchor], previous + 1, lines.length, ANCHOR_TOLERANCES)?.starts[0];
      if (position === undefined) {
        throw describe.error(
          `the anchor line ${shown} was not found below the anchor before it (file line ${previous + 1})`,
          `Re-read ${describe.path} and resend the whole patch with "@@" anchors ordered from outermost to innermost.`,
        );
      }
    }
  }
  return position;
}

function missingBodyError(lines: readonly string[], hunk: Hunk, from: number, describe: HunkDescription): PatchApplyError {
  const old = hunk.lines.filter((line) => line.op !== 'add');
  const pinned = hunk.endOfFile ? '; "*** End of File" requires the hunk to match the last lines of the file' : '';
  const after = from > 0 ? ` after line ${from}` : '';
  const miss = nearestMiss(
    lines,
    old.map((line) => line.text),
    from,
  );
  const reread = (near?: number) =>
    `Re-read ${describe.path}${near === undefined ? '' : ` around line ${near}`} and resend the whole patch with context and removed lines copied exactly from the file.`;
  if (!miss) {
    const first = old[0];
    const firstLine = first ? `; the first one, ${quote(first.text)}, does not appear` : '';
    return describe.error(`none of its context or removed lines were found in ${describe.path}${after}${firstLine}${pinned}`, reread());
  }
  const wanted = old[miss.mismatch];
  if (!wanted) {
    return describe.error(`its lines match at file line ${miss.start + 1}, not at the end of the file${pinned}`, reread(miss.start + 1));
  }
  const fileIndex = miss.start + miss.mismatch;
  const there =
    fileIndex >= lines.length
      ? 'the file ends before it'
      : fileIndex < from
        ? `that place is above line ${from + 1}, where this hunk's search starts (hunks must follow file order)`
        : `file line ${fileIndex + 1} is ${quote(lines[fileIndex] ?? '')}`;
  const role = wanted.op === 'context' ? 'context line' : 'removed line';
  return describe.error(
    `the ${role} ${quote(wanted.text)} was not found where the hunk's other lines match: ${there}${pinned}`,
    reread(Math.min(fileIndex, lines.length) + 1),
  );
}

function withoutTrailingBlankContext(lines: readonly HunkLine[]): readonly HunkLine[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]?.op === 'context' && lines[end - 1]?.text.trim() === '') end -= 1;
  return lines.slice(0, end);
}

/** Names a hunk in errors: number, file, patch line and its first lines. */
class HunkDescription {
  constructor(
    readonly path: string,
    private readonly hunk: Hunk,
    private readonly index: number,
    private readonly total: number,
  ) {}

  error(problem: string, fix: string): PatchApplyError {
    const prefix = { context: ' ', remove: '-', add: '+' } as const;
    const firstLines = [
      ...this.hunk.anchors.map((anchor) => `@@ ${anchor}`),
      ...this.hunk.lines.map((line) => prefix[line.op] + line.text),
    ]
      .slice(0, 2)
      .map((line) => quote(line, 80))
      .join(' / ');
    return new PatchApplyError(
      this.path,
      `Could not apply hunk ${this.index + 1} of ${this.total} to ${this.path} (patch line ${this.hunk.patchLine}, starting ${firstLines}): ${problem}`,
      `${NOTHING_CHANGED} ${fix}`,
      this.index + 1,
    );
  }
}
