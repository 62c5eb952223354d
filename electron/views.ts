import type { EnvironmentView, FileVersionsView, ProviderView, TaskView, TurnView } from '../shared/types.js';
import type { FileVersions } from './git/fileVersions.js';
import type { Environment, Provider, Task, Turn } from './store/types.js';

/** What the UI may see of a task: engine bookkeeping (owner, container, log counters) stays behind. */
export function taskView(task: Task): TaskView {
  return {
    id: task.id,
    title: task.title,
    prompt: task.prompt,
    mode: task.mode,
    status: task.status,
    phase: task.phase,
    environmentId: task.environmentId,
    repoPath: task.repoPath,
    baseRef: task.baseRef,
    baseCommit: task.baseCommit,
    includeUncommitted: task.includeUncommitted,
    groupId: task.groupId,
    attempt: task.attempt,
    attemptsTotal: task.attemptsTotal,
    agent: task.agent,
    checksPassed: task.checksPassed,
    checksFailed: task.checksFailed,
    chosen: task.chosen,
    reviewTarget: task.reviewTarget,
    findingsOpen: task.findingsOpen,
    model: task.model,
    linesAdded: task.linesAdded,
    linesRemoved: task.linesRemoved,
    filesChanged: task.filesChanged,
    inputTokens: task.inputTokens,
    outputTokens: task.outputTokens,
    error: task.error,
    archived: task.archived,
    exportedAt: task.exportedAt,
    branchName: task.branchName,
    pushedTo: task.pushedTo,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    activity: task.activity,
    workMs: task.workMs,
    turnStartedAt: task.turnStartedAt,
    logDroppedBytes: task.logDroppedBytes,
  };
}

export function turnView(turn: Turn): TurnView {
  return {
    turn: turn.turn,
    prompt: turn.prompt,
    status: turn.status,
    summary: turn.summary,
    error: turn.error,
    linesAdded: turn.linesAdded,
    linesRemoved: turn.linesRemoved,
    filesChanged: turn.filesChanged,
    inputTokens: turn.inputTokens,
    outputTokens: turn.outputTokens,
    startedAt: turn.startedAt,
    finishedAt: turn.finishedAt,
    hasResult: turn.resultRef !== null,
    checksPassed: turn.checksPassed,
    checksFailed: turn.checksFailed,
  };
}

export function environmentView(e: Environment): EnvironmentView {
  return {
    id: e.id,
    name: e.name,
    repoPath: e.repoPath,
    baseBranch: e.baseBranch,
    image: e.image,
    setupScript: e.setupScript,
    envVars: e.envVars,
    secretNames: e.secretNames,
    agentNetwork: e.agentNetwork,
    agent: e.agent,
    checks: e.checks,
    cpus: e.cpus,
    memoryBytes: e.memoryBytes,
    pidsLimit: e.pidsLimit,
    diskBytes: e.diskBytes,
    timeLimitMs: e.timeLimitMs,
  };
}

export function providerView(p: Provider): ProviderView {
  return {
    id: p.id,
    name: p.name,
    preset: p.preset,
    baseUrl: p.baseUrl,
    wire: p.wire,
    model: p.model,
    extraHeaders: p.extraHeaders,
    contextWindow: p.contextWindow,
    hasKey: p.hasKey,
  };
}

/** Both sides of a file as the editor takes them; byte counts stay behind. */
export function fileVersionsView(versions: FileVersions): FileVersionsView {
  return { original: versions.original, modified: versions.modified, binary: versions.binary, tooLarge: versions.tooLarge };
}
