import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import type { EventBody, TaskStatus } from '../../shared/events.js';
import { AgentTurnError, runTurn, type ToolHost } from '../agent/index.js';
import type { ConversationItem } from '../agent/types.js';
import type { ProviderResolution } from '../config/provider.js';
import { errorText } from '../errors.js';
import { BundleCache } from '../git/bundleCache.js';
import { numstat } from '../git/diff.js';
import { ensureMirror, type Mirror } from '../git/mirror.js';
import { CODEBAY_IDENTITY } from '../git/identity.js';
import { repoUserIdentity } from '../git/userIdentity.js';
import { turnCommitMessage } from './turnCommitMessage.js';
import { git } from '../git/run.js';
import { committedFile } from '../git/treeEntry.js';
import { importBundle } from '../git/bundle.js';
import { turnRef } from '../git/refs.js';
import type { SandboxPool } from '../sandbox/pool.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { DEFAULT_DISK_BYTES, DiskWatch } from '../sandbox/diskWatch.js';
import { reapAgentProcesses, reapSetupProcesses } from '../sandbox/processReap.js';
import { bundleOut, commitWorkspace, prepareWorkspace, WORKSPACE_BRANCH, workspaceHead } from '../sandbox/workspace.js';
import { WORKSPACE_DIR } from '../sandbox/containerConfig.js';
import { changeState, stoppedEvents } from '../store/stateChanges.js';
import type { Store } from '../store/store.js';
import type { Environment, Task, Turn } from '../store/types.js';
import type { LiveSandboxes } from './liveSandboxes.js';
import { maskConversation, secretMask, secretRedactor } from './redact.js';
import { sandboxLoss, settledSandboxLoss } from './sandboxLoss.js';
import { SandboxToolHost } from './sandboxToolHost.js';
import { checkResult, turnCommitEnv, type TurnCommit } from './resultCheck.js';
import { runSetupScript, SETUP_TIMEOUT_MS } from './setupScript.js';
import { type Job, RunStopped } from './scheduler.js';
import { DeferredToolHost } from './deferredToolHost.js';
import { MODES } from '../../shared/modes.js';
import { findingEventsFromAnswer, recordFinding } from '../review/findingEvents.js';
import { runCliTurn, type CliTurnDeps } from './cliTurn.js';
import { runChecks, type ChecksOutcome } from './runChecks.js';
import { LiveDiffStats } from './liveDiffStats.js';
import { LiveWorkspace } from './liveWorkspace.js';
import type { RunningWorkspaces } from './runningWorkspaces.js';
import { ActivityTracker } from './taskActivity.js';

export interface RunnerDeps {
  store: Store;
  docker: Docker;
  pool: SandboxPool;
  live: LiveSandboxes;
  /** Where the Diff tab finds a running turn's workspace. */
  workspaces: RunningWorkspaces;
  dataDir: string;
  /** "host:pid:instance" of this engine process. */
  owner: string;
  provider: (task: Task) => ProviderResolution;
  environmentSecrets: (environmentId: string) => Record<string, string>;
  userInstructions: () => string | undefined;
  /** What agent CLIs need: their installs, the model gateway and its tokens. */
  cli: CliTurnDeps;
}

/** A failure the user caused or can fix; its message is shown as is. */
class TurnFailure extends Error {}

/** Why a turn was stopped from outside its own steps: its workspace could not be prepared, or its sandbox outgrew its disk. */
class TurnStoppedBy {
  constructor(readonly error: unknown) {}
}

/** Runs one queued turn of a task, from sandbox to result ref, and records everything as events. */
export class TaskRunner {
  private readonly bundles: BundleCache;

  constructor(private readonly deps: RunnerDeps) {
    this.bundles = new BundleCache(path.join(deps.dataDir, 'bundles'));
  }

