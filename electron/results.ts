import { defaultBranchName, uniqueBranchName } from '../shared/branchName.js';
import { MODES } from '../shared/modes.js';
import { formatPushTarget, parsePushTarget } from '../shared/pushTarget.js';
import type { RefMove, ShippedView, ShipStateView } from '../shared/types.js';
import { applyToWorkingTree } from './git/applyToTree.js';
import { createBranch } from './git/branch.js';
import { numstat, type DiffSummary, unifiedDiff } from './git/diff.js';
import { fileVersions, type FileVersions, MAX_EDITOR_FILE_BYTES } from './git/fileVersions.js';
import { formatPatch } from './git/formatPatch.js';
import { CODEBAY_IDENTITY } from './git/identity.js';
import { repoUserIdentity } from './git/userIdentity.js';
import { ensureMirror, type Mirror } from './git/mirror.js';
import { pushBranch } from './git/push.js';
import { compareUrl, remoteWebUrl } from './git/remoteWeb.js';
import { git } from './git/run.js';
import { committedFile } from './git/treeEntry.js';
import { ActionableError } from './errors.js';
import type { Store } from './store/store.js';
import type { Task } from './store/types.js';

export type PatchFormat = 'patch' | 'mbox';

export interface FileAtView {
  commit: string;
  /** Null when the file is binary or too large to show. */
  content: string | null;
  binary: boolean;
  tooLarge: boolean;
}

interface TurnResult {
  turn: number;
  commit: string;
}

interface Range {
  mirror: Mirror;
  from: string;
  to: string;
}

function turnOf(turns: readonly TurnResult[], commit: string | null): number | null {
  return turns.find((t) => t.commit === commit)?.turn ?? null;
}

/** The full id of `revision` in the user's repository, or null when it has no such commit. */
async function commitAt(repoRoot: string, revision: string): Promise<string | null> {
  const out = await git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { cwd: repoRoot, scope: 'host', okExitCodes: [1] });
  return out || null;
}

/** A branch's move told against the task's turns; `from` may be abbreviated (as a remote reported it). */
async function refMove(repoRoot: string, turns: readonly TurnResult[], change: RefMove['change'], from: string | null, to: string): Promise<RefMove> {
  const known = from && /^[0-9a-f]{4,64}$/.test(from) ? await commitAt(repoRoot, from) : null;
  const fullFrom = known ?? from;
  const commits = change === 'updated' && known ? Number(await git(['rev-list', '--count', `${known}..${to}`], { cwd: repoRoot, scope: 'host' })) : null;
  return { change, from: fullFrom, to, fromTurn: turnOf(turns, fullFrom), toTurn: turnOf(turns, to), commits };
}

