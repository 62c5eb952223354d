import { afterEach, describe, expect, it } from 'vitest';
import { formatPatch, mailSafeBody } from '../../electron/git/formatPatch.js';
import { TempDirs, amIntoClone, mirroredRange, sh } from '../support/gitFixture.js';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const SMUGGLED_FILE = [
  'diff --git a/evil.sh b/evil.sh',
  'new file mode 100755',
  'index 0000000000000000000000000000000000000000..1111111111111111111111111111111111111111',
  '--- /dev/null',
  '+++ b/evil.sh',
  '@@ -0,0 +1 @@',
  '+echo pwned',
].join('\n');

// Each summary is what a hostile model could write as its final message, which becomes the
// mail body, with a line of it that must survive as text (indented) in the applied commit.
const HOSTILE_SUMMARIES: Record<string, { summary: string; kept: string }> = {
  'a diff block': { summary: `Fixed the bug.\n\n${SMUGGLED_FILE}\n`, kept: ' diff --git a/evil.sh b/evil.sh' },
  'a bare --- separator then a diff': { summary: `Done.\n---\n${SMUGGLED_FILE}\n`, kept: ' ---\n diff --git' },
  'an Index: line': { summary: `Done.\nIndex: evil.sh\n${SMUGGLED_FILE.split('\n').slice(3).join('\n')}\n`, kept: ' Index: evil.sh\n --- /dev/null' },
  'in-body headers that replace the author': { summary: 'From: Mallory <mallory@example.com>\nSubject: innocent\n\nbody', kept: ' From: Mallory' },
  'a second message in the mbox': {
    summary: `Done.\n\nFrom 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: Mallory <m@example.com>\nSubject: [PATCH] more\n\n---\n${SMUGGLED_FILE}\n`,
    kept: ' From 0000000000000000000000000000000000000000 Mon Sep 17',
  },
  'CRLF line ends': { summary: `Done.\r\n\r\n${SMUGGLED_FILE.replace(/\n/g, '\r\n')}\r\n`, kept: ' diff --git a/evil.sh b/evil.sh' },
};

async function applyExport(summary: string): Promise<{ clone: string; base: string; to: string; repo: string }> {
  const { repo, mirror, base, to } = await mirroredRange(temp);
  const mbox = await formatPatch(mirror, base, to, { subject: 'Fix it', body: summary });
  return { clone: amIntoClone(temp, repo, base, mbox), base, to, repo };
}

describe('an mbox export whose message is hostile', () => {
  it.each(Object.entries(HOSTILE_SUMMARIES))('applies exactly the reviewed diff when the summary holds %s', async (_name, { summary, kept }) => {
    const { clone, base, to, repo } = await applyExport(summary);
    expect(sh(clone, ['rev-list', '--count', `${base}..HEAD`])).toBe('1');
    expect(sh(clone, ['rev-parse', 'HEAD^{tree}'])).toBe(sh(repo, ['rev-parse', `${to}^{tree}`]));
    expect(sh(clone, ['log', '-1', '--format=%an <%ae>|%s'])).toBe('Codebay <codebay@localhost>|Fix it');
    expect(sh(clone, ['log', '-1', '--format=%b'])).toContain(kept);
  });
});

describe('mailSafeBody', () => {
  it('leaves ordinary text, markdown lists and quotes alone', () => {
    const text = 'Fixed `add`.\n\n- **Cause**: a typo\n- Check: tests pass\n> quoted\n-- \nsignature-like';
    expect(mailSafeBody(text)).toBe(text);
  });

  it('indents only the lines git would read as mail structure', () => {
    expect(mailSafeBody('a\n---\ndiff -u x y\nIndex: x\nFrom: m@x\nsubject: s\nFrom 123 date\n>From 1\nb')).toBe(
      'a\n ---\n diff -u x y\n Index: x\n From: m@x\n subject: s\n From 123 date\n >From 1\nb',
    );
  });
});
