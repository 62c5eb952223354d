/**
 * Citations in agent messages (REFERENCE.md): 【F:path†L3-L9】 for file lines and
 * 【callId†L1-L4】 for command output. They become fragment links that
 * react-markdown keeps, and the link component turns back into navigation.
 */
export type Citation =
  | { kind: 'file'; path: string; start: number; end: number }
  | { kind: 'command'; callId: string; start: number; end: number };

const CITATION = /【([^【】†]+)†L(\d+)(?:-L?(\d+))?】/g;
const HREF_PREFIX = '#cite/';

function parse(target: string, startText: string, endText: string | undefined): Citation {
  const start = Number(startText);
  const end = Math.max(start, endText === undefined ? start : Number(endText));
  return target.startsWith('F:') ? { kind: 'file', path: normalizePath(target.slice(2)), start, end } : { kind: 'command', callId: target.trim(), start, end };
}

/** Paths are cited relative to the repository; tolerate a leading ./ or workspace root. */
function normalizePath(path: string): string {
  return path.trim().replace(/^\.\//, '');
}

function escapeLabel(label: string): string {
  return label.replace(/[\\`*_[\]<>]/g, '\\$&');
}

export function citationHref(c: Citation): string {
  return c.kind === 'file'
    ? `${HREF_PREFIX}F/${encodeURIComponent(c.path)}/${c.start}/${c.end}`
    : `${HREF_PREFIX}C/${encodeURIComponent(c.callId)}/${c.start}/${c.end}`;
}

export function parseCitationHref(href: string | undefined): Citation | null {
  if (!href?.startsWith(HREF_PREFIX)) return null;
  const [kind, target, start, end] = href.slice(HREF_PREFIX.length).split('/');
  if (!target || !start || !end || (kind !== 'F' && kind !== 'C')) return null;
  const decoded = decodeURIComponent(target);
  return kind === 'F'
    ? { kind: 'file', path: decoded, start: Number(start), end: Number(end) }
    : { kind: 'command', callId: decoded, start: Number(start), end: Number(end) };
}

export function lineRangeText(c: Citation): string {
  return c.start === c.end ? `L${c.start}` : `L${c.start}–${c.end}`;
}

/** Markdown with each citation replaced by a link labelled by `label`. */
export function linkCitations(markdown: string, label: (c: Citation) => string): string {
  return markdown.replace(CITATION, (_match, target: string, start: string, end: string | undefined) => {
    const citation = parse(target, start, end);
    return `[${escapeLabel(label(citation))}](${citationHref(citation)})`;
  });
}

/** Text with each citation written out plainly, for places that show raw text such as the log. */
export function plainCitations(text: string): string {
  return text.replace(CITATION, (_match, target: string, start: string, end: string | undefined) => {
    const citation = parse(target, start, end);
    return `[${citation.kind === 'file' ? citation.path : citation.callId} ${lineRangeText(citation)}]`;
  });
}
