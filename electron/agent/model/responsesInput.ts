import type { FunctionTool, ResponseInputItem } from 'openai/resources/responses/responses';
import { summaryForModel } from '../conversation.js';
import type { ToolSpec } from '../tools/tool.js';
import type { ConversationItem } from '../types.js';

/** The conversation as Responses input items; requests are stateless, so nothing refers to stored items. */
export function responsesInput(items: readonly ConversationItem[]): ResponseInputItem[] {
  return items.map((item): ResponseInputItem => {
    switch (item.role) {
      case 'user':
        return { type: 'message', role: 'user', content: item.text };
      case 'summary':
        return { type: 'message', role: 'user', content: summaryForModel(item.text) };
      case 'assistant':
        return { type: 'message', role: 'assistant', content: item.text };
      case 'tool_call':
        return { type: 'function_call', call_id: item.callId, name: item.name, arguments: item.arguments };
      case 'tool_result':
        return { type: 'function_call_output', call_id: item.callId, output: item.output };
    }
  });
}

export function responsesTools(tools: readonly ToolSpec[]): FunctionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters,
    strict: false,
  }));
}
