import { AGENT_BACKENDS } from './agents.js';
import { COMMENT_BODY_MAX, COMMENT_LINE_MAX, COMMENT_PATH_MAX, COMMENT_QUOTE_MAX } from './comments.js';
import { commitMessageSchema } from './commitMessage.js';
import { z } from 'zod';
import type { FindingView } from './findings.js';
import { PROMPT_MODES } from './modes.js';
import type { TaskEvent } from './events.js';
import type {
  AttemptRow,
  CommentView,
  DiffSummaryView,
  DoctorReport,
  EnvironmentView,
  FileVersionsView,
  ProviderView,
  RefMove,
  SettingsView,
  ShipStateView,
  TaskDetail,
  TaskListPage,
  TaskView,
} from './types.js';

/**
 * The one contract between the engine and every shell. Each method names the
 * schema its params must pass at the edge and, in MethodResults, what it returns.
 */

const id = z.string().min(1).max(64);
const turn = z.number().int().positive();
const text = (max: number) => z.string().max(max);
const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _, not starting with a digit');
const positive = z.number().positive().finite();
const commentLine = z.number().int().min(1, 'lines count from 1').max(COMMENT_LINE_MAX);
const commentPath = z
  .string()
  .min(1, 'name the file the comment is on')
  .max(COMMENT_PATH_MAX, `paths are at most ${COMMENT_PATH_MAX} characters`)
  .refine((path) => !/[\u0000-\u001f\u007f]/.test(path) && !path.startsWith('/'), 'give the path inside the repository, as the diff names it');
const commentBody = z.string().trim().min(1, 'write what should change').max(COMMENT_BODY_MAX, `comments are at most ${COMMENT_BODY_MAX} characters`);

const checkInput = z.object({ name: z.string().max(100).optional(), command: z.string().min(1, 'give the command the check runs').max(10_000), timeoutMs: z.number().int().positive().optional() }).strict();

const environmentFields = {
  name: z.string().trim().min(1).max(100),
  repoPath: z.string().min(1).max(4096),
  baseBranch: z.string().max(255).nullable().optional(),
  image: z.string().max(255).nullable().optional(),
  setupScript: text(100_000).optional(),
  envVars: z.record(envVarName, text(10_000)).optional(),
  secrets: z.record(envVarName, text(10_000).nullable()).optional(),
  agentNetwork: z.boolean().optional(),
  agent: z.enum(AGENT_BACKENDS).nullable().optional(),
  checks: z.array(checkInput).max(20).optional(),
  cpus: positive.nullable().optional(),
  memoryBytes: positive.nullable().optional(),
  pidsLimit: positive.nullable().optional(),
  diskBytes: positive.nullable().optional(),
  timeLimitMs: positive.nullable().optional(),
};

const providerFields = {
  name: z.string().trim().min(1).max(100),
  preset: z.string().max(40).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }),
  wire: z.enum(['responses', 'chat']),
  model: z.string().trim().min(1).max(200),
  extraHeaders: z.record(z.string().max(200), text(4000)).optional(),
  contextWindow: z.number().int().positive().nullable().optional(),
  /** Set to store a key (kept outside SQLite); null removes it. */
  apiKey: text(4000).nullable().optional(),
};

