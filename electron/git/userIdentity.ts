import { CONTROL_CHARACTER } from '../plainText.js';
import type { GitIdentity } from './identity.js';
import { git } from './run.js';

const MAX_FIELD = 200;

/**
 * Who the user commits as in this repository (their git config: repository, global, system),
 * or null when either part is unset or unusable in a commit header.
 */
export async function repoUserIdentity(repoRoot: string): Promise<GitIdentity | null> {
  const read = (key: string): Promise<string> => git(['config', '--get', key], { cwd: repoRoot, scope: 'host', okExitCodes: [1] }).catch(() => '');
  const [name, email] = (await Promise.all([read('user.name'), read('user.email')])).map((value) => value.trim());
  const usable = (value: string | undefined): value is string => !!value && value.length <= MAX_FIELD && !CONTROL_CHARACTER.test(value) && !/[<>]/.test(value);
  return usable(name) && usable(email) ? { name, email } : null;
}
