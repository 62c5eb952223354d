import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBranch } from '../../electron/git/branch.js';
import { ensureMirror } from '../../electron/git/mirror.js';
import { snapshotUncommitted } from '../../electron/git/snapshot.js';
import { TempDirs, makeRepo, sh, write } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

/** A repository whose config would have git run programs: a file-system monitor and a hook on every ref change. */
function booby(repo: string, marker: string): void {
  const script = path.join(repo, '.git', 'run-me.sh');
  writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> ${marker}\n`);
  chmodSync(script, 0o755);
  sh(repo, ['config', 'core.fsmonitor', script]);
  writeFileSync(path.join(repo, '.git', 'hooks', 'reference-transaction'), `#!/bin/sh\necho hook >> ${marker}\n`);
  chmodSync(path.join(repo, '.git', 'hooks', 'reference-transaction'), 0o755);
}

describe('git on the user\'s repository runs none of the programs its config names', () => {
  it('snapshots uncommitted changes and creates a branch without the fsmonitor or hooks', async () => {
    const repo = makeRepo(temp.make(), { 'a.txt': 'one\n' });
    const base = sh(repo, ['rev-parse', 'HEAD']);
    const marker = path.join(temp.make(), 'ran');
    booby(repo, marker);
    write(repo, 'a.txt', 'two\n');
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    const snapshot = await snapshotUncommitted(repo, mirror, base, 'snap-host-config');
    expect(snapshot.commit).toMatch(/^[0-9a-f]{40}$/);
    await createBranch(repo, mirror, snapshot.commit, 'codebay/from-snapshot');
    expect(sh(repo, ['rev-parse', 'codebay/from-snapshot'])).toBe(snapshot.commit);
    expect(existsSync(marker)).toBe(false);
  });
});