export const paramSchemas = {
  'app.info': z.object({}).strict(),
  'doctor.run': z.object({}).strict(),
  'image.build': z.object({}).strict(),

  'tasks.list': z
    .object({
      /** 'all' is every task not archived. */
      view: z.enum(['active', 'done', 'failed', 'archived', 'all']).default('all'),
      environmentId: id.optional(),
      search: text(500).optional(),
      groupId: id.optional(),
      limit: z.number().int().min(1).max(500).default(100),
      before: z.object({ createdAt: z.number(), id }).optional(),
    })
    .strict(),
  'tasks.get': z.object({ id }).strict(),
  'tasks.create': z
    .object({
      prompt: z.string().trim().min(1, 'describe what the agent should do').max(100_000),
      mode: z.enum(PROMPT_MODES),
      environmentId: id,
      baseRef: z.string().max(255).optional(),
      includeUncommitted: z.boolean().optional(),
      attempts: z.number().int().min(1).max(4).default(1),
      /** One agent for every attempt, or one per attempt (best-of-N across agents); default: the environment's. */
      agents: z.array(z.enum(AGENT_BACKENDS)).min(1).max(4).optional(),
      /** Run after every Code turn of this task, besides the environment's. */
      checks: z.array(checkInput).max(20).optional(),
      title: text(200).optional(),
      providerId: id.nullable().optional(),
      model: z.string().max(200).nullable().optional(),
    })
    .strict(),
  /**
   * A review task: the agent reviews a change without editing it and reports findings. A task's
   * result is reviewed in that task's environment; a branch or the uncommitted changes in the one named.
   */
  'tasks.review': z
    .object({
      target: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('task'), taskId: id }).strict(),
        z.object({ kind: z.literal('branch'), branch: z.string().trim().min(1, 'name the branch to review').max(255), base: z.string().trim().max(255).optional() }).strict(),
        z.object({ kind: z.literal('uncommitted') }).strict(),
      ]),
      environmentId: id.optional(),
      /** What to look at closely, added to the review's brief. */
      prompt: z.string().trim().max(100_000).optional(),
      agent: z.enum(AGENT_BACKENDS).optional(),
      providerId: id.nullable().optional(),
      model: z.string().max(200).nullable().optional(),
    })
    .strict(),
  'tasks.followUp': z.object({ id, prompt: z.string().trim().min(1, 'say what the agent should do next').max(100_000) }).strict(),
  'tasks.cancel': z.object({ id }).strict(),
  'tasks.retry': z.object({ id }).strict(),
  'tasks.compare': z.object({ id }).strict(),
  /** Where queued tasks stand: this engine's running count, its limit, and its queue in start order. */
  'tasks.queue': z.object({}).strict(),
  'tasks.chooseAttempt': z.object({ id }).strict(),
  /** The files two attempts of one launch leave different: `a`'s newest result against `b`'s. */
  'tasks.compareDiff': z.object({ a: id, b: id }).strict(),
  /** One file as attempt `a`'s result has it (original) and as `b`'s does (modified). */
  'tasks.compareFileVersions': z.object({ a: id, b: id, path: z.string().min(1).max(4096), oldPath: z.string().max(4096).optional() }).strict(),
  'tasks.archive': z.object({ id, archived: z.boolean() }).strict(),
  /**
   * Events after `afterSeq`, or, with `beforeSeq`, the last `limit` before it (to open a log at
   * its tail). A page also stops at about 4 MiB of event text, so a short page is not the end:
   * the log is read through when a page comes back empty (or reaches seq 1, going back).
   */
  'tasks.events': z
    .object({
      id,
      afterSeq: z.number().int().min(0).default(0),
      beforeSeq: z.number().int().min(1).optional(),
      limit: z.number().int().min(1).max(5000).default(1000),
    })
    .strict(),
  'tasks.diffStats': z.object({ id, turn: turn.optional() }).strict(),
  'tasks.fileVersions': z.object({ id, path: z.string().min(1).max(4096), oldPath: z.string().max(4096).optional(), turn: turn.optional() }).strict(),
  /** A running Code turn's workspace against the task's base, before the turn commits it. */
  'tasks.liveDiff': z.object({ id }).strict(),
  'tasks.liveFileVersions': z.object({ id, path: z.string().min(1).max(4096), oldPath: z.string().max(4096).optional() }).strict(),
  'tasks.exportPatch': z.object({ id, format: z.enum(['patch', 'mbox']) }).strict(),
  /** With `message`, one commit Codebay makes with it replaces the turn commits being shipped. */
  'tasks.createBranch': z.object({ id, name: z.string().max(255).optional(), force: z.boolean().optional(), message: commitMessageSchema.optional() }).strict(),
  /** Without `remote`, to the remote and branch the task was pushed to before. Only `force` replaces commits the remote has. */
  'tasks.push': z
    .object({ id, remote: z.string().min(1).max(255).optional(), branch: z.string().max(255).optional(), force: z.boolean().optional(), message: commitMessageSchema.optional() })
    .strict(),
  'tasks.pullRequestUrl': z.object({ id, remote: z.string().min(1).max(255) }).strict(),
  'tasks.remotes': z.object({ id }).strict(),
  'tasks.shipState': z.object({ id }).strict(),
  /** One file at the task's commit (its latest result, else its base), e.g. for an Ask answer's citation. */
  'tasks.fileAt': z.object({ id, path: z.string().min(1).max(4096) }).strict(),
  /** The task's change applied to the user's working tree with `git apply --3way`; refused unless the tree is clean. */
  'tasks.applyToWorkingTree': z.object({ id }).strict(),

  'environments.list': z.object({}).strict(),
  'environments.create': z.object(environmentFields).strict(),
  'environments.update': z.object({ id, ...environmentFields, name: environmentFields.name.optional(), repoPath: environmentFields.repoPath.optional() }).strict(),
  'environments.remove': z.object({ id }).strict(),
  'environments.branches': z.object({ id }).strict(),
  /**
   * Runs a setup script as a task's sandbox would, in a throwaway sandbox removed afterwards: the
   * form's fields as typed, so it can be tried before saving. `id` names a saved environment whose
   * secrets fill in those `secrets` does not change. Output is pushed as environment.setupOutput
   * events carrying `runId`, which also stops the run.
   */
  'environments.testSetup': z
    .object({
      id: id.optional(),
      runId: id,
      repoPath: environmentFields.repoPath,
      baseBranch: environmentFields.baseBranch,
      setupScript: text(100_000),
      envVars: environmentFields.envVars,
      secrets: environmentFields.secrets,
      cpus: environmentFields.cpus,
      memoryBytes: environmentFields.memoryBytes,
      pidsLimit: environmentFields.pidsLimit,
    })
    .strict(),
  'environments.stopSetupTest': z.object({ runId: id }).strict(),

  'providers.list': z.object({}).strict(),
  'providers.create': z.object(providerFields).strict(),
  'providers.update': z
    .object({ id, ...providerFields, name: providerFields.name.optional(), baseUrl: providerFields.baseUrl.optional(), wire: providerFields.wire.optional(), model: providerFields.model.optional() })
    .strict(),
  'providers.remove': z.object({ id }).strict(),
  'providers.test': z.object({ id }).strict(),
  /** The model ids a server lists at its /models; the key typed, else `id`'s saved one. */
  'providers.models': z.object({ id: id.optional(), baseUrl: providerFields.baseUrl, apiKey: text(4000).optional() }).strict(),

  'settings.get': z.object({}).strict(),
  'settings.update': z
    .object({
      defaultProviderId: id.nullable().optional(),
      concurrency: z.number().int().min(1).max(32).optional(),
      poolSize: z.number().int().min(0).max(16).optional(),
      userInstructions: text(32_000).optional(),
      theme: z.enum(['system', 'light', 'dark']).optional(),
    })
    .strict(),

  'comments.list': z.object({ taskId: id }).strict(),
  'comments.add': z
    .object({
      taskId: id,
      /** The turn whose diff showed the lines; null for the diff of all turns. */
      turn: turn.nullable(),
      side: z.enum(['original', 'modified']),
      path: commentPath,
      startLine: commentLine,
      endLine: commentLine,
      quote: z.string().max(COMMENT_QUOTE_MAX, `quote at most ${COMMENT_QUOTE_MAX} characters of code (capQuote in shared/comments.ts cuts it)`),
      body: commentBody,
    })
    .strict()
    .refine((p) => p.endLine >= p.startLine, { path: ['endLine'], message: 'the range ends before it starts; give endLine at or after startLine' }),
  'comments.update': z
    .object({ id, body: commentBody.optional(), resolved: z.boolean().optional() })
    .strict()
    .refine((p) => p.body !== undefined || p.resolved !== undefined, { message: 'give body or resolved to change' }),
  'comments.remove': z.object({ id }).strict(),
  /** One follow-up quoting the task's unsent, unresolved comments (or those named), which are then marked sent. */
  'tasks.sendComments': z.object({ id, commentIds: z.array(id).min(1).max(500).optional() }).strict(),

  'findings.list': z.object({ taskId: id }).strict(),
  /** Dismissed findings stay listed, quieted; `dismissed: false` reopens one. */
  'findings.dismiss': z.object({ id, dismissed: z.boolean() }).strict(),
  /**
   * "Fix this": a Code follow-up on the reviewed task, or for a branch or uncommitted changes a
   * new Code task on them; its prompt quotes the finding and the code it is about.
   */
  'findings.fix': z.object({ id }).strict(),
} as const satisfies Record<string, z.ZodType>;