  async run(job: Job, signal: AbortSignal): Promise<void> {
    const { store } = this.deps;
    const claimed = store.tasks.claim(job.taskId, this.deps.owner);
    if (!claimed) return;
    store.events.adopt(claimed.id);
    const turn = store.turns.list(claimed.id).findLast((t) => t.status === 'queued');
    if (!turn) {
      store.tasks.update(claimed.id, { owner: null });
      return;
    }
    const secrets = claimed.environmentId ? this.deps.environmentSecrets(claimed.environmentId) : {};
    const provider = this.deps.provider(claimed);
    const apiKey = provider.ok ? provider.provider.apiKey : undefined;
    // Secret values never reach the database: events, conversation, summaries and errors are masked.
    const secretValues = [...Object.values(secrets), ...(apiKey ? [apiKey] : [])];
    const redact = secretRedactor(secretValues);
    const mask = secretMask(secretValues);
    const emit = (body: EventBody): void => {
      store.events.append(claimed.id, redact(body));
    };
    const setPhase = (phase: string): void => {
      changeState(store, claimed.id, { status: 'running', phase });
    };

    const started = Date.now();
    changeState(store, claimed.id, {
      status: 'preparing',
      phase: 'sandbox',
      fields: { startedAt: claimed.startedAt ?? started, finishedAt: null, error: null, turnStartedAt: started, activity: null },
      turn: { turn: turn.turn, status: 'preparing', fields: { startedAt: started } },
      after: [{ type: 'turn.started', turn: turn.turn, prompt: mask(turn.prompt) }],
    });

    let sandbox: Sandbox | undefined;
    let workspace: Promise<Sandbox> | undefined;
    let keepSandbox = false;
    let disk: DiskWatch | undefined;
    let live: LiveDiffStats | undefined;
    let liveEnded = false;
    // Before the turn commits, and whenever it ends: no live read may overlap the commit or outlive the turn.
    const endLive = async (): Promise<void> => {
      liveEnded = true;
      await Promise.all([live?.stop(), this.deps.workspaces.close(claimed.id)]);
    };
    // Stops the turn's preparation and agent together: on cancel, when the workspace fails, or when the agent fails first.
    const turnAbort = new AbortController();
    const stopTurn = (): void => turnAbort.abort(signal.reason);
    signal.addEventListener('abort', stopTurn, { once: true });
    if (signal.aborted) stopTurn();
    try {
      if (!provider.ok) throw new TurnFailure(`Model provider: ${provider.problem}; ${provider.fix}`);
      const environment = claimed.environmentId ? store.environments.get(claimed.environmentId) : undefined;
      const diskLimit = environment?.diskBytes ?? DEFAULT_DISK_BYTES;
      const watch = new DiskWatch(diskLimit, (error) => turnAbort.abort(new TurnStoppedBy(error)));
      disk = watch;
      const mirror = await ensureMirror(this.deps.dataDir, claimed.repoPath);
      const from = await this.turnStart(claimed, turn, mirror);
      const kept = await this.deps.live.take(claimed.id);
      // A fresh sandbox without a setup script holds exactly the base commit, so the agent starts at once,
      // reading AGENTS.md from the mirror, and its first model request overlaps the workspace filling.
      const overlap = !kept && !environment?.setupScript.trim();
      const preparingSince = performance.now();
      if (kept) watch.watch(kept);
      workspace = kept ? Promise.resolve(kept) : this.sandboxFor(claimed, from, mirror, environment, secrets, emit, turnAbort.signal, (claimedSandbox) => watch.watch(claimedSandbox));
      const ready = workspace.then((prepared) => {
        sandbox = prepared;
        store.tasks.update(claimed.id, { containerId: prepared.id });
        if (!kept) emit({ type: 'workspace.ready', durationMs: Math.round(performance.now() - preparingSince) });
        return prepared;
      });
      void ready.catch((error: unknown) => turnAbort.abort(new TurnStoppedBy(error)));
      const taskBase = claimed.baseCommit;
      if (MODES[claimed.mode].keepsChanges && taskBase) {
        // The list, header and Diff tab show the task's changes as the agent edits, not only when the turn ends.
        void ready.then((prepared) => {
          // An agent that answered without a command can end its turn before the workspace is ready.
          if (liveEnded) return;
          const liveWorkspace = new LiveWorkspace(prepared, mirror, taskBase, secretValues, claimed.title);
          this.deps.workspaces.open(claimed.id, liveWorkspace);
          live = new LiveDiffStats(liveWorkspace, (totals) => {
            store.tasks.update(claimed.id, totals);
            emit({ type: 'diff.stats', ...totals });
          });
        }, () => undefined);
      }
      if (!overlap) await ready;

      changeState(store, claimed.id, { status: 'running', phase: 'agent', turn: { turn: turn.turn, status: 'running' } });
      let inputTokens = 0;
      let outputTokens = 0;
      const activity = new ActivityTracker(store, claimed.id);
      const agentEmit = (body: EventBody): void => {
        if (body.type === 'usage') {
          inputTokens += body.inputTokens;
          outputTokens += body.outputTokens;
          // The row counts tokens as they are spent, so a long turn shows its cost while it runs.
          store.tasks.update(claimed.id, { inputTokens: claimed.inputTokens + inputTokens, outputTokens: claimed.outputTokens + outputTokens });
        }
        activity.observe(body);
        const masked = redact(body);
        if (masked.type === 'finding.reported') recordFinding(store, claimed.id, turn.turn, masked);
        if ((masked.type === 'patch.applied' && masked.ok) || masked.type === 'exec.end') live?.poke();
        store.events.append(claimed.id, masked);
      };
      let summary: string;
      if (claimed.agent === 'built-in') {
        const conversation = (store.tasks.getConversation(claimed.id) ?? []) as ConversationItem[];
        const host = new DeferredToolHost(ready.then((prepared) => new SandboxToolHost(prepared, secretValues)));
        const outcome = await runTurn({
          taskId: claimed.id,
          turn: turn.turn,
          mode: claimed.mode,
          prompt: turn.prompt,
          provider: provider.provider,
          conversation,
          userInstructions: this.deps.userInstructions(),
          host,
          ...(overlap ? { readInstructionsFile: (file: string) => readCommittedOrWorkspace(mirror, from, file, host) } : {}),
          emit: agentEmit,
          signal: turnAbort.signal,
        });
        store.tasks.setConversation(claimed.id, maskConversation(outcome.conversation, mask));
        summary = outcome.summary;
      } else {
        const outcome = await runCliTurn(this.deps.cli, claimed.agent, {
          task: claimed,
          turn,
          provider: provider.provider,
          // The CLI keeps its session in the sandbox: it can be resumed only where that lives on.
          session: kept ? claimed.agentSession : null,
          earlierTurns: store.turns
            .list(claimed.id)
            .filter((t) => t.turn < turn.turn && t.status === 'succeeded')
            .map((t) => ({ turn: t.turn, prompt: t.prompt, summary: t.summary })),
          sandbox: await ready,
          emit: agentEmit,
          setPhase,
          signal: turnAbort.signal,
        });
        store.tasks.update(claimed.id, { agentSession: outcome.session });
        summary = outcome.summary;
        // A CLI has no report_finding tool of ours: its brief asks for the findings in its final answer.
        if (MODES[claimed.mode].reviews) for (const event of findingEventsFromAnswer(summary, WORKSPACE_DIR)) agentEmit(event);
        setPhase('agent');
      }
      // Past here the agent's processes are ended, so nothing grows the sandbox but the result bundle, which has its own cap.
      watch.stop();
      await endLive();
      turnAbort.signal.throwIfAborted();

      setPhase('collecting');
      const turnCommit: TurnCommit = {
        base: from,
        message: turnCommitMessage(mask(summary), claimed.title, claimed.id, turn.turn),
        author: (await repoUserIdentity(claimed.repoPath)) ?? CODEBAY_IDENTITY,
        committer: CODEBAY_IDENTITY,
        date: `@${Math.floor(Date.now() / 1000)} +0000`,
      };
      const result = await this.collect(claimed, turn, turnCommit, await ready, mirror, secrets, signal);
      const checks = MODES[claimed.mode].runsChecks ? [...(environment?.checks ?? []), ...claimed.extraChecks] : [];
      let checked: ChecksOutcome | null = null;
      if (checks.length > 0) {
        setPhase('checks');
        // Checks write too (caches, builds): the disk limit holds while they run.
        const checking = new AbortController();
        const onStop = (): void => checking.abort(signal.reason);
        signal.addEventListener('abort', onStop, { once: true });
        const checksWatch = new DiskWatch(diskLimit, (error) => checking.abort(new TurnStoppedBy(error)));
        checksWatch.watch(await ready);
        try {
          checked = await runChecks(await ready, checks, environment?.envVars ?? {}, secretValues, emit, checking.signal);
        } catch (error) {
          const stoppedBy: unknown = checking.signal.reason;
          throw stoppedBy instanceof TurnStoppedBy ? stoppedBy.error : error;
        } finally {
          checksWatch.stop();
          signal.removeEventListener('abort', onStop);
        }
      }
      changeState(store, claimed.id, {
        status: 'succeeded',
        fields: {
          ...result.taskStats,
          inputTokens: claimed.inputTokens + inputTokens,
          outputTokens: claimed.outputTokens + outputTokens,
          ...turnEnded(claimed, started),
          checksPassed: checked?.passed ?? null,
          checksFailed: checked?.failed ?? null,
          finishedAt: Date.now(),
        },
        turn: {
          turn: turn.turn,
          status: 'succeeded',
          fields: {
            summary: mask(summary),
            resultRef: result.ref,
            linesAdded: result.turnStats.linesAdded,
            linesRemoved: result.turnStats.linesRemoved,
            filesChanged: result.turnStats.filesChanged,
            inputTokens,
            outputTokens,
            checksPassed: checked?.passed ?? null,
            checksFailed: checked?.failed ?? null,
            finishedAt: Date.now(),
          },
        },
        before: [
          { type: 'diff.stats', ...result.taskStats },
          { type: 'turn.completed', turn: turn.turn, summary: mask(summary) },
        ],
      });
      keepSandbox = true;
    } catch (thrown) {
      const stoppedBy: unknown = turnAbort.signal.reason;
      // A workspace that could not be prepared, or a full disk, is the cause, whatever the agent was doing at the time.
      const error = stoppedBy instanceof TurnStoppedBy ? stoppedBy.error : thrown;
      turnAbort.abort(error);
      // The conversation so far is kept, so a follow-up goes on from where this turn stopped.
      if (error instanceof AgentTurnError) {
        store.tasks.setConversation(claimed.id, maskConversation(error.conversation, mask));
        store.tasks.update(claimed.id, { inputTokens: claimed.inputTokens + error.usage.inputTokens, outputTokens: claimed.outputTokens + error.usage.outputTokens });
      }
      // A step that failed because the sandbox was killed or removed says so, not what broke.
      const lost = sandbox && !signal.aborted ? await sandboxLoss(sandbox, error) : undefined;
      const described = this.describeFailure(lost ?? error, signal, claimed);
      const { status } = described;
      const message = mask(described.message);
      changeState(store, claimed.id, {
        status,
        fields: { error: message, finishedAt: Date.now(), ...turnEnded(claimed, started) },
        turn: { turn: turn.turn, status, fields: { error: message, finishedAt: Date.now() } },
        before: stoppedEvents(status, message, turn.turn),
      });
    } finally {
      signal.removeEventListener('abort', stopTurn);
      disk?.stop();
      await endLive();
      this.deps.workspaces.remove(claimed.id);
      // A turn that ended early still waits for its sandbox, so none is left behind.
      if (workspace) await workspace.catch(() => undefined);
      if (sandbox) {
        if (keepSandbox) this.deps.live.keep(claimed.id, sandbox);
        else await sandbox.remove().catch(() => undefined);
      }
      store.events.finishTask(claimed.id);
      // Released last, so whoever waits for the owner to let go finds no sandbox left behind.
      store.tasks.update(claimed.id, { owner: null, cancelRequested: false });
    }
  }

