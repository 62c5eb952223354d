import { describe, expect, it } from 'vitest';
import { shipCommitMessage } from '../../electron/tasks/shipCommitMessage.js';
import { commitMessageProblem, normalizeCommitMessage } from '../../shared/commitMessage.js';
import { paramSchemas } from '../../shared/protocol.js';

describe('a commit message the user wrote', () => {
  it('takes a subject with a body, tabs and any script', () => {
    for (const message of ['Fix add', 'Fix add\n\n\tIndented body\n- a list', 'Réparer l’addition 加法']) expect(commitMessageProblem(message)).toBeNull();
  });

  it('refuses one without a subject, saying so', () => {
    for (const message of ['', '   ', '\n\t\n  ']) expect(commitMessageProblem(message)).toEqual({ what: 'The commit message has no subject line', fix: 'Write a first line that says what the change does' });
  });

  it('refuses NUL, carriage returns, escapes and C1 controls, naming the character and its line', () => {
    expect(commitMessageProblem('Fix\0')?.what).toBe('The commit message holds a control character (U+0000) on line 1');
    expect(commitMessageProblem('Fix\r\nBody')?.what).toBe('The commit message holds a control character (U+000D) on line 1');
    expect(commitMessageProblem('Fix\n\nred \u001b[31m')?.what).toBe('The commit message holds a control character (U+001B) on line 3');
    expect(commitMessageProblem('Fix add\n\nsee \u202ereversed')?.what).toBe('The commit message holds an invisible text-direction character (U+202E) on line 3');
    expect(commitMessageProblem('Fix \u2067isolated\u2069 text')?.what).toBe('The commit message holds an invisible text-direction character (U+2067) on line 1');
    expect(commitMessageProblem('Fix \u009b')?.what).toContain('(U+009B)');
  });

  it('refuses more than 64 KiB, counted in UTF-8 bytes', () => {
    expect(commitMessageProblem(`F${'x'.repeat(64 * 1024 - 1)}`)).toBeNull();
    expect(commitMessageProblem(`F${'x'.repeat(64 * 1024)}`)?.what).toBe('The commit message is 65 KiB, more than the 64 KiB a commit message may be');
    // Three bytes each: a third as many characters is already too much.
    expect(commitMessageProblem(`F${'加'.repeat(22 * 1024)}`)?.what).toMatch(/is 67 KiB/);
  });

  it('counts trailing spaces and blank lines at either end as no change, as git\'s own commit does', () => {
    expect(normalizeCommitMessage('\n\nFix add  \n\nBody\t\n\n')).toBe('Fix add\n\nBody');
  });

  it('is refused at the protocol edge with the same words, on the message field', () => {
    expect(paramSchemas['tasks.createBranch'].safeParse({ id: 't', message: 'Fix' }).success).toBe(true);
    const refused = paramSchemas['tasks.push'].safeParse({ id: 't', message: ' \n' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['message'], message: 'The commit message has no subject line. Write a first line that says what the change does' });
  });
});

describe('the suggested message of one commit carrying several turns', () => {
  it('takes the task title as the subject and lists each turn\'s subject', () => {
    expect(
      shipCommitMessage('Fix the failing test in calc', 'task1', [
        { turn: 1, subject: 'Fixed `add`' },
        { turn: 2, subject: 'Added a docstring' },
      ]),
    ).toBe('Fix the failing test in calc\n\n- Fixed `add`\n- Added a docstring\n\nCodebay task task1, turns 1–2');
  });

  it('names a turn without a subject by its number, and one turn as one', () => {
    expect(shipCommitMessage('Calc', 't', [{ turn: 3, subject: '' }])).toBe('Calc\n\n- Turn 3\n\nCodebay task t, turn 3');
  });
});
