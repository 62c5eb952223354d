import type { RecordedRequest, Step, StepFunction } from './modelServer/index.js';

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}

function entriesOf(request: RecordedRequest): unknown[] {
  const body = request.body;
  return [...(Array.isArray(body?.messages) ? body.messages : []), ...(Array.isArray(body?.input) ? body.input : [])];
}

/** Tool results sent back since the last user message, on either wire. */
export function resultsSinceLastPrompt(request: RecordedRequest): number {
  let count = 0;
  for (const entry of entriesOf(request)) {
    if (!entry || typeof entry !== 'object') continue;
    if ('role' in entry && entry.role === 'user') count = 0;
    if (('role' in entry && entry.role === 'tool') || ('type' in entry && entry.type === 'function_call_output')) count += 1;
  }
  return count;
}

/** Every user message of a request, on either wire, in order. */
export function userTexts(request: RecordedRequest): string[] {
  return entriesOf(request)
    .filter((e): e is { role: string; content: unknown } => !!e && typeof e === 'object' && 'role' in e && e.role === 'user')
    .map((e) => textOf(e.content));
}

/** The first model request whose last user message is `prompt`; throws when there is none. */
export function firstRequestFor(requests: readonly RecordedRequest[], prompt: string): RecordedRequest {
  const request = requests.find((r) => r.body !== undefined && userTexts(r).at(-1) === prompt);
  if (!request) throw new Error(`the model never got a request for "${prompt}"`);
  return request;
}

/**
 * A stateless script for concurrent tasks: the plan is chosen by the task's
 * last user prompt and the step by how many tool results came back so far.
 */
export function byPrompt(plans: (prompt: string) => Step[] | undefined): StepFunction {
  return (request) => {
    const prompt = userTexts(request).at(-1) ?? '';
    const plan = plans(prompt);
    if (!plan) throw new Error(`no plan for prompt ${JSON.stringify(prompt.slice(0, 80))}`);
    const step = plan[Math.min(resultsSinceLastPrompt(request), plan.length - 1)];
    if (!step) throw new Error('empty plan');
    return step;
  };
}

export function shell(command: string[], extra: Record<string, unknown> = {}): Step {
  return { toolCalls: [{ name: 'shell', arguments: { command, ...extra } }] };
}

export function patch(input: string): Step {
  return { toolCalls: [{ name: 'apply_patch', arguments: { input } }] };
}

export function answer(text: string): Step {
  return { text };
}
