import { PatchParseError, PatchPathError, quote } from './errors.js';
import { resolvePatchPath, type PatchPlace } from './path.js';
import type { Hunk, HunkLine, Patch, PatchSection } from './types.js';

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';
const ADD = '*** Add File:';
const DELETE = '*** Delete File:';
const UPDATE = '*** Update File:';
const MOVE = '*** Move to:';
const END_OF_FILE = '*** End of File';
const SECTION_HEADERS = `"${ADD} <path>", "${DELETE} <path>" or "${UPDATE} <path>"`;
const HUNK_LINE = `a hunk line starting with " " (context), "-" (remove) or "+" (add), an "@@" line, or a new file section`;

/** `apply_patch <<'EOF'` / `applypatch <<PATCH` / `<<"EOF"`: models sometimes send the shell form of the tool. */
const HEREDOC_OPENER = /^(?:(?:apply_patch|applypatch)\s*)?<<-?\s*(['"]?)([A-Za-z_][\w-]*)\1$/;
/** `@@ -12,7 +12,8 @@ context`: line numbers from a unified diff are not trusted, the trailing text is. */
const UNIFIED_RANGE = /^-\d+(?:,\d+)?\s+\+\d+(?:,\d+)?\s*@@\s?(.*)$/;

interface NumberedLine {
  number: number;
  text: string;
}

/**
 * Parses apply_patch text into sections with workspace-relative paths (see resolvePatchPath);
 * throws PatchParseError naming the line and what was expected there.
 */
export function parsePatch(text: string, place: PatchPlace = {}): Patch {
  const lines = frameLines(text);
  const sections: PatchSection[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = at(lines, index);
    const header = line.text.trim();
    if (header === '') {
      index += 1;
    } else if (header.startsWith(ADD)) {
      index = parseAdd(lines, index, sections, place);
    } else if (header.startsWith(DELETE)) {
      sections.push({ kind: 'delete', path: headerPath(line, DELETE, place), patchLine: line.number });
      index += 1;
    } else if (header.startsWith(UPDATE)) {
      index = parseUpdate(lines, index, sections, place);
    } else {
      const problem =
        header.startsWith('***') ? `unknown header ${quote(header)}` : `unexpected line ${quote(line.text)} outside a file section`;
      throw new PatchParseError(line.number, problem, SECTION_HEADERS);
    }
  }
  if (sections.length === 0) {
    throw new PatchParseError(lines.length > 0 ? at(lines, 0).number : 2, 'the patch has no file sections', SECTION_HEADERS);
  }
  return { sections };
}

/** Splits the text into numbered lines and returns those between Begin Patch and End Patch. */
function frameLines(text: string): NumberedLine[] {
  let lines = text.split('\n').map((line, i) => ({ number: i + 1, text: line.endsWith('\r') ? line.slice(0, -1) : line }));
  lines = trimBlank(lines);
  const opener = lines[0] && HEREDOC_OPENER.exec(lines[0].text.trim());
  if (opener) {
    const last = lines[lines.length - 1];
    lines = trimBlank(lines.slice(1, last && last.text.trim() === opener[2] ? -1 : undefined));
  }
  const first = lines[0];
  if (!first || first.text.trim() !== BEGIN) {
    const problem = first ? `found ${quote(first.text)} where the patch should start` : 'the patch is empty';
    throw new PatchParseError(first?.number ?? 1, problem, `"${BEGIN}" as the first line`);
  }
  const last = at(lines, lines.length - 1);
  if (lines.length < 2 || last.text.trim() !== END) {
    throw new PatchParseError(last.number, `found ${quote(last.text)} where the patch should end`, `"${END}" as the last line`);
  }
  return lines.slice(1, -1);
}

function trimBlank(lines: NumberedLine[]): NumberedLine[] {
  let start = 0;
  let end = lines.length;
  while (start < end && at(lines, start).text.trim() === '') start += 1;
  while (end > start && at(lines, end - 1).text.trim() === '') end -= 1;
  return lines.slice(start, end);
}

function parseAdd(lines: NumberedLine[], start: number, sections: PatchSection[], place: PatchPlace): number {
  const header = at(lines, start);
  const content: string[] = [];
  // Blank lines count as empty content lines only when more `+` lines follow;
  // trailing ones just separate this section from the next.
  let pendingBlanks = 0;
  let index = start + 1;
  for (; index < lines.length && !isSectionHeader(at(lines, index).text); index += 1) {
    const line = at(lines, index);
    if (line.text.startsWith('+')) {
      for (; pendingBlanks > 0; pendingBlanks -= 1) content.push('');
      content.push(line.text.slice(1));
    } else if (line.text.trim() === '') {
      pendingBlanks += 1;
    } else {
      throw new PatchParseError(
        line.number,
        `line ${quote(line.text)} in the Add File section does not start with "+"`,
        'every line of a new file to start with "+" (write "+" alone for an empty line)',
      );
    }
  }
  sections.push({ kind: 'add', path: headerPath(header, ADD, place), lines: content, patchLine: header.number });
  return index;
}

function parseUpdate(lines: NumberedLine[], start: number, sections: PatchSection[], place: PatchPlace): number {
  const header = at(lines, start);
  const path = headerPath(header, UPDATE, place);
  let index = start + 1;
  let movePath: string | undefined;
  const moveLine = lines[index];
  if (moveLine && moveLine.text.trim().startsWith(MOVE)) {
    movePath = headerPath(moveLine, MOVE, place);
    index += 1;
  }
  const hunks: Hunk[] = [];
  let hunk: Hunk | undefined;
  let afterEndOfFile = false;
  for (; index < lines.length && !isSectionHeader(at(lines, index).text); index += 1) {
    const line = at(lines, index);
    const blank = line.text.trim() === '';
    if (line.text.trimEnd() === END_OF_FILE) {
      if (!hunk || hunk.lines.length === 0) {
        throw new PatchParseError(line.number, `"${END_OF_FILE}" does not follow any hunk lines`, HUNK_LINE);
      }
      hunk.endOfFile = true;
      afterEndOfFile = true;
    } else if (afterEndOfFile) {
      if (!blank) {
        throw new PatchParseError(
          line.number,
          `found ${quote(line.text)} after "${END_OF_FILE}", which must close the last hunk of a file`,
          `a new file section (${SECTION_HEADERS}) or "${END}"`,
        );
      }
    } else if (line.text.startsWith('@@')) {
      const anchor = anchorText(line.text);
      // `@@` lines directly after one another stack as anchors of the same hunk.
      if (!hunk || hunk.lines.length > 0) {
        hunk = { anchors: [], lines: [], endOfFile: false, patchLine: line.number };
        hunks.push(hunk);
      }
      if (anchor !== '') hunk.anchors.push(anchor);
    } else if (blank && !hunk) {
      continue;
    } else {
      const hunkLine = bodyLine(line, blank);
      if (!hunk) {
        // Like Codex, the first hunk of a file may leave out its `@@` line.
        hunk = { anchors: [], lines: [], endOfFile: false, patchLine: line.number };
        hunks.push(hunk);
      }
      hunk.lines.push(hunkLine);
    }
  }
  const empty = hunks.find((candidate) => candidate.lines.length === 0);
  if (empty) {
    throw new PatchParseError(empty.patchLine, 'this "@@" hunk has no lines', HUNK_LINE);
  }
  if (hunks.length === 0 && movePath === undefined) {
    throw new PatchParseError(
      header.number,
      `the Update File section for ${path} has no hunks`,
      `"@@" followed by hunk lines, or "${MOVE} <path>" to rename the file`,
    );
  }
  sections.push({ kind: 'update', path, ...(movePath === undefined ? {} : { movePath }), hunks, patchLine: header.number });
  return index;
}

function bodyLine(line: NumberedLine, blank: boolean): HunkLine {
  const prefix = line.text[0];
  if (prefix === ' ') return { op: 'context', text: line.text.slice(1) };
  if (prefix === '-') return { op: 'remove', text: line.text.slice(1) };
  if (prefix === '+') return { op: 'add', text: line.text.slice(1) };
  // Models often drop the single space of an empty context line.
  if (blank) return { op: 'context', text: '' };
  const problem = line.text.startsWith('***')
    ? `unknown header ${quote(line.text)} inside an Update File section`
    : `hunk line ${quote(line.text)} has no " ", "-" or "+" prefix`;
  throw new PatchParseError(line.number, problem, HUNK_LINE);
}

function anchorText(text: string): string {
  const rest = text.slice(2).trim();
  const unified = UNIFIED_RANGE.exec(rest);
  return unified ? (unified[1] ?? '').trim() : rest;
}

/** Section headers start in column 0 so that a context line quoting one (" *** Add File: x") stays context. */
function isSectionHeader(text: string): boolean {
  return text.startsWith(ADD) || text.startsWith(DELETE) || text.startsWith(UPDATE);
}

function headerPath(line: NumberedLine, prefix: string, place: PatchPlace): string {
  const raw = line.text.trim().slice(prefix.length).trim();
  try {
    return resolvePatchPath(raw, place);
  } catch (error) {
    if (error instanceof PatchPathError) {
      const from = place.base ? `${place.base}/` : 'the workspace root';
      const absolute = place.root === undefined ? '' : ` or absolute below ${place.root}`;
      throw new PatchParseError(line.number, error.what, `a path relative to ${from}${absolute}, inside the workspace and outside .git/`);
    }
    throw error;
  }
}

function at(lines: NumberedLine[], index: number): NumberedLine {
  const line = lines[index];
  if (!line) throw new RangeError(`patch line index ${index} is out of range`);
  return line;
}
