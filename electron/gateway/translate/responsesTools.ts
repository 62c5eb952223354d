import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { customToolSchema, functionToolSchema, namespaceToolSchema } from './responsesRequestSchemas.js';
import { parseOrThrow } from './validate.js';

/** What a Chat tool name stands for on the Responses side, so a call can be turned back into the right item. */
export interface ChatToolOrigin {
  kind: 'function' | 'custom';
  name: string;
  namespace?: string;
}

export type ChatToolOrigins = ReadonlyMap<string, ChatToolOrigin>;

/** The single string parameter that carries a freeform (`custom`) tool's input through a Chat function call. */
export const CUSTOM_TOOL_INPUT = 'input';

const TOOL_FIX = 'Send tools as {type:"function", name, parameters} or {type:"custom", name, format}.';

/**
 * Chat has no namespaces, so a namespaced tool becomes one flat name. Codex's
 * MCP namespaces already end in `__` (`mcp__server__`), which then gives the
 * familiar `mcp__server__tool`.
 */
export function flatToolName(namespace: string | null | undefined, name: string): string {
  if (namespace === null || namespace === undefined || namespace === '') return name;
  return namespace.endsWith('_') ? `${namespace}${name}` : `${namespace}__${name}`;
}

/**
 * Responses tools to Chat tools. Function tools map one to one; freeform `custom`
 * tools (Codex's apply_patch) become a function with one string parameter,
 * `input`, and their grammar in the description; namespaces are flattened. Hosted
 * tools (web_search, local_shell, file_search, …) have no Chat form and are left out.
 */
export function responsesToolsToChat(
  tools: readonly { type: string }[],
  notes: string[],
): { tools: ChatCompletionFunctionTool[]; origins: Map<string, ChatToolOrigin> } {
  const chatTools: ChatCompletionFunctionTool[] = [];
  const origins = new Map<string, ChatToolOrigin>();
  const add = (tool: ChatCompletionFunctionTool, origin: ChatToolOrigin): void => {
    const name = tool.function.name;
    if (origins.has(name)) {
      notes.push(`tool '${name}' left out: another tool already has that name`);
      return;
    }
    origins.set(name, origin);
    chatTools.push(tool);
  };
  tools.forEach((tool, index) => {
    const where = `request.tools[${index}]`;
    if (tool.type === 'function') {
      const fn = parseOrThrow(functionToolSchema, tool, where, TOOL_FIX);
      add(functionTool(fn.name, fn.description, fn.parameters, fn.strict), { kind: 'function', name: fn.name });
    } else if (tool.type === 'custom') {
      const custom = parseOrThrow(customToolSchema, tool, where, TOOL_FIX);
      add(customAsFunction(custom.name, custom.description, custom.format), { kind: 'custom', name: custom.name });
    } else if (tool.type === 'namespace') {
      const namespace = parseOrThrow(namespaceToolSchema, tool, where, TOOL_FIX);
      namespace.tools.forEach((member, memberIndex) => {
        if (member.type !== 'function') {
          notes.push(`tool of type '${member.type}' in namespace '${namespace.name}' left out: Chat Completions has no such tool`);
          return;
        }
        const fn = parseOrThrow(functionToolSchema, member, `${where}.tools[${memberIndex}]`, TOOL_FIX);
        const flat = flatToolName(namespace.name, fn.name);
        add(functionTool(flat, fn.description ?? namespace.description, fn.parameters, fn.strict), {
          kind: 'function',
          name: fn.name,
          namespace: namespace.name,
        });
      });
    } else {
      notes.push(`tool of type '${tool.type}' left out: a Chat Completions provider has no hosted tools`);
    }
  });
  return { tools: chatTools, origins };
}

function functionTool(
  name: string,
  description: string | null | undefined,
  parameters: Record<string, unknown> | null | undefined,
  strict: boolean | null | undefined,
): ChatCompletionFunctionTool {
  return {
    type: 'function',
    function: {
      name,
      ...(description ? { description } : {}),
      // Chat servers differ on a missing schema; an empty object schema is accepted everywhere.
      parameters: parameters ?? { type: 'object', properties: {} },
      ...(typeof strict === 'boolean' ? { strict } : {}),
    },
  };
}

function customAsFunction(
  name: string,
  description: string | null | undefined,
  format: { type: string; syntax?: string | null; definition?: string | null } | null | undefined,
): ChatCompletionFunctionTool {
  const parts = [description ?? ''];
  if (format?.type === 'grammar' && format.definition) {
    parts.push(`The input must follow this ${format.syntax ?? ''} grammar:\n${format.definition}`);
  }
  parts.push(`Pass the whole input, as plain text, in the string parameter \`${CUSTOM_TOOL_INPUT}\`.`);
  return {
    type: 'function',
    function: {
      name,
      description: parts.filter((part) => part !== '').join('\n\n'),
      parameters: {
        type: 'object',
        properties: { [CUSTOM_TOOL_INPUT]: { type: 'string', description: 'The tool input, verbatim.' } },
        required: [CUSTOM_TOOL_INPUT],
        additionalProperties: false,
      },
    },
  };
}
