import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { secretOccurrences } from '../../electron/tasks/secretForms.js';

const SECRET = 'tok/Secret+Value=42xyz';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----';

const encodings: Record<string, (value: string) => string | Buffer> = {
  'as is': (v) => `config = "${v}"\n`,
  base64: (v) => Buffer.from(v).toString('base64'),
  'base64 inside a longer encoded text, at each alignment': (v) => Buffer.from(`x${v}`).toString('base64') + Buffer.from(`xy${v}`).toString('base64') + Buffer.from(`xyz${v}`).toString('base64'),
  'URL-safe base64': (v) => Buffer.from(v).toString('base64url'),
  hex: (v) => Buffer.from(v).toString('hex'),
  'upper-case hex': (v) => Buffer.from(v).toString('hex').toUpperCase(),
  'URL-encoded': (v) => `https://example.invalid/?t=${encodeURIComponent(v)}`,
  reversed: (v) => [...v].reverse().join(''),
  'split over lines': (v) => v.match(/.{1,4}/g)?.join('\n') ?? v,
  'split by spaces': (v) => [...v].join(' '),
  gzip: (v) => gzipSync(Buffer.from(`secret=${v}\n`)),
  'base64 split over lines (as a PEM body would be)': (v) => Buffer.from(v).toString('base64').replace(/(.{5})/g, '$1\n'),
};

describe('secretOccurrences', () => {
  it.each(Object.keys(encodings))('finds a secret written %s', (name) => {
    const content = encodings[name]?.(SECRET) ?? '';
    expect(secretOccurrences(Buffer.isBuffer(content) ? content : Buffer.from(content), SECRET)).toBeGreaterThan(0);
  });

  it('finds a multi-line secret (a PEM key) as is and re-wrapped', () => {
    expect(secretOccurrences(Buffer.from(`key: |\n${PEM}\n`), PEM)).toBeGreaterThan(0);
    expect(secretOccurrences(Buffer.from(PEM.replace(/\n/g, '\r\n  ')), PEM)).toBeGreaterThan(0);
  });

  it('counts occurrences, so a file that already held the secret is only flagged when it holds it more often', () => {
    expect(secretOccurrences(Buffer.from(`${SECRET}\n${SECRET}\n`), SECRET)).toBe(2);
  });

  it('finds nothing in ordinary text, or a secret\'s short prefix', () => {
    expect(secretOccurrences(Buffer.from('def add(a, b):\n    return a + b\n' + 'tok/Secret'), SECRET)).toBe(0);
    expect(secretOccurrences(gzipSync(Buffer.from('nothing here')), SECRET)).toBe(0);
  });
});
