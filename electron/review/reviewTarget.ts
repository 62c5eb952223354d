import type { AgentBackendName } from '../../shared/agents.js';
import { describeTarget, type ReviewRequest, type ReviewTarget } from '../../shared/findings.js';
import { MODES } from '../../shared/modes.js';
import { ActionableError } from '../errors.js';
import { ensureMirror } from '../git/mirror.js';
import { resolveBase, validateRepo } from '../git/repo.js';
import { git } from '../git/run.js';
import { snapshotUncommitted } from '../git/snapshot.js';
import type { Store } from '../store/store.js';
import type { Environment } from '../store/types.js';
import { cliFindingsInstructions } from './findingsFromText.js';

/** A change to review, pinned to two commits in the app's mirror. */
export interface ResolvedReview {
  target: ReviewTarget;
  environment: Environment;
  repoPath: string;
  /** What the change starts from. */
  base: string;
  /** What the change ends at: the sandbox holds this version. */
  head: string;
  /** The ref the user named for the head, shown with the task. */
  headRef: string;
  title: string;
}

/**
 * Pins what a review looks at: a task's newest result against the commit it started from, a
 * branch against where it left its base (their merge base), or the working tree's uncommitted
 * changes (snapshotted now) against HEAD.
 */
export async function resolveReview(store: Store, dataDir: string, target: ReviewRequest, environment: Environment | undefined): Promise<ResolvedReview> {
  if (target.kind === 'task') return reviewOfTask(store, dataDir, target.taskId);
  if (!environment) throw new ActionableError(`Reviewing ${describeTarget(target)} needs an environment`, 'Pick the environment of the repository to review');
  if (!environment.repoPath) throw new ActionableError(`Environment "${environment.name}" has no repository`, 'Set its repository path first');
  const repo = await validateRepo(environment.repoPath);
  const mirror = await ensureMirror(dataDir, repo.root);
  await mirror.refresh();
  if (target.kind === 'branch') {
    const baseRef = target.base || environment.baseBranch || repo.headBranch || 'HEAD';
    const [head, baseTip] = await Promise.all([resolveBase(repo.root, target.branch), resolveBase(repo.root, baseRef)]);
    const base = await git(['merge-base', baseTip, head], { cwd: repo.root, scope: 'host', okExitCodes: [1] });
    if (!base) throw new ActionableError(`Branch ${target.branch} shares no history with ${baseRef}`, 'Pick the base it was branched from with --base');
    if (base === head) throw new ActionableError(`Branch ${target.branch} has no commits that ${baseRef} lacks`, 'Review a branch with changes of its own, or pick another base');
    await Promise.all([mirror.ensureCommit(head), mirror.ensureCommit(base)]);
    const pinned = { kind: 'branch', branch: target.branch, base: baseRef } as const;
    return { target: pinned, environment, repoPath: repo.root, base, head, headRef: target.branch, title: `Review of ${describeTarget(pinned)}` };
  }
  const base = await resolveBase(repo.root, 'HEAD');
  await mirror.ensureCommit(base);
  const snapshot = await snapshotUncommitted(repo.root, mirror, base);
  if (!snapshot.hasChanges) throw new ActionableError(`The working tree of ${repo.root} has no uncommitted changes`, 'Change some files first, or review a branch');
  return { target, environment, repoPath: repo.root, base, head: snapshot.commit, headRef: 'HEAD', title: `Review of ${describeTarget(target)}` };
}

async function reviewOfTask(store: Store, dataDir: string, taskId: string): Promise<ResolvedReview> {
  const reviewed = store.tasks.get(taskId);
  if (!reviewed) throw new ActionableError(`There is no task ${taskId} to review`, 'Pick a task from the list');
  if (!MODES[reviewed.mode].keepsChanges) {
    throw new ActionableError(`Task “${reviewed.title}” is a ${MODES[reviewed.mode].label} task, which changes no files`, 'Review a Code task, a branch or uncommitted changes');
  }
  const latest = store.turns.list(reviewed.id).filter((turn) => turn.resultRef).at(-1);
  if (!latest?.resultRef || !reviewed.baseCommit) {
    throw new ActionableError(`Task “${reviewed.title}” has no result yet (it is ${reviewed.status})`, 'Review it once a turn has finished');
  }
  const environment = reviewed.environmentId ? store.environments.get(reviewed.environmentId) : undefined;
  if (!environment) throw new ActionableError(`The environment of task “${reviewed.title}” was deleted`, 'Create the environment again, or review its branch instead');
  const mirror = await ensureMirror(dataDir, reviewed.repoPath);
  const head = await git(['rev-parse', '--verify', `${latest.resultRef}^{commit}`], { gitDir: mirror.gitDir });
  if (head === reviewed.baseCommit) throw new ActionableError(`Task “${reviewed.title}” changed no files`, 'There is nothing to review');
  const target = { kind: 'task', taskId: reviewed.id } as const;
  return { target, environment, repoPath: reviewed.repoPath, base: reviewed.baseCommit, head, headRef: reviewed.baseRef ?? 'HEAD', title: `Review of ${describeTarget(target, reviewed.title)}` };
}

/** The review turn's message: what changed between which commits, how to see it, and the user's focus. */
export function reviewTurnPrompt(review: ResolvedReview, focus: string, agent: AgentBackendName, reviewedTitle?: string): string {
  const parts = [
    `Review ${describeTarget(review.target, reviewedTitle)}: the change from commit ${review.base} (BASE) to the checked-out HEAD (${review.head.slice(0, 12)}). ` +
      `See it with \`git diff --stat ${review.base}\` and \`git diff ${review.base}\`; the files in the workspace are the version after the change.`,
  ];
  if (focus) parts.push(`Look closely at this:\n${focus}`);
  if (agent !== 'built-in') parts.push(cliFindingsInstructions());
  return parts.join('\n\n');
}
