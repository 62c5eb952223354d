import { PatchApplyError } from './errors.js';

export type LineEnding = '\n' | '\r\n';

export interface TextLine {
  text: string;
  /** '' only for a last line without a line break. */
  eol: LineEnding | '';
}

/**
 * A text file as lines that remember their own line ending, so lines the patch
 * does not touch are written back byte for byte.
 */
export interface TextFile {
  bom: boolean;
  lines: TextLine[];
  /**
   * The ending given to lines the patch adds, and to a last line left without one: the
   * ending of the file's first line, as in Codex (and rustfmt and Ruff); LF when there is none.
   */
  eol: LineEnding;
}

const BOM = '\uFEFF';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeTextFile(path: string, content: Buffer): TextFile {
  const editWithShell = `Change ${path} with a shell command instead; apply_patch edits UTF-8 text files only.`;
  if (content.includes(0)) {
    throw new PatchApplyError(path, `${path} looks binary (it contains NUL bytes)`, editWithShell);
  }
  let text: string;
  try {
    text = utf8.decode(content);
  } catch (error) {
    throw new PatchApplyError(path, `${path} is not valid UTF-8 text`, editWithShell, undefined, { cause: error });
  }
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(BOM.length);
  const lines: TextLine[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) break;
    const isCrlf = newline > start && text[newline - 1] === '\r';
    lines.push({ text: text.slice(start, isCrlf ? newline - 1 : newline), eol: isCrlf ? '\r\n' : '\n' });
    start = newline + 1;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return { bom, lines, eol: lines[0]?.eol || '\n' };
}

export function encodeTextFile(file: TextFile): Buffer {
  return Buffer.from((file.bom ? BOM : '') + file.lines.map((line) => line.text + line.eol).join(''), 'utf8');
}

/** A new file from Add File lines: LF endings, ending with a newline unless empty. */
export function encodeNewFile(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
}
