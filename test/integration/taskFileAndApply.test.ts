import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../electron/store/types.js';
import { rejection } from '../support/assertions.js';
import { BUGGY_CALC, FIX_CALC_PATCH, makeCalcRepo } from '../support/calcRepo.js';
import { useEngine } from '../support/engineFixture.js';
import { binaryBlob, commitAll, sh, userRepoState, write } from '../support/gitFixture.js';
import { answer, byPrompt, patch } from '../support/scripts.js';
import { waitForTask } from '../support/taskWait.js';

const FIX = 'Fix the failing test in calc';
const ASK = 'Where is add defined?';
const NOTHING = 'Look around and change nothing';

describe('one file at a task’s commit, and applying a task to the working tree (real Docker, git; scripted model)', () => {
  const engine = useEngine(
    byPrompt((prompt) => {
      if (prompt.includes(FIX)) return [patch(FIX_CALC_PATCH), answer('Fixed add.')];
      if (prompt.includes(ASK)) return [answer('In 【F:calc.py†L1-L2】.')];
      if (prompt.includes(NOTHING)) return [answer('Nothing needed changing.')];
      return undefined;
    }),
  );
  let repo: string;
  let fix: Task;
  let ask: Task;

  const run = async (prompt: string, mode: 'code' | 'ask'): Promise<Task> => {
    const environment = await engine.app.environments.forRepo(repo);
    const [created] = (await engine.app.tasks.create({ prompt, mode, environment })) as [Task];
    const done = await waitForTask(engine.app, created.id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    return done;
  };

  beforeAll(async () => {
    repo = makeCalcRepo(engine.dirs.make());
    write(repo, 'logo.bin', binaryBlob(7));
    commitAll(repo, 'Add a logo');
    fix = await run(FIX, 'code');
    ask = await run(ASK, 'ask');
  });

  it('reads a file of an Ask task at its commit, and says when it is binary or missing', async () => {
    const file = await engine.app.results.fileAt(ask.id, 'calc.py');
    expect(file).toMatchObject({ content: BUGGY_CALC, binary: false, tooLarge: false, commit: ask.baseCommit });
    expect(await engine.app.results.fileAt(ask.id, 'logo.bin')).toMatchObject({ content: null, binary: true });
    const missing = await rejection(engine.app.results.fileAt(ask.id, 'nope.py'));
    expect(missing.message).toContain('nope.py is not in the repository');
  });

  it('reads a Code task’s file at its latest result', async () => {
    expect((await engine.app.results.fileAt(fix.id, 'calc.py')).content).toContain('return a + b');
  });

  it('refuses to apply onto a working tree with changes, and leaves it alone', async () => {
    write(repo, 'calc.py', `${BUGGY_CALC}# mine\n`);
    const before = userRepoState(repo);
    const refused = await rejection(engine.app.results.applyToWorkingTree(fix.id));
    expect(refused.message).toContain('your working tree has uncommitted changes (calc.py)');
    expect(refused.message).toContain('Commit or stash them first');
    expect(userRepoState(repo)).toEqual(before);
    sh(repo, ['checkout', '--', 'calc.py']);
  });

  it('applies the change to a clean working tree without moving HEAD or branches', async () => {
    const head = sh(repo, ['rev-parse', 'HEAD']);
    const branches = sh(repo, ['for-each-ref', 'refs/heads']);
    expect(await engine.app.results.applyToWorkingTree(fix.id)).toEqual({ files: 1, conflicts: [] });
    expect(readFileSync(path.join(repo, 'calc.py'), 'utf8')).toContain('return a + b');
    expect(sh(repo, ['rev-parse', 'HEAD'])).toBe(head);
    expect(sh(repo, ['for-each-ref', 'refs/heads'])).toBe(branches);
    sh(repo, ['reset', '--quiet', '--hard']);
  });

  it('refuses a task without changes, and an Ask task, saying why', async () => {
    const nothing = await run(NOTHING, 'code');
    expect((await rejection(engine.app.results.applyToWorkingTree(nothing.id))).message).toContain(`“${nothing.title}” changed no files, so there is nothing to apply`);
    expect((await rejection(engine.app.results.applyToWorkingTree(ask.id))).message).toContain('Ask tasks change no files');
  });
});
