import type { AgentBackendName } from './agents.js';
import type { CommentSide } from './comments.js';
import type { TaskStatus } from './events.js';
import type { ReviewTarget } from './findings.js';
import type { TaskMode } from './modes.js';

export type { TaskMode };

export type DoctorCheckName = 'docker' | 'image' | 'dataDir' | 'provider' | 'electron' | 'agents';

export interface DoctorCheck {
  name: DoctorCheckName;
  label: string;
  ok: boolean;
  /** What was found, e.g. "engine 24.0.7 (API 1.43)". */
  detail: string;
  /** What to do when the check failed or warns. */
  fix?: string;
  /** Passed, but something needs attention soon (tasks still run). */
  warning?: boolean;
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}


/** A command run after every Code turn on its final tree; a non-zero exit fails it. */
export interface CheckSpec {
  name: string;
  command: string;
  timeoutMs: number;
}

/** What a running task is doing right now, e.g. "running `pytest -q`" since a moment. */
export interface TaskActivity {
  text: string;
  /** When this step began (ms since epoch). */
  since: number;
}

/** A task as the UI sees it. */
export interface TaskView {
  /** Lowercase ULID: sorts by creation time. */
  id: string;
  title: string;
  prompt: string;
  mode: TaskMode;
  status: TaskStatus;
  /** Finer progress inside a status, e.g. "setup" or "agent". */
  phase: string | null;
  environmentId: string | null;
  repoPath: string;
  baseRef: string | null;
  baseCommit: string | null;
  includeUncommitted: boolean;
  /** Shared by the sibling attempts of a best-of-N launch. */
  groupId: string | null;
  attempt: number;
  attemptsTotal: number;
  /** Which agent runs the task: Codebay's own or an agent CLI. */
  agent: AgentBackendName;
  /** How the latest turn's checks went; null when none ran. A task whose checks failed still succeeded. */
  checksPassed: number | null;
  checksFailed: number | null;
  /** The attempt of a best-of-N the user chose; its siblings were archived. */
  chosen: boolean;
  /** What a review task reviews; null for other modes. */
  reviewTarget: ReviewTarget | null;
  /** Findings a review reported that are neither dismissed nor being fixed. */
  findingsOpen: number;
  model: string | null;
  linesAdded: number;
  linesRemoved: number;
  filesChanged: number;
  inputTokens: number;
  outputTokens: number;
  error: string | null;
  archived: boolean;
  exportedAt: number | null;
  branchName: string | null;
  /** Where the result was pushed, e.g. "origin codebay/fix-login". */
  pushedTo: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** The current step of a running turn; null between turns. */
  activity: TaskActivity | null;
  /** Time spent in finished turns, without the idle time between them (ms). */
  workMs: number;
  /** When the turn in progress started; null when none runs. */
  turnStartedAt: number | null;
  /** Bytes of command and setup output dropped past the log cap. */
  logDroppedBytes: number;
}

export interface TurnView {
  turn: number;
  prompt: string;
  status: TaskStatus;
  summary: string | null;
  error: string | null;
  linesAdded: number;
  linesRemoved: number;
  filesChanged: number;
  inputTokens: number;
  outputTokens: number;
  startedAt: number | null;
  finishedAt: number | null;
  hasResult: boolean;
  checksPassed: number | null;
  checksFailed: number | null;
}

/** One attempt of a best-of-N, side by side with its siblings. */
export interface AttemptRow {
  id: string;
  attempt: number;
  agent: AgentBackendName;
  status: TaskStatus;
  chosen: boolean;
  /** Whether a turn has left a result to compare (an attempt that failed before any has none). */
  hasResult: boolean;
  checksPassed: number | null;
  checksFailed: number | null;
  filesChanged: number;
  linesAdded: number;
  linesRemoved: number;
  inputTokens: number;
  outputTokens: number;
  /** From the first turn's start to the last one's end; null while it has not finished. */
  wallMs: number | null;
  commands: number;
}

export interface TaskDetail {
  task: TaskView;
  turns: TurnView[];
  /** The other attempts of a best-of-N launch, this one included, by attempt number. */
  siblings: TaskView[];
}

/** How a branch, in the user's repository or on a remote, came to point at a task's result. */
export interface RefMove {
  /** `updated` is a fast-forward; `replaced` was forced and dropped what only the old commit had. */
  change: 'created' | 'updated' | 'unchanged' | 'replaced';
  /** Where it pointed before; null when it was created. Abbreviated when only the remote had it. */
  from: string | null;
  to: string;
  /** The turns whose results `from` and `to` are, when they are this task's. */
  fromTurn: number | null;
  toTurn: number | null;
  /** How many commits a fast-forward added. */
  commits: number | null;
}

