import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { summaryForModel } from '../conversation.js';
import type { ToolSpec } from '../tools/tool.js';
import type { ConversationItem } from '../types.js';

/**
 * The conversation as Chat Completions messages: the instructions as the system message, and
 * each step's tool calls on one assistant message, followed by one `tool` message per result.
 */
export function chatMessages(instructions: string, items: readonly ConversationItem[]): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: instructions }];
  for (const item of items) {
    switch (item.role) {
      case 'user':
        messages.push({ role: 'user', content: item.text });
        break;
      case 'summary':
        messages.push({ role: 'user', content: summaryForModel(item.text) });
        break;
      case 'assistant':
        messages.push({ role: 'assistant', content: item.text });
        break;
      case 'tool_call':
        assistantFor(messages).tool_calls?.push({
          id: item.callId,
          type: 'function',
          function: { name: item.name, arguments: item.arguments },
        });
        break;
      case 'tool_result':
        messages.push({ role: 'tool', tool_call_id: item.callId, content: item.output });
        break;
    }
  }
  return messages;
}

/** The assistant message a tool call belongs to: the one just before it, or a new one. */
function assistantFor(messages: ChatCompletionMessageParam[]): ChatCompletionAssistantMessageParam & { tool_calls: unknown[] } {
  const last = messages.at(-1);
  if (last?.role === 'assistant') {
    last.tool_calls ??= [];
    return last as ChatCompletionAssistantMessageParam & { tool_calls: unknown[] };
  }
  const message = { role: 'assistant' as const, content: null, tool_calls: [] };
  messages.push(message);
  return message;
}

export function chatTools(tools: readonly ToolSpec[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}
