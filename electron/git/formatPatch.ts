import { ActionableError } from '../errors.js';
import { treeOf } from './diff.js';
import type { GitIdentity } from './identity.js';
import { CODEBAY_IDENTITY, identityEnv } from './identity.js';
import type { Mirror } from './mirror.js';
import { assertRevision } from './refs.js';
import { git, runGit } from './run.js';

export interface PatchMessage {
  subject: string;
  body?: string;
  author?: GitIdentity;
}

/**
 * The whole range `from..to` as one mail-formatted patch (mbox) that `git am`
 * applies as a single commit. The squashed commit exists only in the mirror,
 * unreferenced, and is collected by git's gc.
 */
export async function formatPatch(mirror: Mirror, from: string, to: string, message: PatchMessage): Promise<Buffer> {
  assertRevision(from, 'From');
  assertRevision(to, 'To');
  const [fromTree, toTree] = await Promise.all([treeOf(mirror, from), treeOf(mirror, to)]);
  if (fromTree === toTree) {
    throw new ActionableError(`There are no changes between ${from} and ${to} to export`, 'Export a turn that changed files');
  }
  const parent = await git(['rev-parse', '--verify', `${from}^{commit}`], { gitDir: mirror.gitDir });
  const subject = message.subject.replace(/\s+/g, ' ').trim() || 'Changes made with Codebay';
  const body = message.body === undefined ? undefined : mailSafeBody(message.body);
  const squashed = await git(['commit-tree', '--no-gpg-sign', toTree, '-p', parent, '-F', '-'], {
    gitDir: mirror.gitDir,
    env: identityEnv(message.author ?? CODEBAY_IDENTITY),
    input: body ? `${subject}\n\n${body}\n` : `${subject}\n`,
  });
  const { stdout } = await runGit(
    ['format-patch', '--stdout', '--no-signature', '--binary', '--full-index', '--find-renames', '--no-color', '-1', squashed],
    { gitDir: mirror.gitDir },
  );
  return stdout;
}

/**
 * Lines that `git mailsplit`/`git mailinfo` would read as structure rather than message text:
 * a new message ("From "), in-body headers that replace the author or subject ("From:",
 * "Subject:", "Date:"), or the start of the patch ("---", "diff -", "Index: "). A body that
 * holds one of them could make `git am` apply changes that are not in the reviewed diff.
 */
const MAIL_STRUCTURE = /^(?:>*From\s|(?:From|Subject|Date|Author):|-{3}|diff\s|Index:)/i;

/** The body with every structural line indented one space, which git am keeps as plain text. */
export function mailSafeBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => (MAIL_STRUCTURE.test(line) ? ` ${line}` : line))
    .join('\n');
}
