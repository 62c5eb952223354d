import type { ModeDescriptor } from '../../../shared/modes.js';
import type { Tool } from './tool.js';
import type { ToolCall, ToolContext } from './toolContext.js';

/**
 * A set of tools: what the model request offers in a mode and what runs a call. Whatever the
 * model got wrong (an unknown tool, arguments that are not JSON or do not fit the schema)
 * becomes a result that names the problem, so the model can correct itself; only a cancel throws.
 */
export class ToolRegistry {
  private readonly byName = new Map<string, Tool>();

  constructor(readonly tools: readonly Tool[]) {
    for (const tool of tools) {
      if (this.byName.has(tool.name)) throw new Error(`Two tools are named ${tool.name}`);
      this.byName.set(tool.name, tool);
    }
  }

  /** The tools a mode offers, in the registry's order. */
  offeredIn(mode: ModeDescriptor): Tool[] {
    return this.tools.filter((tool) => tool.offeredIn(mode));
  }

  /** Runs one call among the tools `context.offered` names, and returns the text for the model. */
  async run(call: ToolCall, context: ToolContext): Promise<string> {
    const tool = context.offered.includes(call.name) ? this.byName.get(call.name) : undefined;
    if (tool === undefined) return this.unknownTool(call.name, context);
    const json = parseArguments(call);
    return json.ok ? tool.invoke(call.callId, json.value, context) : json.error;
  }

  private unknownTool(name: string, context: ToolContext): string {
    const available = context.offered.join(', ');
    const notOffered = this.byName.get(name)?.notOffered;
    if (notOffered !== undefined) return `Error: ${notOffered} The tools are: ${available}.`;
    return `Error: there is no tool named ${JSON.stringify(name)}. The tools are: ${available}. Call one of them by its exact name.`;
  }
}

function parseArguments(call: ToolCall): { ok: true; value: unknown } | { ok: false; error: string } {
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
