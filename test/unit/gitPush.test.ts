import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pushBranch } from '../../electron/git/push.js';
import { TempDirs, commitAll, makeRepo, sh, write } from '../support/gitFixture.js';
import { rejection } from '../support/assertions.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function repoWithRemote(): { repo: string; remote: string } {
  const repo = makeRepo(temp.make());
  const remote = path.join(temp.make(), 'remote.git');
  sh(temp.make(), ['init', '--quiet', '--bare', remote]);
  sh(repo, ['remote', 'add', 'origin', remote]);
  return { repo, remote };
}


describe('pushBranch', () => {
  it('pushes a branch to a remote', async () => {
    const { repo, remote } = repoWithRemote();
    sh(repo, ['branch', 'codebay/task']);
    const result = await pushBranch(repo, 'origin', 'codebay/task');
    const head = sh(repo, ['rev-parse', 'HEAD']);
    expect(result).toMatchObject({ remote: 'origin', branch: 'codebay/task', change: 'created', from: null, to: head });
    expect(sh(remote, ['rev-parse', 'refs/heads/codebay/task'])).toBe(head);
  });

  it('pushes again as a fast-forward, and says when the remote already has it', async () => {
    const { repo, remote } = repoWithRemote();
    sh(repo, ['branch', 'codebay/task']);
    const first = sh(repo, ['rev-parse', 'HEAD']);
    await pushBranch(repo, 'origin', 'codebay/task');
    const next = sh(repo, ['commit-tree', `${first}^{tree}`, '-p', first, '-m', 'turn 2']);
    sh(repo, ['update-ref', 'refs/heads/codebay/task', next]);

    const again = await pushBranch(repo, 'origin', 'codebay/task');
    expect(again).toMatchObject({ change: 'updated', to: next });
    expect(first.startsWith(again.from ?? '-')).toBe(true);
    expect(sh(remote, ['rev-parse', 'refs/heads/codebay/task'])).toBe(next);
    expect(await pushBranch(repo, 'origin', 'codebay/task')).toMatchObject({ change: 'unchanged', from: next, to: next });
  });

  it('refuses to replace diverged remote history unless forced', async () => {
    const { repo, remote } = repoWithRemote();
    sh(repo, ['branch', 'feature']);
    write(repo, 'a.txt', 'a\n');
    const onRemote = commitAll(repo, 'a');
    sh(repo, ['push', '--quiet', 'origin', 'main:refs/heads/feature']);
    sh(repo, ['checkout', '--quiet', 'feature']);
    write(repo, 'b.txt', 'b\n');
    const diverged = commitAll(repo, 'b');

    const error = await rejection(pushBranch(repo, 'origin', 'feature'));
    expect(error.what).toBe('Pushing feature to origin failed: origin has commits on feature that the pushed branch does not (git: [rejected] (non-fast-forward))');
    expect(error.fix).toMatch(/git pull.*force/);
    expect(sh(remote, ['rev-parse', 'refs/heads/feature'])).toBe(onRemote);

    expect(await pushBranch(repo, 'origin', 'feature', { force: true })).toMatchObject({ change: 'replaced', from: onRemote.slice(0, 7), to: diverged });
    expect(sh(remote, ['rev-parse', 'refs/heads/feature'])).toBe(diverged);
  });

  it('names the remotes there are when the remote is unknown', async () => {
    const { repo } = repoWithRemote();
    sh(repo, ['remote', 'add', 'upstream', path.join(temp.make(), 'other.git')]);
    const error = await rejection(pushBranch(repo, 'github', 'main'));
    expect(error.what).toContain('"github"');
    expect(error.fix).toContain('origin, upstream');
  });

  it('explains a missing branch', async () => {
    const { repo } = repoWithRemote();
    expect((await rejection(pushBranch(repo, 'origin', 'no-such'))).what).toMatch(/no branch "no-such"/);
  });

  it('fails instead of hanging when the remote cannot be reached', async () => {
    const { repo } = repoWithRemote();
    sh(repo, ['remote', 'set-url', 'origin', path.join(temp.make(), 'missing.git')]);
    const error = await rejection(pushBranch(repo, 'origin', 'main'));
    expect(error.fix).toMatch(/URL of origin/);
  });
});
