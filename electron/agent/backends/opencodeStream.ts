import path from 'node:path';
import { z } from 'zod';
import type { PlanStep } from '../../../shared/events.js';
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
const count = tokens.optional().catch(undefined);

const toolPart = z.object({
  tool: z.string(),
  callID: z.string(),
  state: z.object({
    status: z.string(),
    input: z.unknown(),
    output: z.string().optional().catch(undefined),
    error: z.string().optional().catch(undefined),
    metadata: z.unknown().optional(),
    time: z.object({ start: z.number(), end: z.number() }).optional().catch(undefined),
  }),
});
type ToolPart = z.output<typeof toolPart>;

const lineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step_start'), sessionID: z.string().optional().catch(undefined) }),
  z.object({ type: z.enum(['text', 'reasoning']), sessionID: z.string().optional().catch(undefined), part: z.object({ text: z.string() }) }),
  z.object({ type: z.literal('tool_use'), sessionID: z.string().optional().catch(undefined), part: toolPart }),
  z.object({
    type: z.literal('step_finish'),
    sessionID: z.string().optional().catch(undefined),
    part: z.object({
      reason: z.string().optional().catch(undefined),
      tokens: z
        .object({
          input: tokens,
          output: tokens,
          reasoning: count,
          cache: z.object({ read: count, write: count }).optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
    }),
  }),
  z.object({
    type: z.literal('error'),
    sessionID: z.string().optional().catch(undefined),
    error: z
      .object({ name: z.string().optional().catch(undefined), data: z.object({ message: z.string() }).optional().catch(undefined) })
      .optional()
      .catch(undefined),
  }),
]);

const bashInput = z.object({ command: z.string(), workdir: z.string().optional().catch(undefined) });
const bashMetadata = z.object({ exit: z.number().int().nullish().catch(null), output: z.string().optional().catch(undefined) });
const fileInput = z.object({ filePath: z.string() });
const patchInput = z.object({ patchText: z.string() });
const patchMetadata = z.object({ files: z.array(z.object({ filePath: z.string() })) });
const todoInput = z.object({ todos: z.array(z.object({ content: z.string(), status: z.string() })) });

const FILE_TOOLS = new Set(['edit', 'write', 'multiedit']);
const PATCH_TOOLS = new Set(['patch', 'apply_patch']);
// The file headers of an apply_patch text; "Move to" names the new path of a moved file.
const PATCH_HEADER = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/gm;

/**
 * Reads `opencode run --format json`: {type, timestamp, sessionID, part} lines of type
 * step_start, text, reasoning (with --thinking), tool_use (once the tool has finished),
 * step_finish and error. opencode prints no line of its own for the end of the turn: a step
 * that finishes for any reason but more tool calls is the agent's last.
 */
export class OpencodeStreamMapper implements CliStreamMapper {
  private readonly cwd: string;
  private readonly tag: string;
  private session: string | undefined;
  private lastMessage = '';

  constructor(options: CliStreamOptions = {}) {
    this.cwd = options.cwd ?? DEFAULT_CWD;
    this.tag = options.callIdTag ?? newCallIdTag();
  }

  line(text: string): CliStreamOutcome[] {
    const line = readJsonLine(text, lineSchema);
    if (line === undefined) return [];
    const outcomes: CliStreamOutcome[] = [];
    if (line.sessionID !== undefined && line.sessionID !== this.session) {
      this.session = line.sessionID;
      outcomes.push({ kind: 'session', id: line.sessionID });
    }
    switch (line.type) {
      case 'step_start':
        break;
      case 'text':
        this.lastMessage = line.part.text;
        outcomes.push(event({ type: 'agent.message', text: line.part.text }));
        break;
      case 'reasoning':
        if (line.part.text.trim() !== '') outcomes.push(event({ type: 'agent.reasoning', text: line.part.text }));
        break;
      case 'tool_use':
        outcomes.push(...this.tool(line.part));
        break;
      case 'step_finish': {
        const used = line.part.tokens;
        if (used) {
          // opencode counts cache reads and writes, and reasoning, apart from input and output.
          const inputTokens = used.input + (used.cache?.read ?? 0) + (used.cache?.write ?? 0);
          outcomes.push(event({ type: 'usage', inputTokens, outputTokens: used.output + (used.reasoning ?? 0) }));
        }
        if (line.part.reason !== 'tool-calls') outcomes.push({ kind: 'finished', summary: this.lastMessage });
        break;
      }
      case 'error':
        outcomes.push({ kind: 'failed', error: nonEmpty(line.error?.data?.message) ?? nonEmpty(line.error?.name) ?? 'opencode reported an error without saying which' });
        break;
    }
    return outcomes;
  }

