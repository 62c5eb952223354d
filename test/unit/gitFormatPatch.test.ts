import { afterEach, describe, expect, it } from 'vitest';
import { formatPatch } from '../../electron/git/formatPatch.js';
import { ensureMirror } from '../../electron/git/mirror.js';
import { TempDirs, amIntoClone, commitAll, makeChangeRange, sh, write } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

describe('formatPatch', () => {
  it('squashes a range of commits into one mbox that git am applies at the base', async () => {
    const { repo, base } = makeChangeRange(temp.make());
    write(repo, 'later.txt', 'a second commit in the range\n');
    const to = commitAll(repo, 'second commit');
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();

    const mbox = await formatPatch(mirror, base, to, {
      subject: 'Fix the flaky\nlogin test',
      body: 'The agent found a race.\n\nNon-ASCII survives: ünïcødé.',
      author: { name: 'Dana Developer', email: 'dana@example.com' },
    });
    expect(mbox.toString('utf8')).toMatch(/^From [0-9a-f]{40} /);

    const clone = amIntoClone(temp, repo, base, mbox);

    expect(sh(clone, ['rev-list', '--count', `${base}..HEAD`])).toBe('1');
    expect(sh(clone, ['rev-parse', 'HEAD^{tree}'])).toBe(sh(repo, ['rev-parse', `${to}^{tree}`]));
    expect(sh(clone, ['log', '-1', '--format=%an <%ae>%n%s%n%n%b'])).toBe(
      'Dana Developer <dana@example.com>\nFix the flaky login test\n\nThe agent found a race.\n\nNon-ASCII survives: ünïcødé.\n',
    );
  });

  it('uses Codebay as the author unless told otherwise', async () => {
    const { repo, base, to } = makeChangeRange(temp.make());
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    const mbox = (await formatPatch(mirror, base, to, { subject: 'Change' })).toString('utf8');
    expect(mbox).toContain('From: Codebay <codebay@localhost>');
    expect(mbox).toContain('Subject: [PATCH] Change');
  });

  it('refuses an empty range', async () => {
    const { repo, to } = makeChangeRange(temp.make());
    const mirror = await ensureMirror(temp.make(), repo);
    await mirror.refresh();
    await expect(formatPatch(mirror, to, to, { subject: 'Nothing' })).rejects.toThrow(/no changes between/);
  });
});
