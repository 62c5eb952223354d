import type { RecordedRequest } from './types.js';

export interface ToolOutput {
  callId: string;
  output: string;
}

/**
 * The tool results the engine sent back in a request, on either wire: chat `{role: 'tool'}`
 * messages or responses `function_call_output` input items. For step functions that react to them.
 */
export function toolOutputsOf(request: RecordedRequest): ToolOutput[] {
  const body = request.body;
  if (body === undefined) return [];
  const results: ToolOutput[] = [];
  for (const entry of [...asArray(body.messages), ...asArray(body.input)]) {
    if (!isRecord(entry)) continue;
    if (entry.role === 'tool' && typeof entry.tool_call_id === 'string') {
      results.push({ callId: entry.tool_call_id, output: textOf(entry.content) });
    } else if (entry.type === 'function_call_output' && typeof entry.call_id === 'string') {
      results.push({ callId: entry.call_id, output: textOf(entry.output) });
    }
  }
  return results;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// Both wires also allow content as a list of text parts.
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .join('');
}
