/**
 * Review findings: what a review task reports about a change, and the limits every path that
 * reports one (the built-in agent's tool, an agent CLI's final answer) keeps to.
 */

/** P0 must be fixed before merging … P3 is a nit. */
export type FindingPriority = 0 | 1 | 2 | 3;
export const FINDING_PRIORITIES: readonly FindingPriority[] = [0, 1, 2, 3];

export const FINDING_TITLE_MAX = 200;
export const FINDING_BODY_MAX = 8_000;
export const FINDING_PATH_MAX = 4096;
/** Past any real file's length. */
export const FINDING_LINE_MAX = 10_000_000;
/** Per review turn: past this the agent is told to keep to the most important ones. */
export const FINDINGS_PER_TURN_MAX = 50;

export const PRIORITY_LABELS: Record<FindingPriority, string> = {
  0: 'P0 · blocker',
  1: 'P1 · major',
  2: 'P2 · minor',
  3: 'P3 · nit',
};

/** What a review looks at. The change is always "base → head", both commits in the app's mirror. */
export type ReviewTarget =
  | { kind: 'task'; taskId: string }
  | { kind: 'branch'; branch: string; base: string }
  | { kind: 'uncommitted' };

/** A review as asked for: a branch's base may be left to the environment's base branch. */
export type ReviewRequest = Exclude<ReviewTarget, { kind: 'branch' }> | { kind: 'branch'; branch: string; base?: string };

export type FindingStatus = 'open' | 'dismissed' | 'fixing';

export interface FindingView {
  id: string;
  /** The review task that reported it. */
  taskId: string;
  turn: number;
  priority: FindingPriority;
  title: string;
  body: string;
  /** Inside the repository, as the reviewed diff names it. */
  path: string;
  /** Lines of the new version of the file (after the change). */
  startLine: number;
  endLine: number;
  /** 0 to 1, as the reviewer rated it; null when it did not say. */
  confidence: number | null;
  status: FindingStatus;
  /** The task and turn "Fix this" started; null until then. */
  fixTaskId: string | null;
  fixTurn: number | null;
  createdAt: number;
}

/** "the uncommitted changes", "branch feature against main", "task “Add login”". */
export function describeTarget(target: ReviewRequest, taskTitle?: string): string {
  switch (target.kind) {
    case 'task':
      return taskTitle ? `the result of task “${taskTitle}”` : `the result of task ${target.taskId}`;
    case 'branch':
      return target.base ? `branch ${target.branch} against ${target.base}` : `branch ${target.branch}`;
    case 'uncommitted':
      return 'the uncommitted changes';
  }
}
