import { UpstreamError } from './errors.js';
import {
  outputCustomCallSchema,
  outputFunctionCallSchema,
  outputMessageSchema,
  outputReasoningSchema,
  responseSchema,
  type ResponsesAnswer,
} from './responsesAnswerSchemas.js';
import { parseOrThrow } from './validate.js';

export type ReadToolCall =
  | { kind: 'function'; itemId: string | undefined; callId: string; name: string; arguments: string }
  | { kind: 'custom'; itemId: string | undefined; callId: string; name: string; input: string };

/** What a Responses answer's output items say, in Chat terms. */
export interface ReadOutput {
  text: string;
  refusal: string;
  reasoning: string;
  toolCalls: ReadToolCall[];
}

const ANSWER_FIX = 'The provider must answer with a Responses API Response object.';

/** Parses a Response object; throws UpstreamError when it is a failed response or an `{error}` body. */
export function readResponse(value: unknown, where: string): ResponsesAnswer {
  const response = parseOrThrow(responseSchema, value, where, ANSWER_FIX);
  const error = response.error;
  if (response.status === 'failed' || (error && response.output === undefined)) {
    throw new UpstreamError(error?.message ?? 'the provider reported a failed response', error?.code ?? undefined);
  }
  return response;
}

/** Reads output items; item types with no Chat form (web_search_call, …) are skipped. */
export function readOutput(items: readonly { type: string; id?: string | null }[], where: string): ReadOutput {
  const output: ReadOutput = { text: '', refusal: '', reasoning: '', toolCalls: [] };
  const reasoning: string[] = [];
  items.forEach((item, index) => {
    const at = `${where}[${index}]`;
    switch (item.type) {
      case 'message':
        for (const part of parseOrThrow(outputMessageSchema, item, at, ANSWER_FIX).content) {
          if (part.type === 'output_text') output.text += part.text ?? '';
          if (part.type === 'refusal') output.refusal += part.refusal ?? '';
        }
        break;
      case 'reasoning': {
        const parsed = parseOrThrow(outputReasoningSchema, item, at, ANSWER_FIX);
        // Raw reasoning where the provider gives it, else its summary.
        const parts = parsed.content && parsed.content.length > 0 ? parsed.content : (parsed.summary ?? []);
        reasoning.push(...parts.map((part) => part.text));
        break;
      }
      case 'function_call': {
        const call = parseOrThrow(outputFunctionCallSchema, item, at, ANSWER_FIX);
        output.toolCalls.push({ kind: 'function', itemId: item.id ?? undefined, callId: call.call_id, name: call.name, arguments: call.arguments });
        break;
      }
      case 'custom_tool_call': {
        const call = parseOrThrow(outputCustomCallSchema, item, at, ANSWER_FIX);
        output.toolCalls.push({ kind: 'custom', itemId: item.id ?? undefined, callId: call.call_id, name: call.name, input: call.input });
        break;
      }
      default:
        break;
    }
  });
  output.reasoning = reasoning.join('\n\n');
  return output;
}

/** The Chat finish_reason for how a response ended. */
export function chatFinishReason(response: ResponsesAnswer, hasToolCalls: boolean): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  if (hasToolCalls) return 'tool_calls';
  if (response.status !== 'incomplete') return 'stop';
  return response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
}
