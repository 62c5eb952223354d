/**
 * What each kind of task is, in one place: the agent loop, the runner, the store, the CLI and
 * the UI read these descriptors instead of naming modes, so a new mode is one entry here (plus
 * its prompt beside the agent's others). Each built-in tool says which modes offer it from
 * these fields (electron/agent/tools/definitions/), so a mode lists no tools by name.
 */

export interface ModeDescriptor {
  /** As the UI and CLI show it. */
  label: string;
  /** One line for tooltips and help. */
  description: string;
  /** Whether the turn's file changes become its result; otherwise they are thrown away. */
  keepsChanges: boolean;
  /** Whether the environment's checks run after each turn. */
  runsChecks: boolean;
  /** Whether the task reviews a change (a task's result, a branch, uncommitted work) and reports findings. */
  reviews: boolean;
  /** For the agent's own brief: what this task asks of it. */
  brief: string;
}

export const MODES = {
  code: {
    label: 'Code',
    description: 'The agent changes files; the result is a diff to review, export, branch or push',
    keepsChanges: true,
    runsChecks: true,
    reviews: false,
    brief: 'code — change files as the task needs',
  },
  ask: {
    label: 'Ask',
    description: 'A read-only answer about the code',
    keepsChanges: false,
    runsChecks: false,
    reviews: false,
    brief: 'ask — read-only, answer the question',
  },
  review: {
    label: 'Review',
    description: 'The agent reviews a change without editing it and reports prioritised findings',
    keepsChanges: false,
    runsChecks: false,
    reviews: true,
    brief: 'review — read-only, report each problem of the change with report_finding',
  },
} as const satisfies Record<string, ModeDescriptor>;

export type TaskMode = keyof typeof MODES;
export const TASK_MODES = Object.keys(MODES) as [TaskMode, ...TaskMode[]];

export function isTaskMode(value: string): value is TaskMode {
  return Object.hasOwn(MODES, value);
}

export function modeOf(mode: TaskMode): ModeDescriptor {
  return MODES[mode];
}

/** Modes a task is created in from a prompt alone; a review also needs the change it reviews. */
export const PROMPT_MODES = TASK_MODES.filter((mode) => !MODES[mode].reviews) as [TaskMode, ...TaskMode[]];
