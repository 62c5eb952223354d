import type { RecordedRequest, Step, StepFunction } from './modelServer/index.js';

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

function entriesOf(request: RecordedRequest): unknown[] {
  const body = request.body;
  return [...(Array.isArray(body?.messages) ? body.messages : []), ...(Array.isArray(body?.input) ? body.input : [])];
}

function isToolResult(entry: unknown): boolean {
  if (!entry || typeof entry !== 'object') return false;
  return ('role' in entry && entry.role === 'tool') || ('type' in entry && (entry.type === 'function_call_output' || entry.type === 'custom_tool_call_output'));
}

/**
 * A script for agent CLIs, which add their own user messages (environment context, system
 * reminders) around the user's prompt: the plan is the one whose marker appears last in a user
 * message, and the step is the number of tool results after it. Requests without tools (a
 * CLI asking for a session title) get a title.
 */
export function byMarker(plans: Record<string, Step[]>): StepFunction {
  return (request) => {
    const tools = request.body?.tools;
    if (!Array.isArray(tools) || tools.length === 0) return { text: 'Fix the add function' };
    let marker: string | undefined;
    let results = 0;
    for (const entry of entriesOf(request)) {
      if (isToolResult(entry)) results += 1;
      if (!entry || typeof entry !== 'object' || !('role' in entry) || entry.role !== 'user') continue;
      const text = textOf('content' in entry ? entry.content : undefined);
      const found = Object.keys(plans).filter((key) => text.includes(key)).at(-1);
      if (found) {
        marker = found;
        results = 0;
      }
    }
    const plan = marker ? plans[marker] : undefined;
    if (!plan) throw new Error(`no plan for this request: none of ${Object.keys(plans).join(', ')} is in its user messages`);
    const step = plan[Math.min(results, plan.length - 1)];
    if (!step) throw new Error(`the plan for ${marker} is empty`);
    return step;
  };
}
