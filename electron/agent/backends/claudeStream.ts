import { z } from 'zod';
import type { CliStreamMapper, CliStreamOutcome } from './cliStream.js';
import {
  DEFAULT_CWD,
  elapsedMs,
  event,
  newCallIdTag,
  nonEmpty,
  planStatus,
  readJsonLine,
  shellLine,
  workspacePath,
  type CliStreamOptions,
} from './cliStreamParts.js';

const tokens = z.number().int().nonnegative();
const optionalTokens = tokens.optional().catch(undefined);
// An ISO time the CLI stamps on its lines; durations come from these when present.
const stamp = z.string().optional().catch(undefined);

const lineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('system'),
    subtype: z.string(),
    session_id: z.string().optional().catch(undefined),
    attempt: optionalTokens,
    max_retries: optionalTokens,
    error_status: z.number().optional().catch(undefined),
    error: z.string().optional().catch(undefined),
  }),
  z.object({
    type: z.literal('assistant'),
    message: z.object({ content: z.array(z.unknown()).catch([]) }),
    parent_tool_use_id: z.string().nullish().catch(null),
    // Set on the stand-in message Claude Code writes for a failed API call; the result line says it too.
    error: z.unknown().optional(),
    timestamp: stamp,
  }),
  z.object({
    type: z.literal('user'),
    message: z.object({ content: z.union([z.string(), z.array(z.unknown())]).catch([]) }),
    tool_use_result: z.unknown().optional(),
    timestamp: stamp,
  }),
  z.object({
    type: z.literal('result'),
    subtype: z.string(),
    is_error: z.boolean().optional().catch(undefined),
    result: z.string().optional().catch(undefined),
    errors: z.array(z.string()).optional().catch(undefined),
    usage: z
      .object({
        input_tokens: tokens,
        output_tokens: tokens,
        cache_creation_input_tokens: optionalTokens,
        cache_read_input_tokens: optionalTokens,
      })
      .optional()
      .catch(undefined),
  }),
]);

const assistantBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('thinking'), thinking: z.string() }),
  z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }),
]);

const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.unknown())]).catch(''),
  is_error: z.boolean().nullish().catch(null),
});

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const bashInput = z.object({ command: z.string() });
const fileInput = z.union([z.object({ file_path: z.string() }), z.object({ notebook_path: z.string() })]);
const todoInput = z.object({ todos: z.array(z.object({ content: z.string(), status: z.string() })) });
// Bash's structured result; a failed command gets a plain string instead.
const bashResult = z.object({ stdout: z.string(), stderr: z.string() });

const FILE_TOOLS = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);
const EXIT_CODE = /^Exit code (\d+)\r?\n?/;

type PendingCall = { kind: 'exec'; startedAt: number } | { kind: 'patch'; files: string[] };

/**
 * Reads `claude -p --output-format stream-json --verbose`: system (init, api_retry), assistant
 * (one line per content block), user (tool results) and the final result.
 */
export class ClaudeStreamMapper implements CliStreamMapper {
  private readonly cwd: string;
  private readonly tag: string;
  private readonly now: () => number;
  private readonly pending = new Map<string, PendingCall>();
  private lastMessage = '';

  constructor(options: CliStreamOptions = {}) {
    this.cwd = options.cwd ?? DEFAULT_CWD;
    this.tag = options.callIdTag ?? newCallIdTag();
    this.now = options.now ?? Date.now;
  }

  line(text: string): CliStreamOutcome[] {
    const line = readJsonLine(text, lineSchema);
    if (line === undefined) return [];
    switch (line.type) {
      case 'system':
        if (line.subtype === 'init' && line.session_id !== undefined) return [{ kind: 'session', id: line.session_id }];
        if (line.subtype === 'api_retry') return [event({ type: 'error', message: retryMessage(line), retryable: true })];
        return [];
      case 'assistant':
        if (line.error !== undefined) return [];
        return line.message.content.flatMap((block) => this.assistantBlock(block, line.parent_tool_use_id === null, this.time(line.timestamp)));
      case 'user': {
        if (typeof line.message.content === 'string') return [];
        const results = line.message.content.flatMap((block) => {
          const parsed = toolResultBlock.safeParse(block);
          return parsed.success ? [parsed.data] : [];
        });
        // The structured result belongs to the line's only tool result; with several it is ambiguous.
        const structured = results.length === 1 ? line.tool_use_result : undefined;
        const at = this.time(line.timestamp);
        return results.flatMap((result) => this.toolResult(result, structured, at));
      }
      case 'result':
        return this.result(line);
    }
  }