  /** The commit this turn starts from: the previous turn's result, or the task's base. */
  private async turnStart(task: Task, turn: Turn, mirror: Mirror): Promise<string> {
    const previous = this.deps.store.turns
      .list(task.id)
      .filter((t) => t.turn < turn.turn && t.resultRef)
      .at(-1);
    if (previous?.resultRef) return git(['rev-parse', '--verify', `${previous.resultRef}^{commit}`], { gitDir: mirror.gitDir });
    if (!task.baseCommit) throw new TurnFailure(`task ${task.id} has no base commit; create it again`);
    return task.baseCommit;
  }

  private async sandboxFor(
    task: Task,
    commit: string,
    mirror: Mirror,
    environment: Environment | undefined,
    secrets: Record<string, string>,
    emit: (body: EventBody) => void,
    signal: AbortSignal,
    onClaimed: (sandbox: Sandbox) => void,
  ): Promise<Sandbox> {
    await mirror.ensureCommit(commit).catch(() => undefined);
    const limits = {
      ...(environment?.cpus ? { cpus: environment.cpus } : {}),
      ...(environment?.memoryBytes ? { memoryBytes: environment.memoryBytes } : {}),
      ...(environment?.pidsLimit ? { pids: environment.pidsLimit } : {}),
    };
    // The bundle is made (or found) while the sandbox is claimed; a failure surfaces where it is awaited.
    const bundle = this.bundles.bundleOf(mirror, commit, WORKSPACE_BRANCH);
    void bundle.catch(() => undefined);
    const sandbox = await this.deps.pool.claim(task.id, limits);
    onClaimed(sandbox);
    try {
      const bundleFile = await bundle;
      const cutNetwork = !environment?.agentNetwork;
      if (environment?.setupScript.trim()) {
        await prepareWorkspace(sandbox, bundleFile, commit, { branch: WORKSPACE_BRANCH, signal });
        changeState(this.deps.store, task.id, { status: 'preparing', phase: 'setup' });
        await this.runSetup(sandbox, environment, secrets, emit, signal);
        await reapSetupProcesses(sandbox, { signal });
        if (cutNetwork) await sandbox.disconnectNetwork();
        // Started after setup, so the agent's commands see any groups or files setup gave its user.
        sandbox.warmUp();
      } else {
        sandbox.warmUp();
        // Without a setup script nothing needs the network, so it is cut while the workspace fills.
        await Promise.all([prepareWorkspace(sandbox, bundleFile, commit, { branch: WORKSPACE_BRANCH, signal }), cutNetwork ? sandbox.disconnectNetwork() : undefined]);
      }
      return sandbox;
    } catch (error) {
      // A step that failed because the sandbox was killed or removed says so, not what broke.
      const lost = signal.aborted ? undefined : await settledSandboxLoss(sandbox, error);
      await sandbox.remove().catch(() => undefined);
      throw lost ?? error;
    }
  }

