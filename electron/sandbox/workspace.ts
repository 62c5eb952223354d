import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { errorText } from '../errors.js';
import { isObjectId } from '../git/refs.js';
import { WORKSPACE_DIR } from './containerConfig.js';
import { runChecked } from './runChecked.js';
import type { Sandbox } from './sandbox.js';
import { ACCOUNTS } from './users.js';

const COMMIT_PATTERN = /^[0-9a-f]{7,64}$/i;
const DEFAULT_TIMEOUT_MS = 300_000;
/** The largest result bundle taken out of a sandbox; a turn's changes beyond it are refused, not truncated. */
export const MAX_RESULT_BUNDLE_BYTES = 1024 ** 3;

/** The branch a task's workspace is on, made from the base commit. */
export const WORKSPACE_BRANCH = 'codebay';

export interface WorkspaceOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface PrepareWorkspaceOptions extends WorkspaceOptions {
  /** The branch the agent finds itself on. */
  branch?: string;
  authorName?: string;
  authorEmail?: string;
}

function assertCommit(commit: string, role: string): void {
  if (!COMMIT_PATTERN.test(commit)) {
    throw new Error(`The ${role} "${commit}" is not a commit id: give a full or abbreviated hexadecimal sha`);
  }
}

/**
 * The commit id a sandbox answered. Everything a sandbox prints is hostile: an agent process
 * can write into the output of Codebay's own commands there, so an answer that is not a bare
 * object id means the housekeeping was interfered with, and nothing built from it is used.
 */
function reportedCommit(sandbox: Sandbox, answer: string, what: string): string {
  const id = answer.trim();
  // A full object id, SHA-1 or SHA-256, is all a sandbox may answer when asked for a commit.
  if (isObjectId(id)) return id;
  throw new Error(
    `The sandbox ${sandbox.label} answered ${JSON.stringify(id.slice(0, 120))} when asked for ${what}, which is not a commit id. ` +
      'A process in the sandbox interfered with Codebay\'s housekeeping, so its result was not collected; retry the task',
  );
}

function scratchPath(kind: string): string {
  return `/tmp/codebay-${kind}-${randomBytes(6).toString('hex')}.bundle`;
}

/** Runs as the agent so every file it creates is the agent's; the bundle is removed either way. */
const CLONE_SCRIPT = `
set -eu
bundle=$1 commit=$2 branch=$3 name=$4 email=$5
trap 'rm -f "$bundle"' EXIT
git clone --quiet --no-checkout "$bundle" .
git checkout --quiet -B "$branch" "$commit^{commit}"
git remote remove origin
git config user.name "$name"
git config user.email "$email"
git rev-parse HEAD
`;

/**
 * Fills /workspace from a git bundle (made by the git layer) at `commit`, with history,
 * owned by the agent, with a committer identity. Returns the checked-out commit.
 */
export async function prepareWorkspace(sandbox: Sandbox, bundleFile: string, commit: string, options: PrepareWorkspaceOptions = {}): Promise<string> {
  assertCommit(commit, 'base commit');
  const inside = scratchPath('in');
  await sandbox.copyBundleIn(bundleFile, inside, 'agent');
  const common = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: options.signal };
  await chownWorkspace(sandbox, common);
  const { stdout } = await runChecked(
    sandbox,
    ['sh', '-c', CLONE_SCRIPT, 'codebay-clone', inside, commit, options.branch ?? WORKSPACE_BRANCH, options.authorName ?? 'Codebay', options.authorEmail ?? 'codebay@localhost'],
    {
      ...common,
      user: 'agent',
      cwd: WORKSPACE_DIR,
      what: `Checking out ${commit} from ${path.basename(bundleFile)}`,
      fix: 'Check that the bundle contains the commit and that the sandbox workspace was empty',
    },
  );
  return reportedCommit(sandbox, stdout, `the commit it checked out`);
}

/** Makes /workspace the agent's again, e.g. after a setup script running as root wrote into it. */
export async function chownWorkspace(sandbox: Sandbox, options: WorkspaceOptions = {}): Promise<void> {
  const { uid, gid } = ACCOUNTS.agent;
  await runChecked(sandbox, ['chown', '-R', `${uid}:${gid}`, WORKSPACE_DIR], {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    user: 'root',
    cwd: '/',
    what: `Giving ${WORKSPACE_DIR} to the agent user`,
    fix: 'Check the sandbox has not run out of disk space or processes',
  });
}

