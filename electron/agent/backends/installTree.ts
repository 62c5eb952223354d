import { chmod, lstat, open, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { ActionableError } from '../../errors.js';
import type { NpmCpu } from './architecture.js';

/** ELF e_machine values of the CPUs agent CLIs are installed for. */
const ELF_MACHINE: Record<NpmCpu, number> = { x64: 62, arm64: 183 };
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/**
 * Makes an install usable from any path, read-only, by the sandbox's user: every symbolic
 * link stays inside the install (an absolute or escaping one would point at nothing in the
 * sandbox), and everything is readable by all, as the sandbox user is not the host user and
 * npm follows the host's umask.
 */
export async function prepareForSandbox(root: string): Promise<void> {
  // mkdtemp made the root owner-only.
  await chmod(root, 0o755);
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = await readlink(full);
        const resolved = path.resolve(dir, target);
        if (path.isAbsolute(target) || path.relative(root, resolved).startsWith('..')) {
          throw new Error(`${path.relative(root, full)} links to ${target}, outside the install, where the sandbox cannot follow it`);
        }
        continue;
      }
      const { mode } = await lstat(full);
      if (entry.isDirectory()) {
        if ((mode & 0o555) !== 0o555) await chmod(full, mode | 0o555);
        pending.push(full);
      } else if (entry.isFile()) {
        const wanted = mode & 0o111 ? mode | 0o555 : mode | 0o444;
        if ((mode & wanted) !== wanted) await chmod(full, wanted);
      }
    }
  }
}

async function firstBytes(file: string, count: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Checks that `file` is a program Linux on `cpu` can start: a #! script, or an ELF binary for that
 * CPU. A package whose install script did not run (ignore-scripts, or a script that looked for
 * the host's platform instead of the sandbox's) leaves a placeholder that is neither.
 */
export async function checkExecutable(file: string, cpu: NpmCpu, agent: string): Promise<void> {
  const fix =
    `Run \`codebay agents install ${agent}\` to see npm's output. Install scripts must be allowed: ` +
    '`npm config get ignore-scripts` should print false, and npm\'s install-scripts warnings name the package to approve';
  let info;
  try {
    info = await lstat(file);
  } catch {
    throw new ActionableError(
      `npm finished, but ${agent}'s executable ${file} is missing: npm did not install the package that holds it for linux-${cpu}`,
      `Check that this version is published for linux-${cpu} (\`npm view\` the package named in the path), or run \`codebay agents install ${agent}\` to see npm's output`,
    );
  }
  if (!info.isFile() || (info.mode & 0o111) === 0) throw new ActionableError(`npm finished, but ${agent}'s executable ${file} is not an executable file`, fix);
  const head = await firstBytes(file, 20);
  if (head.subarray(0, 2).toString('latin1') === '#!') return;
  if (head.length < 20 || !head.subarray(0, 4).equals(ELF_MAGIC)) {
    throw new ActionableError(`npm finished, but ${agent}'s executable ${file} is a placeholder, not a program: the package's install script did not put the native binary for linux-${cpu} in place`, fix);
  }
  const machine = head.readUInt16LE(18);
  if (machine !== ELF_MACHINE[cpu]) {
    throw new ActionableError(
      `npm finished, but ${agent}'s executable ${file} is built for another CPU (ELF machine ${machine}), not linux-${cpu}`,
      'The package\'s install script picked the host\'s binary; install on a host with the same CPU as the Docker engine',
    );
  }
}