  /** The setup script (see setupScript.ts), its output in the task's log. */
  private async runSetup(sandbox: Sandbox, environment: Environment, secrets: Record<string, string>, emit: (body: EventBody) => void, signal: AbortSignal): Promise<void> {
    const result = await runSetupScript(sandbox, {
      script: environment.setupScript,
      envVars: environment.envVars,
      secrets,
      signal,
      onOutput: (stream, text) => emit({ type: 'setup.output', stream, text }),
    });
    if (result.timedOut) throw new TurnFailure(`the setup script of environment "${environment.name}" ran over ${SETUP_TIMEOUT_MS / 60_000} minutes`);
    if (result.exitCode !== 0) {
      throw new TurnFailure(`the setup script of environment "${environment.name}" exited with ${result.exitCode}; see the setup output in the log, fix the script and retry`);
    }
  }

  /** Commits the sandbox's work, brings it into the mirror as this turn's ref, and measures it. */
  private async collect(
    task: Task,
    turn: Turn,
    turnCommit: TurnCommit,
    sandbox: Sandbox,
    mirror: Mirror,
    secrets: Record<string, string>,
    signal: AbortSignal,
  ) {
    const ref = turnRef(task.id, turn.turn);
    const from = turnCommit.base;
    let head = from;
    await reapAgentProcesses(sandbox, { signal });
    if (!MODES[task.mode].keepsChanges) {
      // Ask and Review are read-only: whatever the agent's commands changed is thrown away.
      await sandbox.exec(['sh', '-c', `git reset -q --hard ${from} && git clean -qfdx`], { cwd: '/workspace', user: 'agent', timeoutMs: 120_000 });
    } else {
      const made = await commitWorkspace(sandbox, { base: from, message: turnCommit.message, env: turnCommitEnv(turnCommit) }, { signal });
      // Committing runs git over the agent's own repository config (filters), which may start processes again.
      await reapAgentProcesses(sandbox, { signal });
      head = await workspaceHead(sandbox, { signal });
      if (head !== (made ?? from)) {
        throw new Error(`the workspace of task ${task.id} moved to ${head} right after Codebay committed it as ${made ?? from}: a process in the sandbox interfered, so the result was not collected; retry the task`);
      }
    }
    if (head === from) {
      await mirror.exclusive(() => git(['update-ref', ref, from], { gitDir: mirror.gitDir }));
    } else {
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'codebay-bundle-'));
      try {
        const out = await bundleOut(sandbox, from, scratch, { signal });
        if (!out) throw new Error(`the sandbox of task ${task.id} reported new commits but bundled none`);
        await refuseBadResult(mirror, out.path, turnCommit, secrets);
        const imported = await importBundle(mirror, out.path, ref);
        if (imported.commit !== out.head) throw new Error(`the result bundle of task ${task.id} holds ${imported.commit}, not the sandbox's HEAD ${out.head}`);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    }
    const taskBase = task.baseCommit ?? from;
    const [turnDiff, taskDiff] = await Promise.all([numstat(mirror, from, head), numstat(mirror, taskBase, head)]);
    return { ref, head, turnStats: turnDiff.totals, taskStats: taskDiff.totals };
  }

  private describeFailure(error: unknown, signal: AbortSignal, task: Task): { status: TaskStatus; message: string } {
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    if (reason instanceof RunStopped) {
      if (reason.reason === 'cancelled') return { status: 'cancelled', message: 'cancelled by the user' };
      if (reason.reason === 'shutdown') return { status: 'interrupted', message: 'Codebay shut down while the task ran; send a follow-up or retry to continue' };
      const limit = task.deadlineAt && task.startedAt ? Math.round((task.deadlineAt - task.startedAt) / 60_000) : undefined;
      return { status: 'failed', message: `the task ran over its time limit${limit ? ` of ${limit} min` : ''} and was stopped; raise the environment's time limit or split the task` };
    }
    return { status: 'failed', message: errorText(error) };
  }
}

