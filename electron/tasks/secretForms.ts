import { gunzipSync } from 'node:zlib';

/** Shorter encoded forms would match ordinary text by chance. */
const MIN_FORM_LENGTH = 8;
/** Content scanned in its compact (whitespace-free) and decompressed forms; beyond this only the plain forms are searched. */
const DEEP_SCAN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The byte strings a secret's value can take once written into a file by someone who wants
 * it to get past a plain search: as is, base64 (standard or URL-safe, at any alignment
 * inside a longer encoded text), hex, URL-encoded, or reversed. Whitespace-split values (a
 * PEM key over several lines, a token broken in two) are found by searching compact text.
 */
export function secretForms(value: string): Buffer[] {
  const raw = Buffer.from(value, 'utf8');
  const forms = new Set<string>([value, [...value].reverse().join(''), raw.toString('hex'), raw.toString('hex').toUpperCase(), encodeURIComponent(value)]);
  for (const encoded of base64Runs(raw)) {
    forms.add(encoded);
    forms.add(encoded.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((form) => form.length >= MIN_FORM_LENGTH).map((form) => Buffer.from(form, 'utf8'));
}

/**
 * The base64 characters that depend on the value alone, for each of the three positions it
 * can start at inside a longer encoded text: the characters shared with the bytes around it
 * are left off at both ends.
 */
function base64Runs(raw: Buffer): string[] {
  const runs: string[] = [];
  for (const lead of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(lead), raw]).toString('base64');
    const start = [0, 2, 3][lead] ?? 0;
    const end = Math.floor((lead + raw.length) / 3) * 4;
    runs.push(encoded.slice(start, end));
  }
  return runs;
}

function compact(content: Buffer): Buffer {
  return Buffer.from(content.toString('latin1').replace(/\s+/g, ''), 'latin1');
}

function occurrences(content: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = content.indexOf(needle); at !== -1; at = content.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

/**
 * How often a secret's value appears in a file's content in any of its forms: plain, with
 * every whitespace removed (in the content and the value), and inside gzip data.
 */
export function secretOccurrences(content: Buffer, value: string): number {
  const forms = secretForms(value);
  const plain = forms.reduce((sum, form) => sum + occurrences(content, form), 0);
  if (content.length > DEEP_SCAN_MAX_BYTES) return plain;
  const compactValue = value.replace(/\s+/g, '');
  const compactForms = compactValue.length >= MIN_FORM_LENGTH ? secretForms(compactValue) : [];
  const squeezed = compact(content);
  const split = compactForms.reduce((sum, form) => sum + occurrences(squeezed, form), 0);
  return Math.max(plain, split) + inGzip(content, value);
}

function inGzip(content: Buffer, value: string): number {
  if (content.length < 18 || content[0] !== 0x1f || content[1] !== 0x8b) return 0;
  try {
    return secretOccurrences(gunzipSync(content, { maxOutputLength: DEEP_SCAN_MAX_BYTES }), value);
  } catch {
    return 0;
  }
}
