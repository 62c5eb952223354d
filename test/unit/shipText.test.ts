import { describe, expect, it } from 'vitest';
import { formatPushTarget, parsePushTarget } from '../../shared/pushTarget.js';
import { describeRefMove } from '../../shared/refMove.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('describeRefMove', () => {
  it('names the range, the turns and the commits of a fast-forward', () => {
    expect(describeRefMove('codebay/x', { change: 'updated', from: A, to: B, fromTurn: 1, toTurn: 2, commits: 1 })).toBe(
      'Updated codebay/x from aaaaaaa to bbbbbbb (fast-forward): turn 1 → turn 2, 1 new commit',
    );
    expect(describeRefMove('codebay/x on origin', { change: 'updated', from: A, to: B, fromTurn: null, toTurn: 3, commits: 2 })).toBe(
      'Updated codebay/x on origin from aaaaaaa to bbbbbbb (fast-forward): up to turn 3, 2 new commits',
    );
  });

  it('says when a branch was created, already there, or replaced by force', () => {
    expect(describeRefMove('x', { change: 'created', from: null, to: B, fromTurn: null, toTurn: 1, commits: null })).toBe('Created x at bbbbbbb (turn 1)');
    expect(describeRefMove('x', { change: 'unchanged', from: B, to: B, fromTurn: 2, toTurn: 2, commits: null })).toBe('x is already at bbbbbbb (turn 2)');
    expect(describeRefMove('x', { change: 'replaced', from: 'abcdef1', to: B, fromTurn: null, toTurn: 2, commits: null })).toMatch(
      /^Replaced x: it was at abcdef1, now bbbbbbb \(turn 2\) \(forced; /,
    );
  });
});

describe('push targets', () => {
  it('round-trips "remote branch" and refuses anything else', () => {
    expect(parsePushTarget(formatPushTarget({ remote: 'origin', branch: 'codebay/x' }))).toEqual({ remote: 'origin', branch: 'codebay/x' });
    for (const text of [null, '', 'origin', ' codebay/x', 'origin ']) expect(parsePushTarget(text)).toBeNull();
  });
});