/**
 * The turn's work as one commit on its base, whatever commits the agent made: the tree of
 * everything in the workspace, with the message, author and date the engine gives (in the
 * environment, over any git config of the agent's), and HEAD moved to it. With no change
 * from the base, HEAD goes back to the base and nothing is printed. Hooks and a file-system
 * monitor configured by the agent do not run.
 */
const COMMIT_SCRIPT = `
set -eu
base=$1 message=$2
git -c core.fsmonitor=false add --all
tree=$(git write-tree)
if [ "$tree" = "$(git rev-parse --verify "$base^{tree}")" ]; then
  git update-ref HEAD "$base"
  exit 0
fi
commit=$(printf '%s' "$message" | git commit-tree --no-gpg-sign "$tree" -p "$base" -F -)
git update-ref HEAD "$commit"
git rev-parse HEAD
`;

export interface WorkspaceCommit {
  base: string;
  message: string;
  /** GIT_AUTHOR_* and GIT_COMMITTER_* (names, emails, dates) of the commit. */
  env: Record<string, string>;
}

/** Commits everything in the workspace as one commit on `base`; its sha, or null when nothing changed from the base. */
export async function commitWorkspace(sandbox: Sandbox, commit: WorkspaceCommit, options: WorkspaceOptions = {}): Promise<string | null> {
  assertCommit(commit.base, 'base commit');
  const { stdout } = await runChecked(sandbox, ['sh', '-c', COMMIT_SCRIPT, 'codebay-commit', commit.base, commit.message], {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    user: 'agent',
    cwd: WORKSPACE_DIR,
    env: commit.env,
    what: 'Committing the workspace',
    fix: 'Check the workspace is a git repository made by prepareWorkspace',
  });
  return stdout.trim() === '' ? null : reportedCommit(sandbox, stdout, 'the commit of its workspace');
}

export async function workspaceHead(sandbox: Sandbox, options: WorkspaceOptions = {}): Promise<string> {
  const { stdout } = await runChecked(sandbox, ['git', 'rev-parse', 'HEAD'], {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    user: 'agent',
    cwd: WORKSPACE_DIR,
    what: 'Reading the workspace HEAD',
    fix: 'Check the workspace is a git repository made by prepareWorkspace',
  });
  return reportedCommit(sandbox, stdout, 'its HEAD commit');
}

const BUNDLE_SCRIPT = `
set -eu
base=$1 out=$2
if [ "$(git rev-list --count "$base..HEAD")" -eq 0 ]; then exit 0; fi
git bundle create --quiet "$out" "$base..HEAD"
git rev-parse HEAD
`;

export interface OutgoingBundle {
  /** Local path of the bundle; its one ref is HEAD, its prerequisite the base. */
  path: string;
  head: string;
}

/**
 * Bundles the commits after `baseCommit` and copies the bundle into `outDir` (an empty folder
 * of the engine's) under a name the engine chooses, for the engine to verify and fetch into
 * its mirror. Null when HEAD has nothing beyond the base.
 */
export async function bundleOut(sandbox: Sandbox, baseCommit: string, outDir: string, options: WorkspaceOptions & { maxBytes?: number } = {}): Promise<OutgoingBundle | null> {
  assertCommit(baseCommit, 'base commit');
  const inside = scratchPath('out');
  const common = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: options.signal, user: 'agent' as const, cwd: WORKSPACE_DIR };
  const { stdout } = await runChecked(sandbox, ['sh', '-c', BUNDLE_SCRIPT, 'codebay-bundle', baseCommit, inside], {
    ...common,
    what: `Bundling the commits after ${baseCommit}`,
    fix: 'Check the base commit is in the workspace history',
  });
  if (!stdout.trim()) return null;
  const head = reportedCommit(sandbox, stdout, 'the head of its result bundle');
  const local = path.join(outDir, 'result.bundle');
  const maxBytes = options.maxBytes ?? MAX_RESULT_BUNDLE_BYTES;
  try {
    await sandbox.copyFileOut(inside, local, maxBytes);
  } catch (error) {
    throw new Error(`The result of sandbox ${sandbox.label} could not be taken out: ${errorText(error)}. Keep a turn's changes under ${maxBytes} bytes (large generated files belong in .gitignore)`, { cause: error });
  } finally {
    await runChecked(sandbox, ['rm', '-f', inside], { ...common, what: 'Removing the outgoing bundle', fix: 'Ignore it; the sandbox is discarded later' });
  }
  return { path: local, head };
}