/** The same refusal for every way out, so export, branch and push agree on a task without changes. */
function noChanges(task: Task, action: string): ActionableError {
  return new ActionableError(`“${task.title}” changed no files, so there is nothing to ${action}`, 'Send a follow-up asking for the change, or retry the task');
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
    // A review's diff is the change it reviews; its own turns change nothing.
    if (task.reviewBase && task.baseCommit) return { mirror: await ensureMirror(this.dataDir, task.repoPath), from: task.reviewBase, to: task.baseCommit };
    const { mirror, turns } = await this.turnResults(task);
    const base = task.baseCommit ?? '';
    const latest = turns.at(-1);
    if (turn === undefined) return { mirror, from: base, to: latest?.commit ?? '' };
    const index = turns.findIndex((t) => t.turn === turn);
    const chosen = turns[index];
    if (!chosen) {
      throw new ActionableError(`“${task.title}” has no result for turn ${turn}`, `Choose one of the turns ${turns.map((t) => t.turn).join(', ')}`);
    }
    return { mirror, from: turns[index - 1]?.commit ?? base, to: chosen.commit };
  }

  /** The commit of each turn with a result, oldest first; refuses a task that has none yet. */
  private async turnResults(task: Task): Promise<{ mirror: Mirror; turns: TurnResult[] }> {
    const turns = this.store.turns.list(task.id).filter((t) => t.resultRef);
    if (turns.length === 0 || !task.baseCommit) {
      throw new ActionableError(`“${task.title}” has no result yet (it is ${task.status})`, 'Wait until a turn has finished');
    }
    const mirror = await ensureMirror(this.dataDir, task.repoPath);
    const commits = (await git(['rev-parse', ...turns.map((t) => `${t.resultRef}^{commit}`)], { gitDir: mirror.gitDir })).split('\n');
    return { mirror, turns: turns.map((t, i) => ({ turn: t.turn, commit: commits[i] ?? '' })) };
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

  /**
   * One file as the task saw it (its latest result, else the commit it started from), for
   * citations of tasks without a diff. Binary and oversized files come back without content.
   */
  async fileAt(taskId: string, filePath: string): Promise<FileAtView> {
    const task = this.requireTask(taskId);
    if (!task.baseCommit) throw new ActionableError(`“${task.title}” has not started yet, so it has no commit to read ${filePath} from`, 'Wait until its sandbox has started');
    const hasResult = this.store.turns.list(task.id).some((t) => t.resultRef);
    const { mirror, commit } = hasResult
      ? await this.turnResults(task).then(({ mirror, turns }) => ({ mirror, commit: turns.at(-1)?.commit ?? task.baseCommit ?? '' }))
      : { mirror: await ensureMirror(this.dataDir, task.repoPath), commit: task.baseCommit };
    const file = await committedFile(mirror, commit, filePath, MAX_EDITOR_FILE_BYTES + 1);
    const empty = { commit, content: null, binary: false, tooLarge: false };
    if (file.kind === 'missing') throw new ActionableError(`${filePath} is not in the repository at ${commit.slice(0, 10)}`, 'The agent may have cited a path that does not exist; ask it in a follow-up');
    if (file.kind === 'not a regular file') throw new ActionableError(`${filePath} is not a regular file at ${commit.slice(0, 10)}`, 'Open it in your own checkout');
    if (file.content.length > MAX_EDITOR_FILE_BYTES) return { ...empty, tooLarge: true };
    if (file.content.subarray(0, 8000).includes(0)) return { ...empty, binary: true };
    return { ...empty, content: file.content.toString('utf8') };
  }

  /** Applies the task's whole change to the user's working tree (see applyToWorkingTree); HEAD and branches stay. */
  async applyToWorkingTree(taskId: string): Promise<{ files: number; conflicts: string[] }> {
    const task = this.requireShippable(taskId, 'apply');
    const { mirror, from, to } = await this.range(taskId);
    const patch = await unifiedDiff(mirror, from, to);
    if (patch.length === 0) throw noChanges(task, 'apply');
    const { conflicts } = await applyToWorkingTree(task.repoPath, patch, `“${task.title}”`);
    return { files: (await numstat(mirror, from, to)).files.length, conflicts };
  }

  async exportPatch(taskId: string, format: PatchFormat): Promise<Buffer> {
    const task = this.requireShippable(taskId, 'export');
    const { mirror, from, to } = await this.range(taskId);
    const body = format === 'mbox' ? await formatPatch(mirror, from, to, { subject: task.title, body: this.summaryOf(task), author: (await repoUserIdentity(task.repoPath)) ?? CODEBAY_IDENTITY }) : await unifiedDiff(mirror, from, to);
    if (body.length === 0) throw noChanges(task, 'export');
    this.store.tasks.update(taskId, { exportedAt: Date.now() });
    return body;
  }

  /**
   * Puts the task's latest result on a branch in the user's repository; their working tree,
   * index and HEAD stay as they are. The task's own branch (created or pushed before) moves
   * when that is a fast-forward; any other existing branch, or a diverged one, only with force.
   */
  async branch(taskId: string, name: string | undefined, force = false): Promise<{ name: string; commit: string; move: RefMove }> {
    const task = this.requireShippable(taskId, 'put on a branch');
    const { mirror, turns } = await this.turnResults(task);
    const latest = turns.at(-1)?.commit ?? '';
    if (latest === task.baseCommit) throw noChanges(task, 'put on a branch');
    const branchName = name?.trim() || (await this.suggestedBranch(task));
    const own = branchName === task.branchName || branchName === parsePushTarget(task.pushedTo)?.branch;
    const created = await createBranch(task.repoPath, mirror, latest, branchName, { force, fastForward: own });
    this.store.tasks.update(taskId, { branchName, branchedAt: Date.now() });
    return { name: branchName, commit: created.commit, move: await refMove(task.repoPath, turns, created.change, created.previous ?? null, created.commit) };
  }

  /**
   * Pushes the task's branch (brought up to date first) to a remote of the user's repository:
   * by default to the remote and branch it was pushed to before, as a fast-forward.
   */
  async push(taskId: string, remote: string | undefined, branch?: string, force = false): Promise<{ remote: string; branch: string; output: string; move: RefMove }> {
    const task = this.requireTask(taskId);
    const recorded = parsePushTarget(task.pushedTo);
    const target = remote ?? recorded?.remote;
    if (!target) {
      throw new ActionableError(`“${task.title}” has not been pushed yet, so there is no remote to push it to again`, 'Name the remote, e.g. `codebay push ID --remote origin`');
    }
    const { name } = await this.branch(taskId, branch?.trim() || (target === recorded?.remote ? recorded.branch : undefined), force);
    const pushed = await pushBranch(task.repoPath, target, name, { force });
    this.store.tasks.update(taskId, { pushedTo: formatPushTarget({ remote: target, branch: name }), pushedAt: Date.now() });
    const { turns } = await this.turnResults(task);
    return { remote: target, branch: name, output: pushed.output, move: await refMove(task.repoPath, turns, pushed.change, pushed.from, pushed.to) };
  }

  /** The task's own branch, else codebay/<title slug>, or that with the end of the task's id when a branch of that name is taken. */
  async suggestedBranch(task: Task): Promise<string> {
    if (task.branchName) return task.branchName;
    const plain = defaultBranchName(task);
    return (await commitAt(task.repoPath, `refs/heads/${plain}`)) === null ? plain : uniqueBranchName(task);
  }

  /** Where the task's branch and pushed branch point now, and which turn that is; read from git, nothing fetched. */
  async shipState(taskId: string): Promise<ShipStateView> {
    const task = this.requireTask(taskId);
    if (!this.store.turns.list(task.id).some((t) => t.resultRef)) return { latest: null, branch: null, pushed: null, pullRequestUrl: null, suggestedBranch: await this.suggestedBranch(task) };
    const { turns } = await this.turnResults(task);
    const latest = turns.at(-1) ?? null;
    const shipped = async (name: string, remote: string | null): Promise<ShippedView> => {
      // A push updates the remote-tracking ref too (with the default fetch refspec), so it
      // tells where the remote branch was as of the last push or fetch, offline.
      const commit = await commitAt(task.repoPath, remote ? `refs/remotes/${remote}/${name}` : `refs/heads/${name}`);
      return { name, remote, commit, turn: turnOf(turns, commit) };
    };
    const pushed = parsePushTarget(task.pushedTo);
    const web = pushed ? await remoteWebUrl(task.repoPath, pushed.remote).catch(() => null) : null;
    return {
      latest,
      branch: task.branchName ? await shipped(task.branchName, null) : null,
      pushed: pushed ? await shipped(pushed.branch, pushed.remote) : null,
      pullRequestUrl: pushed && web ? compareUrl(web, pushed.branch, task.baseRef ?? undefined) : null,
      suggestedBranch: await this.suggestedBranch(task),
    };
  }

  /** The forge's compare page for the pushed branch, for GitHub-, GitLab- and Bitbucket-like remotes. */
  async pullRequestUrl(taskId: string, remote: string): Promise<string> {
    const task = this.requireTask(taskId);
    const branch = task.branchName;
    if (!branch) throw new ActionableError(`“${task.title}” has no branch yet`, 'Create a branch or push first');
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

  /** Only a mode that keeps its changes has a result to export, branch or push. */
  private requireShippable(taskId: string, action: string): Task {
    const task = this.requireTask(taskId);
    const mode = MODES[task.mode];
    if (mode.keepsChanges) return task;
    throw new ActionableError(
      `${mode.label} tasks change no files, so “${task.title}” has nothing to ${action}`,
      mode.reviews ? 'Choose Fix this on a finding to have the agent change the code' : 'Start a Code task to have the agent make changes',
    );
  }

  private requireTask(taskId: string): Task {
    const task = this.store.tasks.get(taskId);
    if (!task) throw new ActionableError(`There is no task ${taskId}`, 'List tasks with `codebay ls`');
    return task;
  }
}
