import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../electron/app.js';
import { assertPlainLine } from '../../electron/plainText.js';
import { titleFromPrompt } from '../../electron/tasks/taskService.js';
import { makeRepo, TempDirs } from '../support/gitFixture.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

describe('names and titles are plain lines', () => {
  it.each([
    ['a NUL', 'fix\u0000it', 'U+0000', 4],
    ['an escape sequence', 'fix \u001b[2J it', 'U+001B', 5],
    ['a newline', 'fix\nit', 'U+000A', 4],
    ['a C1 control', 'fix\u009bit', 'U+009B', 4],
    ['a bidi override', 'fix\u202eti', 'U+202E', 4],
  ])('refuses %s, saying which character and where', (_name, value, code, position) => {
    expect(() => assertPlainLine(value, 'task title')).toThrow(`The task title holds a control character (${code}) at position ${position}`);
  });

  it('accepts ordinary text in any script', () => {
    expect(() => assertPlainLine('Fix the löğin test — 日本語 ✓', 'task title')).not.toThrow();
  });

  it('makes a title from a prompt without its control characters', () => {
    expect(titleFromPrompt('fix\tthe \u001b[31mred\u001b[0m test\nmore')).toBe('fix the  [31mred [0m test');
  });

  it('refuses an environment name with a control character, and creates nothing', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'codebay-plain-'));
    const app = createApp({ home, poolSize: 0 });
    try {
      const repo = makeRepo(temp.make());
      await expect(app.environments.create({ name: 'web\u0007', repoPath: repo })).rejects.toThrow(/environment name .* holds a control character \(U\+0007\) at position 4/);
      expect(app.environments.list()).toEqual([]);
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
