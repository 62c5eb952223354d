import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureMirror, type Mirror } from '../../electron/git/mirror.js';

/** Test-side git, independent of the code under test: fixed identity, no user config. */
export function sh(cwd: string, args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): string {
  return shBytes(cwd, args, options).toString('utf8').replace(/\n$/, '');
}

export function shBytes(cwd: string, args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): Buffer {
  return execFileSync('git', args, {
    cwd,
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      LC_ALL: 'C',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: os.devNull,
      GIT_OPTIONAL_LOCKS: '0',
      GIT_AUTHOR_NAME: 'Tester',
      GIT_AUTHOR_EMAIL: 'tester@example.com',
      GIT_COMMITTER_NAME: 'Tester',
      GIT_COMMITTER_EMAIL: 'tester@example.com',
      ...options.env,
    },
  });
}

export class TempDirs {
  private readonly dirs: string[] = [];

  make(prefix = 'codebay-git-test-'): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  cleanup(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

export function write(root: string, relative: string, content: string | Buffer): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** A repository with one commit on main holding `files`. */
export function makeRepo(dir: string, files: Record<string, string | Buffer> = { 'README.md': '# demo\n' }): string {
  sh(dir, ['init', '--quiet', '--initial-branch=main', dir]);
  for (const [name, content] of Object.entries(files)) write(dir, name, content);
  commitAll(dir, 'initial');
  return dir;
}

export function commitAll(repo: string, message: string): string {
  sh(repo, ['add', '--all']);
  sh(repo, ['commit', '--quiet', '--allow-empty', '-m', message]);
  return sh(repo, ['rev-parse', 'HEAD']);
}

/** Binary content with NUL bytes and every byte value. */
export function binaryBlob(seed: number, size = 4096): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) % 256;
  return bytes;
}

/** A digest of every file under the repository's .git folder: any write shows. */
export function gitDirDigest(repo: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      hash.update(path.relative(repo, full));
      if (entry.isDirectory()) walk(full);
      else hash.update(readFileSync(full));
    }
  };
  walk(path.join(repo, '.git'));
  return hash.digest('hex');
}

export interface UserRepoState {
  head: string;
  headCommit: string;
  index: string;
  status: string;
}

/** What the user sees of their repository; taken without refreshing the index. */
export function userRepoState(repo: string): UserRepoState {
  return {
    head: readFileSync(path.join(repo, '.git', 'HEAD'), 'utf8'),
    headCommit: sh(repo, ['rev-parse', 'HEAD']),
    index: createHash('sha256').update(readFileSync(path.join(repo, '.git', 'index'))).digest('hex'),
    status: sh(repo, ['status', '--porcelain=v1', '-z', '--untracked-files=all']),
  };
}

/** A repository with a tracked change, a deletion, an untracked and an ignored file, and awkward names. */
export function makeDirtyRepo(dir: string): string {
  makeRepo(dir, {
    'README.md': '# demo\n',
    'src/app.txt': 'one\ntwo\nthree\n',
    'gone.txt': 'to be deleted\n',
    '.gitignore': 'build/\n*.log\n',
    'image.bin': binaryBlob(1),
  });
  write(dir, 'src/app.txt', 'one\nTWO\nthree\nfour\n');
  rmSync(path.join(dir, 'gone.txt'));
  write(dir, 'new file with spaces.txt', 'fresh\n');
  write(dir, 'line\nbreak.txt', 'newline in name\n');
  write(dir, 'ünïcødé/日本.txt', 'unicode\n');
  write(dir, 'image.bin', binaryBlob(2));
  write(dir, 'build/out.o', 'ignored\n');
  write(dir, 'debug.log', 'ignored\n');
  return dir;
}

/** Base and changed commits on main exercising every kind of change a diff must carry. */
export function makeChangeRange(dir: string): { repo: string; base: string; to: string } {
  const long = Array.from({ length: 40 }, (_, i) => `line ${i + 1} of a file long enough to be recognised when renamed`).join('\n') + '\n';
  const repo = makeRepo(dir, {
    'src/app.txt': 'one\ntwo\nthree\n',
    'gone.txt': 'to be deleted\n',
    'old name.txt': long,
    'image.bin': binaryBlob(1),
    'unchanged.txt': 'same\n',
  });
  const base = sh(repo, ['rev-parse', 'HEAD']);
  write(repo, 'src/app.txt', 'one\nTWO\nthree\nfour\n');
  rmSync(path.join(repo, 'gone.txt'));
  rmSync(path.join(repo, 'old name.txt'));
  write(repo, 'renamed dir/new name.txt', long.replace('line 5 of', 'LINE FIVE of'));
  write(repo, 'image.bin', binaryBlob(2));
  write(repo, 'fresh.bin', binaryBlob(3, 2048));
  write(repo, 'line\nbreak.txt', 'newline in name\n');
  write(repo, 'ünïcødé/日本.txt', 'unicode\nname\n');
  write(repo, '*.md', 'a file whose name is a glob\n');
  const to = commitAll(repo, 'changes');
  return { repo, base, to };
}

/** makeChangeRange's repository with a refreshed app mirror of it. */
export async function mirroredRange(temp: TempDirs): Promise<{ repo: string; mirror: Mirror; base: string; to: string }> {
  const range = makeChangeRange(temp.make());
  const mirror = await ensureMirror(temp.make(), range.repo);
  await mirror.refresh();
  return { ...range, mirror };
}

/** A clone of `repo` at `base` with the mbox applied by `git am`, as a user applying an export would. */
export function amIntoClone(temp: TempDirs, repo: string, base: string, mbox: Buffer): string {
  const file = path.join(temp.make(), 'task.mbox');
  writeFileSync(file, mbox);
  const clone = path.join(temp.make(), 'clone');
  sh(temp.make(), ['clone', '--quiet', repo, clone]);
  sh(clone, ['checkout', '--quiet', '-B', 'apply-here', base]);
  sh(clone, ['am', '--quiet', file]);
  return clone;
}
