import path from 'node:path';
import { QUIET_FETCH } from '../git/fetchFlags.js';
import { identityEnv, type GitIdentity } from '../git/identity.js';
import type { Mirror } from '../git/mirror.js';
import { git, runGit } from '../git/run.js';
import { withScratchRepo } from '../git/scratch.js';
import { maskableSecrets } from './redact.js';
import { secretForms, secretOccurrences } from './secretForms.js';

/** The one commit Codebay makes of a turn's work in the sandbox (see commitWorkspace). */
export interface TurnCommit {
  base: string;
  message: string;
  /** The user, as their git config says (Codebay when it says nothing). */
  author: GitIdentity;
  committer: GitIdentity;
  /** Git's date form, `@<unix seconds> +0000`, for author and committer. */
  date: string;
}

export interface SecretInResult {
  /** The secret's name (an environment variable), never its value. */
  name: string;
  /** Files whose content holds it, or whose name does. */
  paths: string[];
}

export type ResultProblem = { kind: 'not-squashed'; head: string; expected: string } | { kind: 'secrets'; found: SecretInResult[] };

const RESULT_REF = 'refs/heads/result';

export function turnCommitEnv(commit: TurnCommit): Record<string, string> {
  return { ...identityEnv(commit.author, commit.committer), GIT_AUTHOR_DATE: commit.date, GIT_COMMITTER_DATE: commit.date };
}

/**
 * Checks a result bundle before anything of it reaches the mirror, in a throwaway repository:
 * its head must be exactly the commit Codebay asked the sandbox to make (its tree on the turn's
 * base, Codebay's message, author and date: so no history, author or message the agent made
 * leaves the sandbox), and no file it changes may hold a secret's value in any of the forms of
 * secretForms, in its content or its name, more often than at the base.
 */
export async function checkResult(mirror: Mirror, bundleFile: string, commit: TurnCommit, secrets: Record<string, string>): Promise<ResultProblem | null> {
  return withScratchRepo('result', await mirror.objectFormat(), path.join(mirror.gitDir, 'objects'), async ({ gitDir }) => {
    await git(['fetch', ...QUIET_FETCH, path.resolve(bundleFile), `+HEAD:${RESULT_REF}`], { gitDir });
    const head = await git(['rev-parse', '--verify', `${RESULT_REF}^{commit}`], { gitDir });
    const tree = await git(['rev-parse', '--verify', `${RESULT_REF}^{tree}`], { gitDir });
    const expected = await git(['commit-tree', '--no-gpg-sign', tree, '-p', commit.base, '-F', '-'], { gitDir, env: turnCommitEnv(commit), input: commit.message });
    if (head !== expected) return { kind: 'not-squashed', head, expected };
    const found = await secretsAdded(gitDir, commit.base, secrets);
    return found.length > 0 ? { kind: 'secrets', found } : null;
  });
}

async function secretsAdded(gitDir: string, base: string, secrets: Record<string, string>): Promise<SecretInResult[]> {
  const worthChecking = new Set(maskableSecrets(Object.values(secrets)));
  const named = Object.entries(secrets).filter(([, value]) => worthChecking.has(value));
  if (named.length === 0) return [];
  const changed = (await git(['diff', '--name-only', '-z', '--no-renames', '--diff-filter=AMT', base, RESULT_REF, '--'], { gitDir })).split('\0').filter(Boolean);
  if (changed.length === 0) return [];
  const [before, after] = await Promise.all([blobsAt(gitDir, base, changed), blobsAt(gitDir, RESULT_REF, changed)]);
  const found: SecretInResult[] = [];
  for (const [name, value] of named) {
    const forms = secretForms(value);
    const compactValue = value.replace(/\s+/g, '');
    const paths = changed.filter((file) => {
      const inName = !before.has(file) && (forms.some((form) => file.includes(form.toString('utf8'))) || file.replace(/\s+/g, '').includes(compactValue));
      if (inName) return true;
      const now = after.get(file);
      const then = before.get(file);
      return now !== undefined && secretOccurrences(now, value) > (then === undefined ? 0 : secretOccurrences(then, value));
    });
    if (paths.length > 0) found.push({ name, paths });
  }
  return found;
}

/** The blobs at `paths` in `revision` (files only: links and submodules hold no content to search). */
async function blobsAt(gitDir: string, revision: string, paths: readonly string[]): Promise<Map<string, Buffer>> {
  const listing = await runGit(['--literal-pathspecs', 'ls-tree', '-r', '-z', revision, '--', ...paths], { gitDir });
  const entries: { path: string; oid: string }[] = [];
  for (const record of listing.stdout.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid] = record.slice(0, tab).split(' ');
    if (type === 'blob' && mode !== '120000' && oid) entries.push({ path: record.slice(tab + 1), oid });
  }
  const blobs = new Map<string, Buffer>();
  if (entries.length === 0) return blobs;
  const { stdout } = await runGit(['cat-file', '--batch'], { gitDir, input: entries.map((e) => `${e.oid}\n`).join('') });
  let offset = 0;
  for (const entry of entries) {
    const headerEnd = stdout.indexOf(0x0a, offset);
    const size = Number(stdout.subarray(offset, headerEnd).toString('latin1').split(' ')[2]);
    blobs.set(entry.path, stdout.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return blobs;
}
