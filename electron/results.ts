import { defaultBranchName } from '../shared/branchName.js';
import { createBranch } from './git/branch.js';
import { numstat, type DiffSummary, unifiedDiff } from './git/diff.js';
import { fileVersions, type FileVersions } from './git/fileVersions.js';
import { formatPatch } from './git/formatPatch.js';
import { ensureMirror, type Mirror } from './git/mirror.js';
import { pushBranch } from './git/push.js';
import { compareUrl, remoteWebUrl } from './git/remoteWeb.js';
import { git } from './git/run.js';
import { ActionableError } from './errors.js';
import type { Store } from './store/store.js';
import type { Task } from './store/types.js';

export type PatchFormat = 'patch' | 'mbox';

interface Range {
  mirror: Mirror;
  from: string;
  to: string;
}

/** Everything that leaves a task, read from the app's mirror: diffs, patches, branches, pushes. */
export class Results {
  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
  ) {}

  /** The range of one turn (turn > 0) or of the whole task (turn omitted). */
  async range(taskId: string, turn?: number): Promise<Range> {
    const task = this.requireTask(taskId);
    const turns = this.store.turns.list(task.id).filter((t) => t.resultRef);
    if (turns.length === 0 || !task.baseCommit) {
      throw new ActionableError(`Task ${taskId} has no result yet (status ${task.status})`, 'Wait until a turn has finished');
    }
    const mirror = await ensureMirror(this.dataDir, task.repoPath);
    const commitOf = (ref: string): Promise<string> => git(['rev-parse', '--verify', `${ref}^{commit}`], { gitDir: mirror.gitDir });
    if (turn === undefined) return { mirror, from: task.baseCommit, to: await commitOf(turns.at(-1)?.resultRef ?? '') };
    const index = turns.findIndex((t) => t.turn === turn);
    const chosen = turns[index];
    if (!chosen?.resultRef) {
      throw new ActionableError(`Task ${taskId} has no result for turn ${turn}`, `Choose one of the turns ${turns.map((t) => t.turn).join(', ')}`);
    }
    const previous = turns[index - 1]?.resultRef;
    return { mirror, from: previous ? await commitOf(previous) : task.baseCommit, to: await commitOf(chosen.resultRef) };
  }

  async stats(taskId: string, turn?: number): Promise<DiffSummary> {
    const { mirror, from, to } = await this.range(taskId, turn);
    return numstat(mirror, from, to);
  }

  async diff(taskId: string, turn?: number): Promise<Buffer> {
    const { mirror, from, to } = await this.range(taskId, turn);
    return unifiedDiff(mirror, from, to);
  }

  async file(taskId: string, filePath: string, oldPath: string | undefined, turn?: number): Promise<FileVersions> {
    const { mirror, from, to } = await this.range(taskId, turn);
    return fileVersions(mirror, from, to, filePath, oldPath ?? filePath);
  }

  async exportPatch(taskId: string, format: PatchFormat): Promise<Buffer> {
    const task = this.requireTask(taskId);
    const { mirror, from, to } = await this.range(taskId);
    const body = format === 'mbox' ? await formatPatch(mirror, from, to, { subject: task.title, body: this.summaryOf(task) }) : await unifiedDiff(mirror, from, to);
    if (body.length === 0) throw new ActionableError(`Task ${taskId} changed no files`, 'There is nothing to export');
    this.store.tasks.update(taskId, { exportedAt: Date.now() });
    return body;
  }

  /** Creates a branch in the user's repository; their working tree, index and HEAD stay as they are. */
  async branch(taskId: string, name: string | undefined, force = false): Promise<{ name: string; commit: string }> {
    const task = this.requireTask(taskId);
    const { mirror, to } = await this.range(taskId);
    const branchName = name?.trim() || task.branchName || defaultBranchName(task);
    const created = await createBranch(task.repoPath, mirror, to, branchName, { force: force || branchName === task.branchName });
    this.store.tasks.update(taskId, { branchName, branchedAt: Date.now() });
    return { name: branchName, commit: created.commit };
  }

  /** Pushes the task's branch (creating it first when needed) to a remote of the user's repository. */
  async push(taskId: string, remote: string, branch?: string, force = false): Promise<{ remote: string; branch: string; output: string }> {
    const { name } = await this.branch(taskId, branch, force);
    const task = this.requireTask(taskId);
    const pushed = await pushBranch(task.repoPath, remote, name, { force });
    this.store.tasks.update(taskId, { pushedTo: `${remote} ${name}`, pushedAt: Date.now() });
    return { remote, branch: name, output: pushed.output };
  }

  /** The forge's compare page for the pushed branch, for GitHub-, GitLab- and Bitbucket-like remotes. */
  async pullRequestUrl(taskId: string, remote: string): Promise<string> {
    const task = this.requireTask(taskId);
    const branch = task.branchName;
    if (!branch) throw new ActionableError(`Task ${taskId} has no branch yet`, 'Create a branch or push first');
    const web = await remoteWebUrl(task.repoPath, remote);
    if (!web) throw new ActionableError(`Remote "${remote}" is not a GitHub, GitLab or Bitbucket repository`, 'Open a pull request on your forge by hand');
    return compareUrl(web, branch, task.baseRef ?? undefined);
  }

  private summaryOf(task: Task): string {
    return this.store.turns
      .list(task.id)
      .filter((t) => t.summary)
      .map((t) => t.summary)
      .join('\n\n');
  }

  private requireTask(taskId: string): Task {
    const task = this.store.tasks.get(taskId);
    if (!task) throw new ActionableError(`There is no task ${taskId}`, 'List tasks with `codebay ls`');
    return task;
  }
}
