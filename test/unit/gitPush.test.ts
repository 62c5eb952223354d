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
    expect(result).toMatchObject({ remote: 'origin', branch: 'codebay/task' });
    expect(sh(remote, ['rev-parse', 'refs/heads/codebay/task'])).toBe(sh(repo, ['rev-parse', 'HEAD']));
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
    expect(error.what).toMatch(/Pushing feature to origin failed/);
    expect(error.fix).toMatch(/force/);
    expect(sh(remote, ['rev-parse', 'refs/heads/feature'])).toBe(onRemote);

    await pushBranch(repo, 'origin', 'feature', { force: true });
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
