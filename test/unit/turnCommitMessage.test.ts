import { describe, expect, it } from 'vitest';
import { turnCommitMessage } from '../../electron/tasks/turnCommitMessage.js';

describe('a turn commit\'s message', () => {
  it('takes the agent\'s summary line as the subject, the rest as the body, and names the task and turn', () => {
    const summary = '## Summary\n\n- Fixed `add` to add 【F:calc.py†L2】.\n- Ran the tests 【call_3†L1】.\n\nAll pass.';
    expect(turnCommitMessage(summary, 'Fix add', 'task1', 2)).toBe('Summary\n\n- Fixed `add` to add.\n- Ran the tests.\n\nAll pass.\n\nCodebay task task1, turn 2');
  });

  it('cuts a long subject at a word, at most 72 characters, without a trailing stop', () => {
    const line = 'Reworked the pricing module so that discounts for members are applied before tax and shipping are added.';
    const subject = turnCommitMessage(line, 'x', 't', 1).split('\n')[0] ?? '';
    expect(subject).toBe('Reworked the pricing module so that discounts for members are applied');
    expect(subject.length).toBeLessThanOrEqual(72);
    const unbroken = 'x'.repeat(100);
    expect(turnCommitMessage(unbroken, 'x', 't', 1).split('\n')[0]).toBe('x'.repeat(72));
  });

  it('falls back to the task title when the summary has no words, and drops control characters', () => {
    expect(turnCommitMessage('\n  \n', 'Fix the flaky login test', 't', 1)).toBe('Fix the flaky login test\n\nCodebay task t, turn 1');
    expect(turnCommitMessage('**Done**: fixed\u001b[2J it\nbody\u0007 line', 'x', 't', 1)).toBe('Done: fixed [2J it\n\nbody line\n\nCodebay task t, turn 1');
  });
});
