import { defaultBranchName, uniqueBranchName } from '../shared/branchName.js';
import { commitMessageProblem, normalizeCommitMessage } from '../shared/commitMessage.js';
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
import { commitMessageOf, commitSubjects, makeShipCommit } from './git/shipCommit.js';
import { committedFile } from './git/treeEntry.js';
import { ActionableError, checkField, FieldError } from './errors.js';
import { planShip, type ShipPlan, type TurnResult } from './shipPlan.js';
import { shipCommitMessage } from './tasks/shipCommitMessage.js';
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

interface Range {
  mirror: Mirror;
  from: string;
  to: string;
}

/** The commit Codebay last shipped the task with the user's message, as the turn whose tree it has. */
function shippedOf(task: Task): TurnResult | null {
  return task.shipCommit && task.shipTurn !== null ? { turn: task.shipTurn, commit: task.shipCommit } : null;
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

/** A commit message the user wrote, refused with what is wrong with it, else as git's own `commit` would keep it. */
function checkedMessage(message: string): string {
  const problem = commitMessageProblem(message);
  if (problem) throw new ActionableError(problem.what, problem.fix);
  return normalizeCommitMessage(message);
}

/** The commit a branch gets: a turn's own, or one Codebay made with the user's message (`made`). */
interface ShipCommit {
  commit: string;
  turn: number;
  made: boolean;
}

/**
 * The commit a branch gets without a message: the newest turn's, or, when the branch already
 * holds it in a commit shipped with the user's message, that commit. New turns cannot go onto
 * such a commit as they are (they build on the turn before it), so that is refused with the way out.
 */
function shipAsIs(task: Task, latest: TurnResult, plan: ShipPlan, branchName: string, head: string | null, force: boolean): ShipCommit {
  if (plan.turns.length === 0) return { commit: plan.parent, turn: latest.turn, made: false };
  if (!force && head !== null && head === task.shipCommit) {
    throw new ActionableError(
      `${branchName} holds the commit Codebay made with your message for turn ${task.shipTurn} of “${task.title}”, and the turn commits since do not build on it`,
      'Ship with a commit message (`-m`, or the field in the app) to add them as one commit on it; replacing the branch (--force) would put the turn commits there instead',
    );
  }
  return { ...latest, made: false };
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
    const { mirror, commit } = this.hasResult(task.id)
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
   * With `message`, the branch gets one commit with it instead of the turn commits (see shipWith).
   */
  async branch(taskId: string, name: string | undefined, force = false, message?: string): Promise<{ name: string; commit: string; move: RefMove }> {
    const task = this.requireShippable(taskId, 'put on a branch');
    const checked = message === undefined ? undefined : await checkField('message', () => checkedMessage(message));
    const { mirror, turns } = await this.turnResults(task);
    const latest = turns.at(-1);
    if (!latest || latest.commit === task.baseCommit) throw noChanges(task, 'put on a branch');
    const branchName = name?.trim() || (await this.suggestedBranch(task));
    const own = branchName === task.branchName || branchName === parsePushTarget(task.pushedTo)?.branch;
    const shipped = shippedOf(task);
    // A name git refuses is refused by createBranch, with its reason; here it only has no commit.
    const head = await commitAt(task.repoPath, `refs/heads/${branchName}`).catch(() => null);
    const plan = await planShip(mirror, task.baseCommit ?? '', turns, shipped, head);
    const ship = checked === undefined ? shipAsIs(task, latest, plan, branchName, head, force) : await this.shipWith(task, mirror, latest, plan, branchName, checked);
    const created = await createBranch(task.repoPath, mirror, ship.commit, branchName, { force, fastForward: own });
    this.store.tasks.update(taskId, { branchName, branchedAt: Date.now(), ...(ship.made ? { shipCommit: ship.commit, shipTurn: ship.turn } : {}) });
    const known = [...turns, ...(shipped ? [shipped] : []), ...(ship.made ? [ship] : [])];
    return { name: branchName, commit: created.commit, move: await refMove(task.repoPath, known, created.change, created.previous ?? null, created.commit) };
  }

  /**
   * The commit that ships the task's newest result with the user's message: the turn commit
   * itself when it is the one new turn, builds on what the branch holds and already says that;
   * else one Codebay makes (the result's tree, the user as author as in the turn commits,
   * Codebay as committer) on what the branch holds of this task, or on the task's base.
   */
  private async shipWith(task: Task, mirror: Mirror, latest: TurnResult, plan: ShipPlan, branchName: string, message: string): Promise<ShipCommit> {
    const says = async (commit: string): Promise<boolean> => normalizeCommitMessage(await commitMessageOf(mirror, commit)) === message;
    if (plan.turns.length === 0) {
      if (await says(plan.parent)) return { commit: plan.parent, turn: latest.turn, made: false };
      throw new FieldError(
        'message',
        `${branchName} already holds turn ${latest.turn} of “${task.title}”, so there is no new turn to commit with this message`,
        'Ship without a message (the branch is up to date), or choose a new branch name to ship one commit with this message',
      );
    }
    if (plan.turns.length === 1 && plan.turnCommitsFit && (await says(latest.commit))) return { ...latest, made: false };
    const author = (await repoUserIdentity(task.repoPath)) ?? CODEBAY_IDENTITY;
    const commit = await makeShipCommit(mirror, { taskId: task.id, treeOf: latest.commit, parent: plan.parent, message, author });
    return { commit, turn: latest.turn, made: true };
  }

  /**
   * Pushes the task's branch (brought up to date first) to a remote of the user's repository:
   * by default to the remote and branch it was pushed to before, as a fast-forward.
   */
  async push(taskId: string, remote: string | undefined, branch?: string, force = false, message?: string): Promise<{ remote: string; branch: string; output: string; move: RefMove }> {
    const task = this.requireTask(taskId);
    const recorded = parsePushTarget(task.pushedTo);
    const target = remote ?? recorded?.remote;
    if (!target) {
      throw new ActionableError(`“${task.title}” has not been pushed yet, so there is no remote to push it to again`, 'Name the remote, e.g. `codebay push ID --remote origin`');
    }
    const shippedBefore = shippedOf(task);
    const { name } = await this.branch(taskId, branch?.trim() || (target === recorded?.remote ? recorded.branch : undefined), force, message);
    const pushed = await pushBranch(task.repoPath, target, name, { force });
    this.store.tasks.update(taskId, { pushedTo: formatPushTarget({ remote: target, branch: name }), pushedAt: Date.now() });
    const { turns } = await this.turnResults(task);
    const shippedNow = shippedOf(this.requireTask(taskId));
    const known = [...turns, ...[shippedBefore, shippedNow].filter((s): s is TurnResult => s !== null)];
    return { remote: target, branch: name, output: pushed.output, move: await refMove(task.repoPath, known, pushed.change, pushed.from, pushed.to) };
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
    const suggestedBranch = await this.suggestedBranch(task);
    if (!this.hasResult(task.id)) {
      return { latest: null, branch: null, pushed: null, pullRequestUrl: null, suggestedBranch, commitMessage: null, turnCommitsToShip: 0, turnCommitsFit: true };
    }
    const { mirror, turns } = await this.turnResults(task);
    const latest = turns.at(-1) ?? null;
    const shippedCommit = shippedOf(task);
    const known = [...turns, ...(shippedCommit ? [shippedCommit] : [])];
    const shipped = async (name: string, remote: string | null): Promise<ShippedView> => {
      // A push updates the remote-tracking ref too (with the default fetch refspec), so it
      // tells where the remote branch was as of the last push or fetch, offline.
      const commit = await commitAt(task.repoPath, remote ? `refs/remotes/${remote}/${name}` : `refs/heads/${name}`);
      return { name, remote, commit, turn: turnOf(known, commit) };
    };
    const plan = await planShip(mirror, task.baseCommit ?? '', turns, shippedCommit, await commitAt(task.repoPath, `refs/heads/${suggestedBranch}`));
    const pushed = parsePushTarget(task.pushedTo);
    const web = pushed ? await remoteWebUrl(task.repoPath, pushed.remote).catch(() => null) : null;
    return {
      latest,
      branch: task.branchName ? await shipped(task.branchName, null) : null,
      pushed: pushed ? await shipped(pushed.branch, pushed.remote) : null,
      pullRequestUrl: pushed && web ? compareUrl(web, pushed.branch, task.baseRef ?? undefined) : null,
      suggestedBranch,
      commitMessage: await this.suggestedMessage(task, mirror, plan),
      turnCommitsToShip: plan.turns.length,
      turnCommitsFit: plan.turnCommitsFit,
    };
  }

  /**
   * The turn commit's own message for one new turn that fits; the task's title over each turn's
   * subject for more; the held commit's own when the branch lacks nothing (shipping it changes nothing).
   */
  private async suggestedMessage(task: Task, mirror: Mirror, plan: ShipPlan): Promise<string> {
    const only = plan.turns.length === 1 && plan.turnCommitsFit ? plan.turns[0] : undefined;
    if (only || plan.turns.length === 0) return normalizeCommitMessage(await commitMessageOf(mirror, only?.commit ?? plan.parent));
    const subjects = await commitSubjects(mirror, plan.turns.map((t) => t.commit));
    return shipCommitMessage(task.title, task.id, plan.turns.map((t, i) => ({ turn: t.turn, subject: subjects[i] ?? '' })));
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

  /** Whether any turn of the task has left a result in the mirror. */
  hasResult(taskId: string): boolean {
    return this.store.turns.list(taskId).some((t) => t.resultRef !== null);
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