export interface AppInfo {
  version: string;
  dataDir: string;
  sandboxImage: string;
  transport: 'ipc' | 'websocket';
}

export interface SetupTestResult {
  /** Null when the script was stopped before it exited. */
  exitCode: number | null;
  timedOut: boolean;
  stopped: boolean;
  durationMs: number;
  /** The commit the workspace held. */
  commit: string;
  /** Standard output and error as they came, secret values masked; only the end of a very long log. */
  output: string;
}

export interface MethodResults {
  'app.info': AppInfo;
  'doctor.run': DoctorReport;
  'image.build': { tag: string; method: string; seconds: number };
  'tasks.list': TaskListPage;
  'tasks.get': TaskDetail;
  'tasks.create': TaskView[];
  'tasks.review': TaskView;
  'tasks.followUp': TaskView;
  'tasks.cancel': TaskView;
  'tasks.retry': TaskView;
  'tasks.compare': AttemptRow[];
  'tasks.queue': { running: number; limit: number; queued: string[] };
  'tasks.chooseAttempt': TaskView;
  'tasks.compareDiff': DiffSummaryView;
  'tasks.compareFileVersions': FileVersionsView;
  'tasks.archive': TaskView;
  'tasks.events': TaskEvent[];
  'tasks.diffStats': DiffSummaryView;
  'tasks.fileVersions': FileVersionsView;
  'tasks.liveDiff': DiffSummaryView;
  'tasks.liveFileVersions': FileVersionsView;
  'tasks.exportPatch': { text: string; filename: string };
  'tasks.createBranch': { name: string; commit: string; move: RefMove };
  'tasks.push': { remote: string; branch: string; output: string; move: RefMove; pullRequestUrl: string | null };
  'tasks.pullRequestUrl': { url: string };
  'tasks.remotes': string[];
  'tasks.shipState': ShipStateView;
  'tasks.fileAt': { commit: string; content: string | null; binary: boolean; tooLarge: boolean };
  'tasks.applyToWorkingTree': { files: number; conflicts: string[] };
  'environments.list': EnvironmentView[];
  'environments.create': EnvironmentView;
  'environments.update': EnvironmentView;
  'environments.remove': { removed: true };
  'environments.branches': { branches: string[]; current: string | null };
  'environments.testSetup': SetupTestResult;
  'environments.stopSetupTest': { stopped: boolean };
  'providers.list': ProviderView[];
  'providers.create': ProviderView;
  'providers.update': ProviderView;
  'providers.remove': { removed: true };
  'providers.test': { ok: boolean; detail: string };
  'providers.models': { models: string[] };
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'comments.list': CommentView[];
  'comments.add': CommentView;
  'comments.update': CommentView;
  'comments.remove': { removed: true };
  /** The task queued for the follow-up, its turn, and every comment of the task. */
  'tasks.sendComments': { task: TaskView; turn: number; comments: CommentView[] };
  'findings.list': FindingView[];
  'findings.dismiss': FindingView;
  /** The task that carries the fix (the reviewed one, or a new one), its turn, and the finding as marked. */
  'findings.fix': { task: TaskView; turn: number; finding: FindingView };
}

export type MethodName = keyof typeof paramSchemas & keyof MethodResults;
export type MethodParams<M extends MethodName> = z.input<(typeof paramSchemas)[M]>;
export type MethodResult<M extends MethodName> = MethodResults[M];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(paramSchemas, name);
}

/** Events pushed from the engine to every subscriber. */
export type AppEvent =
  /** Newly committed task events, in seq order per task. */
  | { type: 'task.events'; events: TaskEvent[] }
  /** A task row changed (status, counts, tokens, markers). */
  | { type: 'task.updated'; task: TaskView }
  | { type: 'image.progress'; line: string }
  /** Output of a setup test (environments.testSetup), secret values masked. */
  | { type: 'environment.setupOutput'; runId: string; text: string };

/** WebSocket frames: a request, its reply, or a pushed event. */
export const requestFrameSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().min(1),
  params: z.unknown().optional(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export interface ErrorBody {
  message: string;
  code: 'invalid_params' | 'unknown_method' | 'failed' | 'bad_frame';
  /** The param the error is about, so a form can show it beside that field. */
  field?: string;
}

export type ReplyFrame = { id: number; result: unknown } | { id: number; error: ErrorBody };
export type PushFrame = { event: AppEvent };