  private tool(part: ToolPart): CliStreamOutcome[] {
    const { state } = part;
    // Only finished tools are printed; anything else is not a result yet.
    if (state.status !== 'completed' && state.status !== 'error') return [];
    const ok = state.status === 'completed';
    const callId = `${this.tag}-${part.callID}`;
    if (part.tool === 'bash') return this.bash(callId, part, ok);
    if (part.tool === 'todowrite') {
      const input = todoInput.safeParse(state.input);
      return input.success ? [event({ type: 'plan.updated', plan: input.data.todos.map(planStep) })] : [];
    }
    const files = this.editedFiles(part);
    if (files === undefined) return [];
    const error = nonEmpty(state.error) ?? 'opencode could not apply the change';
    return [event(ok ? { type: 'patch.applied', callId, ok, files } : { type: 'patch.applied', callId, ok, files, error })];
  }

  private bash(callId: string, part: ToolPart, ok: boolean): CliStreamOutcome[] {
    const input = bashInput.safeParse(part.state.input);
    if (!input.success) return [];
    const { state } = part;
    const metadata = bashMetadata.safeParse(state.metadata).data;
    const cwd = input.data.workdir === undefined ? this.cwd : path.posix.resolve(this.cwd, input.data.workdir);
    const outcomes: CliStreamOutcome[] = [event({ type: 'exec.begin', callId, command: shellLine(input.data.command), cwd })];
    const output = metadata?.output ?? state.output ?? '';
    if (output !== '') outcomes.push(event({ type: 'exec.output', callId, stream: 'stdout', text: output }));
    // A tool error (a refused permission, a bad argument) is what the user needs to see of the command.
    if (state.error !== undefined) outcomes.push(event({ type: 'exec.output', callId, stream: 'stderr', text: state.error }));
    const exitCode = metadata?.exit ?? (ok ? 0 : 1);
    const time = state.time;
    const durationMs = time === undefined ? 0 : elapsedMs(time.start, time.end);
    outcomes.push(event({ type: 'exec.end', callId, exitCode, durationMs, timedOut: false }));
    return outcomes;
  }

  /** The files an editing tool touched, workspace-relative; undefined for tools that edit nothing. */
  private editedFiles(part: ToolPart): string[] | undefined {
    const { state } = part;
    if (FILE_TOOLS.has(part.tool)) {
      const input = fileInput.safeParse(state.input);
      return input.success ? [workspacePath(this.cwd, input.data.filePath)] : undefined;
    }
    if (!PATCH_TOOLS.has(part.tool)) return undefined;
    const applied = patchMetadata.safeParse(state.metadata);
    if (applied.success) return applied.data.files.map((file) => workspacePath(this.cwd, file.filePath));
    // A patch that did not apply has no metadata; its own headers still name the files.
    const input = patchInput.safeParse(state.input);
    if (!input.success) return undefined;
    return [...input.data.patchText.matchAll(PATCH_HEADER)].map((match) => workspacePath(this.cwd, (match[1] ?? '').trim()));
  }
}

// opencode's lists may also hold cancelled steps, which Codebay's plans have no status for.
function planStep(todo: { content: string; status: string }): PlanStep {
  if (todo.status === 'cancelled') return { step: `${todo.content} (cancelled)`, status: 'completed' };
  return { step: todo.content, status: planStatus(todo.status) };
}