/**
 * A result that is not the one commit Codebay made would carry the agent's own history,
 * author or message out of the sandbox, and one that holds a secret's value would carry it
 * into diffs, exports and branches: neither is kept.
 */
async function refuseBadResult(mirror: Mirror, bundleFile: string, turnCommit: TurnCommit, secrets: Record<string, string>): Promise<void> {
  const problem = await checkResult(mirror, bundleFile, turnCommit, secrets);
  if (!problem) return;
  if (problem.kind === 'not-squashed') {
    throw new TurnFailure(
      `the sandbox returned ${problem.head} as this turn's result instead of the single commit Codebay made (${problem.expected}); ` +
        'its history, author, date or message differ, so nothing of it was kept. Retry the task',
    );
  }
  const where = problem.found.map((f) => `${f.name} into ${f.paths.slice(0, 5).join(', ')}${f.paths.length > 5 ? ', …' : ''}`).join('; ');
  throw new TurnFailure(
    `this turn's changes write the value of ${where} (as is, encoded, split or compressed, in a file or its name), so they were not kept: ` +
      'Codebay keeps no secret in task results, diffs or exports. If the environment\'s setup script writes it into the workspace, ' +
      'have it write to a file git ignores or outside /workspace, then retry',
  );
}

const INSTRUCTIONS_FILE_MAX_BYTES = 1024 * 1024;

/** An AGENTS.md as committed; what only a checkout can resolve (a symlink, say) is read from the workspace. */
async function readCommittedOrWorkspace(mirror: Mirror, commit: string, file: string, workspace: ToolHost): Promise<Buffer | null> {
  const committed = await committedFile(mirror, commit, file, INSTRUCTIONS_FILE_MAX_BYTES).catch(() => undefined);
  if (committed?.kind === 'file') return committed.content;
  if (committed?.kind === 'missing') return null;
  return workspace.readFile(file);
}

/** What a turn's end writes besides its outcome: its time joins the work time, and its step is over. */
function turnEnded(task: Task, started: number): Pick<Task, 'workMs' | 'turnStartedAt' | 'activity'> {
  return { workMs: task.workMs + (Date.now() - started), turnStartedAt: null, activity: null };
}
