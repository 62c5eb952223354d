import type { z } from 'zod';
import type { EventType } from '../../../shared/events.js';
import type { ModeDescriptor } from '../../../shared/modes.js';
import { advertisedSchema } from './advertisedSchema.js';
import type { ToolContext } from './toolContext.js';

/** A function tool in wire-neutral form; the wires wrap it in their own envelopes. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Everything about one tool, declared in one place (see tools/definitions/). */
export interface ToolDeclaration<Args extends z.ZodType, Emits extends EventType> {
  name: string;
  description: string;
  /** The parse of the model's arguments, with `.describe()` texts; the model's JSON Schema is generated from it. */
  args: Args;
  /** Whether a mode offers the tool, from what the mode is rather than from its name. */
  offeredIn: (mode: ModeDescriptor) => boolean;
  /** The only events `run` may emit; the compiler holds it to this list. */
  emits: readonly Emits[];
  /** The result for a call in a mode that does not offer the tool; by default the model hears there is no such tool. */
  notOffered?: string;
  run: (args: z.output<Args>, context: ToolContext<Emits>, callId: string) => Promise<string> | string;
}

export interface Tool extends ToolSpec {
  offeredIn: (mode: ModeDescriptor) => boolean;
  emits: readonly EventType[];
  notOffered: string | undefined;
  /** Checks the arguments against the declaration, then runs; a mismatch is a result naming each problem. */
  invoke: (callId: string, args: unknown, context: ToolContext) => Promise<string>;
}

export function defineTool<Args extends z.ZodType, Emits extends EventType>(declaration: ToolDeclaration<Args, Emits>): Tool {
  const { name, description, args, offeredIn, emits, notOffered, run } = declaration;
  return {
    name,
    description,
    parameters: advertisedSchema(args),
    offeredIn,
    emits,
    notOffered,
    invoke: async (callId, value, context) => {
      const parsed = args.safeParse(value);
      if (parsed.success) return run(parsed.data, context, callId);
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`);
      return `Error: invalid arguments for ${name}, so nothing was run:\n${issues.join('\n')}\nFix them and call ${name} again.`;
    },
  };
}
