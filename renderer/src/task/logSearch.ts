import { logLength, logLine, type LogModel } from './logLines';

/** Indexes of the lines containing `query`, ignoring case. */
export function findMatches(log: LogModel, query: string): number[] {
  if (!query) return [];
  const needle = query.toLowerCase();
  const found: number[] = [];
  const length = logLength(log);
  for (let i = 0; i < length; i++) if (logLine(log, i)?.text.toLowerCase().includes(needle)) found.push(i);
  return found;
}

/** A line cut into plain and matching parts, for highlighting. */
export function splitByMatch(text: string, query: string): Array<{ text: string; match: boolean }> {
  if (!query) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const parts: Array<{ text: string; match: boolean }> = [];
  let at = 0;
  for (let hit = lower.indexOf(needle); hit !== -1; hit = lower.indexOf(needle, at)) {
    if (hit > at) parts.push({ text: text.slice(at, hit), match: false });
    parts.push({ text: text.slice(hit, hit + needle.length), match: true });
    at = hit + needle.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return parts;
}