  private assistantBlock(raw: unknown, topLevel: boolean, at: number): CliStreamOutcome[] {
    const parsed = assistantBlock.safeParse(raw);
    if (!parsed.success) return [];
    const block = parsed.data;
    if (block.type === 'text') {
      // A sub-agent's words are not the turn's answer.
      if (topLevel) this.lastMessage = block.text;
      return [event({ type: 'agent.message', text: block.text })];
    }
    if (block.type === 'thinking') return block.thinking.trim() === '' ? [] : [event({ type: 'agent.reasoning', text: block.thinking })];
    const callId = `${this.tag}-${block.id}`;
    if (block.name === 'Bash') {
      const input = bashInput.safeParse(block.input);
      if (!input.success) return [];
      this.pending.set(callId, { kind: 'exec', startedAt: at });
      return [event({ type: 'exec.begin', callId, command: shellLine(input.data.command), cwd: this.cwd })];
    }
    if (FILE_TOOLS.has(block.name)) {
      const input = fileInput.safeParse(block.input);
      if (!input.success) return [];
      const file = 'file_path' in input.data ? input.data.file_path : input.data.notebook_path;
      this.pending.set(callId, { kind: 'patch', files: [workspacePath(this.cwd, file)] });
      return [];
    }
    if (block.name === 'TodoWrite') {
      const input = todoInput.safeParse(block.input);
      if (!input.success) return [];
      return [event({ type: 'plan.updated', plan: input.data.todos.map((todo) => ({ step: todo.content, status: planStatus(todo.status) })) })];
    }
    return [];
  }

  private toolResult(result: z.output<typeof toolResultBlock>, structured: unknown, at: number): CliStreamOutcome[] {
    const callId = `${this.tag}-${result.tool_use_id}`;
    const call = this.pending.get(callId);
    if (call === undefined) return [];
    this.pending.delete(callId);
    const failed = result.is_error === true;
    const text = resultText(result.content);
    if (call.kind === 'patch') {
      return [event(failed ? { type: 'patch.applied', callId, ok: false, files: call.files, error: text } : { type: 'patch.applied', callId, ok: true, files: call.files })];
    }
    const outcomes: CliStreamOutcome[] = [];
    const streams = failed ? undefined : bashResult.safeParse(structured).data;
    const exit = failed ? EXIT_CODE.exec(text) : null;
    if (streams !== undefined) {
      if (streams.stdout !== '') outcomes.push(event({ type: 'exec.output', callId, stream: 'stdout', text: streams.stdout }));
      if (streams.stderr !== '') outcomes.push(event({ type: 'exec.output', callId, stream: 'stderr', text: streams.stderr }));
    } else {
      // A failed command's result starts with "Exit code N"; the rest is what it printed.
      const output = exit === null ? text : text.slice(exit[0].length);
      if (output !== '') outcomes.push(event({ type: 'exec.output', callId, stream: 'stdout', text: output }));
    }
    const exitCode = exit === null ? (failed ? 1 : 0) : Number(exit[1]);
    outcomes.push(event({ type: 'exec.end', callId, exitCode, durationMs: elapsedMs(call.startedAt, at), timedOut: false }));
    return outcomes;
  }

  private result(line: Extract<z.output<typeof lineSchema>, { type: 'result' }>): CliStreamOutcome[] {
    const outcomes: CliStreamOutcome[] = [];
    if (line.usage) {
      // Anthropic counts cache writes and reads apart from input_tokens; all of them were read.
      const { input_tokens, output_tokens, cache_creation_input_tokens = 0, cache_read_input_tokens = 0 } = line.usage;
      outcomes.push(event({ type: 'usage', inputTokens: input_tokens + cache_creation_input_tokens + cache_read_input_tokens, outputTokens: output_tokens }));
    }
    // A failed API call still has subtype "success"; is_error is what tells.
    if (line.is_error === true || line.subtype !== 'success') {
      const error = nonEmpty(line.result) ?? nonEmpty(line.errors?.join('\n')) ?? `Claude Code stopped (${line.subtype})`;
      outcomes.push({ kind: 'failed', error });
    } else {
      outcomes.push({ kind: 'finished', summary: nonEmpty(line.result) ?? this.lastMessage });
    }
    return outcomes;
  }

  private time(timestamp: string | undefined): number {
    const parsed = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
    return Number.isNaN(parsed) ? this.now() : parsed;
  }
}

function resultText(content: string | unknown[]): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) => textPart.safeParse(part).data?.text)
    .filter((text) => text !== undefined)
    .join('\n');
}

function retryMessage(line: { attempt?: number; max_retries?: number; error_status?: number; error?: string }): string {
  const status = [line.error_status === undefined ? undefined : `HTTP ${line.error_status}`, line.error].filter((part) => part !== undefined).join(' ');
  const attempt = line.attempt === undefined ? '' : `, retry ${line.attempt}${line.max_retries === undefined ? '' : ` of ${line.max_retries}`}`;
  return `Model request failed${status === '' ? '' : ` (${status})`}; Claude Code is retrying${attempt}`;
}