/** Where a task's branch or pushed branch points now, against the task's turns. */
export interface ShippedView {
  /** The branch; for a push, its name on the remote. */
  name: string;
  remote: string | null;
  /**
   * Its commit as the user's repository knows it (a remote's as of the last push or fetch);
   * null when the branch is gone or the repository has no record of the remote's.
   */
  commit: string | null;
  /** The turn whose result that commit is; null when it is none of this task's. */
  turn: number | null;
}

/** Whether what was shipped from a task (its branch, its push) still matches its newest result. */
export interface ShipStateView {
  /** The newest turn with a result; null before the first. */
  latest: { turn: number; commit: string } | null;
  branch: ShippedView | null;
  pushed: ShippedView | null;
  /** The forge's page for opening a pull request of the pushed branch; null when not pushed, or the remote has no web host Codebay knows. */
  pullRequestUrl: string | null;
  /** The branch name Create branch uses when given none: the task's own, or a short free one. */
  suggestedBranch: string;
  /**
   * The commit message Create branch and Push prefill: the turn commit's own for one new turn,
   * else the task's title over a list of the turns; null before the first result.
   */
  commitMessage: string | null;
  /** How many turn commits the task's branch lacks (those after the turn it carries), so shipping would add. */
  turnCommitsToShip: number;
  /**
   * Whether those turn commits build on what the branch holds, so they can ship as they are;
   * false once the branch holds a commit Codebay made with a message, on which new turns ship as one more.
   */
  turnCommitsFit: boolean;
}

export interface TaskListPage {
  tasks: TaskView[];
  total: number;
}

export interface DiffFileView {
  path: string;
  oldPath?: string;
  status: string;
  added: number;
  removed: number;
  binary: boolean;
}

export interface DiffSummaryView {
  files: DiffFileView[];
  totals: { filesChanged: number; linesAdded: number; linesRemoved: number };
}

export interface FileVersionsView {
  original: string | null;
  modified: string | null;
  binary: boolean;
  tooLarge: boolean;
}

export interface EnvironmentView {
  id: string;
  name: string;
  repoPath: string | null;
  baseBranch: string | null;
  /** Sandbox image override; null means the built-in image. */
  image: string | null;
  setupScript: string;
  envVars: Record<string, string>;
  /** Names of secrets injected during setup; their values live outside SQLite. */
  secretNames: string[];
  /** Whether the agent phase may reach the network (setup always may). */
  agentNetwork: boolean;
  /** The agent tasks use unless the composer picks another; null means the built-in one. */
  agent: AgentBackendName | null;
  /** Commands run after every Code turn (tests, linters). */
  checks: CheckSpec[];
  cpus: number | null;
  memoryBytes: number | null;
  pidsLimit: number | null;
  /** Disk a sandbox may fill (its own files plus the workspace) before its task is stopped. */
  diskBytes: number | null;
  timeLimitMs: number | null;
}

export interface ProviderView {
  id: string;
  name: string;
  preset: string;
  baseUrl: string;
  wire: 'responses' | 'chat';
  model: string;
  extraHeaders: Record<string, string>;
  contextWindow: number | null;
  hasKey: boolean;
}

export interface SettingsView {
  defaultProviderId: string | null;
  concurrency: number;
  poolSize: number;
  userInstructions: string;
  theme: 'system' | 'light' | 'dark';
  presets: Array<{ id: string; name: string; baseUrl: string; wire: 'responses' | 'chat'; needsKey: boolean; notes: string }>;
}

/** A reviewer's comment on lines of a task's diff, sent back to the agent in a follow-up. */
export interface CommentView {
  id: string;
  taskId: string;
  /** The turn whose diff showed the lines; null for the diff of all turns. */
  turn: number | null;
  side: CommentSide;
  /** The file as the diff names it. */
  path: string;
  startLine: number;
  endLine: number;
  /** The code those lines held when the comment was written (capped: see shared/comments.ts). */
  quote: string;
  body: string;
  /** Settled without sending: a resolved comment is not sent. */
  resolved: boolean;
  /** The follow-up turn that carried the comment to the agent; null until it is sent. */
  sentTurn: number | null;
  createdAt: number;
  updatedAt: number;
}
