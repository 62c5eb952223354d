import { MODES } from '../../../shared/modes.js';
import type { TaskMode } from '../types.js';

export type ToolName = (typeof MODES)[TaskMode]['tools'][number];

/** A function tool in wire-neutral form; the wires wrap it in their own envelopes. */
export interface ToolSpec {
  name: ToolName;
  description: string;
  parameters: Record<string, unknown>;
}

// Parameter names and shapes follow Codex's tools, so models trained on Codex call them well.
const shell: ToolSpec = {
  name: 'shell',
  description:
    'Runs a command in the sandbox and returns its exit code, wall time and output (stdout and stderr). ' +
    'Give the argv, e.g. ["rg", "-n", "parseConfig", "src"]; use ["bash", "-lc", "..."] for pipes, redirects and globs. ' +
    'Commands start in the working directory unless workdir is given. ' +
    'Long output is shortened to its first and last 128 lines (about 10 KiB), so filter it (rg, head, tail, sed -n) when you expect a lot.',
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'array', items: { type: 'string' }, description: 'The command to execute, as argv.' },
      workdir: { type: 'string', description: 'The working directory to execute the command in.' },
      timeout_ms: { type: 'number', description: 'The timeout for the command in milliseconds.' },
    },
    required: ['command'],
    additionalProperties: false,
  },
};

const applyPatch: ToolSpec = {
  name: 'apply_patch',
  description: [
    'Edits files with a patch. Every change applies, or none does. The input is:',
    '*** Begin Patch',
    '*** Add File: path/new.py        (then every line of the new file, each starting with +)',
    '*** Delete File: path/old.py',
    '*** Update File: path/app.py',
    '*** Move to: path/renamed.py     (optional, right after Update File)',
    '@@ def handler():                (optional anchor: a line near the change, to find the right place)',
    ' context line (starts with a space)',
    '-removed line',
    '+added line',
    '*** End of File                  (optional, after a hunk that must match the end of the file)',
    '*** End Patch',
    'Paths are relative to the workspace root. Give about 3 lines of unchanged context before and after each change, ',
    'copied exactly; add @@ anchors when the context alone appears more than once. Several files and hunks may go in one patch.',
  ].join('\n'),
  parameters: {
    type: 'object',
    properties: {
      input: { type: 'string', description: 'The entire patch, from *** Begin Patch to *** End Patch.' },
    },
    required: ['input'],
    additionalProperties: false,
  },
};

const updatePlan: ToolSpec = {
  name: 'update_plan',
  description:
    'Shows the user your plan for the task. Send every step each time with its status; ' +
    'keep exactly one step in_progress until all are completed. Skip it for simple tasks.',
  parameters: {
    type: 'object',
    properties: {
      explanation: { type: 'string', description: 'Optional: why the plan changed.' },
      plan: {
        type: 'array',
        description: 'The steps, in order.',
        items: {
          type: 'object',
          properties: {
            step: { type: 'string' },
            status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
          },
          required: ['step', 'status'],
          additionalProperties: false,
        },
      },
    },
    required: ['plan'],
    additionalProperties: false,
  },
};

const reportFinding: ToolSpec = {
  name: 'report_finding',
  description:
    'Reports one problem in the change under review, so the user sees it next to the code and can have it fixed. ' +
    'Call it once per problem, most important first; report only problems the change brings in or exposes, each with evidence.',
  parameters: {
    type: 'object',
    properties: {
      title: { type: 'string', description: 'The problem in at most 80 characters, e.g. "Total ignores the discount for members".' },
      body: { type: 'string', description: 'Why it is wrong and what it breaks, with the evidence (code, a command and its output); then how to fix it. Markdown.' },
      priority: { type: 'integer', enum: [0, 1, 2, 3], description: '0: must be fixed before merging (bug, data loss, security); 1: should be fixed; 2: minor; 3: nit.' },
      file: { type: 'string', description: 'The file, relative to the repository root, as git diff names it.' },
      line_start: { type: 'integer', description: 'First line of the problem in the file as it is after the change.' },
      line_end: { type: 'integer', description: 'Last line (default: line_start); keep the range short, at most about 10 lines.' },
      confidence: { type: 'number', description: 'How sure you are that this is a real problem, 0 to 1.' },
    },
    required: ['title', 'body', 'priority', 'file', 'line_start'],
    additionalProperties: false,
  },
};

const SPECS: Record<ToolName, ToolSpec> = { shell, apply_patch: applyPatch, update_plan: updatePlan, report_finding: reportFinding };

/** The tools the mode offers (shared/modes.ts): Ask and Review are read-only, so they offer no way to write files. */
export function toolSpecsFor(mode: TaskMode): ToolSpec[] {
  return MODES[mode].tools.map((name) => SPECS[name]);
}
