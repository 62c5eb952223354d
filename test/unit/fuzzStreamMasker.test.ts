import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, secretMask } from '../../electron/tasks/redact.js';
import { StreamMasker } from '../../electron/tasks/streamMasker.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** Text made of secrets, pieces of secrets and filler, cut into random chunks. */
const streamed = fc
  .uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'é', '日'), minLength: 6, maxLength: 14 }), { minLength: 1, maxLength: 3 })
  .chain((secrets) =>
    fc.record({
      secrets: fc.constant(secrets),
      text: fc
        .array(fc.oneof(fc.constantFrom(...secrets), fc.constantFrom(...secrets).map((s) => s.slice(0, s.length - 1)), fc.string({ unit: fc.constantFrom('a', 'b', 'x', ' '), maxLength: 8 })), { maxLength: 12 })
        .map((parts) => parts.join('')),
      cuts: fc.array(fc.nat(), { maxLength: 8 }),
    }),
  );

function chunks(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => (text.length === 0 ? 0 : c % text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const point of points) {
    out.push(text.slice(from, point));
    from = point;
  }
  out.push(text.slice(from));
  return out;
}

function run(secrets: readonly string[], pieces: readonly string[]): string {
  const masker = new StreamMasker(secrets);
  return pieces.map((piece) => masker.push(piece)).join('') + masker.end();
}

describe('masking secrets in streamed output under fuzzing (fast-check)', () => {
  it(`lets no whole secret through in ${RUNS.toLocaleString('en-US')} random streams, wherever the chunks split it`, () => {
    fc.assert(
      fc.property(streamed, ({ secrets, text, cuts }) => {
        const out = run(secrets, chunks(text, cuts));
        for (const secret of secrets) expect(out).not.toContain(secret);
      }),
      { numRuns: RUNS },
    );
  });

  it('masks exactly as masking the whole text at once would, when no secret overlaps another', () => {
    fc.assert(
      fc.property(streamed, ({ secrets, text, cuts }) => {
        fc.pre(secrets.every((a) => secrets.every((b) => a === b || (!a.includes(b.charAt(0)) && !b.includes(a.charAt(0))))));
        expect(run(secrets, chunks(text, cuts))).toBe(secretMask(secrets)(text));
      }),
      { numRuns: RUNS / 10 },
    );
  });

  it('passes text through untouched when nothing looks like a secret', () => {
    const masker = new StreamMasker(['sk-0123456789']);
    expect(masker.push('plain output\n')).toBe('plain output\n');
    expect(masker.push('ends with s')).toBe('ends with ');
    expect(masker.push('k-0123456789 and more')).toBe(`${MASK} and more`);
    expect(masker.end()).toBe('');
  });
});
