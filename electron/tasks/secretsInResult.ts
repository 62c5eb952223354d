import path from 'node:path';
import { QUIET_FETCH } from '../git/fetchFlags.js';
import type { Mirror } from '../git/mirror.js';
import { git, runGit } from '../git/run.js';
import { withScratchRepo } from '../git/scratch.js';
import { maskableSecrets } from './redact.js';

export interface SecretInResult {
  /** The secret's name (an environment variable), never its value. */
  name: string;
  paths: string[];
}

const RESULT_REF = 'refs/heads/result';

/**
 * The secrets whose values a result bundle writes into files (on more lines than at `from`).
 * It is read in a throwaway repository, so a result that is refused never reaches the mirror.
 */
export async function secretsAddedByBundle(mirror: Mirror, bundleFile: string, from: string, secrets: Record<string, string>): Promise<SecretInResult[]> {
  const worthChecking = new Set(maskableSecrets(Object.values(secrets)));
  const named = Object.entries(secrets).filter(([, value]) => worthChecking.has(value) && !value.includes('\n'));
  if (named.length === 0) return [];
  return withScratchRepo('secrets', await mirror.objectFormat(), path.join(mirror.gitDir, 'objects'), async ({ gitDir }) => {
    await git(['fetch', ...QUIET_FETCH, path.resolve(bundleFile), `+HEAD:${RESULT_REF}`], { gitDir });
    const changed = (await git(['diff', '--name-only', '-z', '--no-renames', from, RESULT_REF, '--'], { gitDir })).split('\0').filter(Boolean);
    if (changed.length === 0) return [];
    const found: SecretInResult[] = [];
    for (const [name, value] of named) {
      const [before, after] = await Promise.all([linesHolding(gitDir, from, value, changed), linesHolding(gitDir, RESULT_REF, value, changed)]);
      const paths = [...after].filter(([file, lines]) => lines > (before.get(file) ?? 0)).map(([file]) => file);
      if (paths.length > 0) found.push({ name, paths });
    }
    return found;
  });
}

/** Per file, how many lines hold the value; binary files are searched as text. */
async function linesHolding(gitDir: string, revision: string, value: string, paths: readonly string[]): Promise<Map<string, number>> {
  // The value goes in on stdin, never on a command line other users of the machine can read.
  const { stdout } = await runGit(['--literal-pathspecs', 'grep', '--no-color', '--no-textconv', '-c', '-a', '-F', '-z', '-f', '-', revision, '--', ...paths], {
    gitDir,
    input: `${value}\n`,
    okExitCodes: [1],
  });
  const counts = new Map<string, number>();
  for (const record of stdout.toString('utf8').split('\n')) {
    const nul = record.lastIndexOf('\0');
    if (nul < 0) continue;
    counts.set(record.slice(revision.length + 1, nul), Number(record.slice(nul + 1)));
  }
  return counts;
}
