import type { z } from 'zod';
import { runApplyPatch } from './applyPatchTool.js';
import { runShell } from './shellTool.js';
import { runReportFinding } from './reportFindingTool.js';
import { applyPatchArgs, reportFindingArgs, shellArgs, updatePlanArgs } from './toolArgs.js';
import type { ToolCall, ToolContext } from './toolContext.js';
import { runUpdatePlan } from './updatePlanTool.js';

type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Runs one tool call and returns the text for the model. Whatever the model got wrong (an
 * unknown tool, arguments that are not JSON or do not fit the schema) becomes a result that
 * names the problem, so the model can correct itself; only a cancel throws.
 */
export async function runToolCall(call: ToolCall, context: ToolContext): Promise<string> {
  const tool = context.offered.find((name) => name === call.name);
  if (tool === undefined) return unknownTool(call.name, context);
  const json = parseArguments(call);
  if (!json.ok) return json.error;
  switch (tool) {
    case 'shell': {
      const args = validate(call.name, shellArgs, json.value);
      return args.ok ? runShell(call.callId, args.value, context) : args.error;
    }
    case 'apply_patch': {
      const args = validate(call.name, applyPatchArgs, json.value);
      return args.ok ? runApplyPatch(call.callId, args.value.input, context) : args.error;
    }
    case 'update_plan': {
      const args = validate(call.name, updatePlanArgs, json.value);
      return args.ok ? runUpdatePlan(args.value, context) : args.error;
    }
    case 'report_finding': {
      const args = validate(call.name, reportFindingArgs, json.value);
      return args.ok ? runReportFinding(args.value, context) : args.error;
    }
  }
}

function unknownTool(name: string, context: ToolContext): string {
  const available = context.offered.join(', ');
  if (name === 'apply_patch') {
    return `Error: apply_patch is not available in this read-only task; files must not be changed. The tools are: ${available}.`;
  }
  return `Error: there is no tool named ${JSON.stringify(name)}. The tools are: ${available}. Call one of them by its exact name.`;
}

function parseArguments(call: ToolCall): Checked<unknown> {
  const text = call.arguments.trim();
  if (text === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const preview = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return {
      ok: false,
      error:
        `Error: the arguments for ${call.name} are not valid JSON (${error instanceof Error ? error.message : String(error)}), ` +
        `so nothing was run. Received: ${preview}\nCall ${call.name} again with the arguments as one complete JSON object.`,
    };
  }
}

function validate<T>(name: string, schema: z.ZodType<T>, value: unknown): Checked<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`);
  return { ok: false, error: `Error: invalid arguments for ${name}, so nothing was run:\n${issues.join('\n')}\nFix them and call ${name} again.` };
}
