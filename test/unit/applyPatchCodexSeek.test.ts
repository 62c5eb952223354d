import { describe, expect, it } from 'vitest';
import { strictestMatches } from '../../electron/agent/patch/match.js';

// Cases of Codex's codex-rs/apply-patch/src/seek_sequence.rs tests, run against Codebay's
// matcher: the same lines, the same place found, and the same tolerance that finds it.

describe('seek_sequence.rs: finding a hunk in the file', () => {
  it('seek_sequence.rs: finds an exact sequence', () => {
    expect(strictestMatches(['foo', 'bar', 'baz'], ['bar', 'baz'], 0, 3)).toMatchObject({ starts: [1], tolerance: { name: 'exactly' } });
  });

  it('seek_sequence.rs: ignores trailing whitespace when nothing matches exactly', () => {
    expect(strictestMatches(['foo   ', 'bar\t\t'], ['foo', 'bar'], 0, 2)).toMatchObject({
      starts: [0],
      tolerance: { name: 'ignoring trailing whitespace' },
    });
  });

  it('seek_sequence.rs: ignores leading and trailing whitespace as a last resort before punctuation', () => {
    expect(strictestMatches(['    foo   ', '   bar\t'], ['foo', 'bar'], 0, 2)).toMatchObject({
      starts: [0],
      tolerance: { name: 'ignoring leading and trailing whitespace' },
    });
  });

  it('seek_sequence.rs: finds nothing, without failing, when the pattern is longer than the file', () => {
    expect(strictestMatches(['just one line'], ['too', 'many', 'lines'], 0, 1)).toBeUndefined();
  });
});
