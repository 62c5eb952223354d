import path from 'node:path';
import { modeOf } from '../../shared/modes.js';
import { ActionableError } from '../errors.js';
import { CallIdRegistry } from './callIds.js';
import { canCompact, compactConversation, estimateTokens, overThreshold } from './compaction.js';
import { loadAgentsMd } from './instructions/agentsMd.js';
import { buildInstructions } from './instructions/buildInstructions.js';
import { ModelRequestError, type ModelClient } from './model/modelClient.js';
import type { ModelReply, ModelUsage } from './model/modelTypes.js';
import { BUILT_IN_TOOLS } from './tools/builtInTools.js';
import type { ToolSpec } from './tools/tool.js';
import type { ToolContext } from './tools/toolContext.js';
import type { AgentLimits, ConversationItem, TurnInput, TurnOutcome } from './types.js';
import { normalizeWorkingDirectory } from './workingDirectory.js';

const NO_MESSAGE = '(The model ended the turn without a message.)';

/** One turn: model request, tool calls, results, again, until the model answers without a tool call. */
export class TurnLoop {
  items: ConversationItem[];
  readonly usage: TurnOutcome['usage'] = { inputTokens: 0, outputTokens: 0 };
  /** The context size the server last reported, and how many items it covered. */
  private measured: { tokens: number; itemCount: number } | undefined;
  private justCompacted = false;

  constructor(
    private readonly input: TurnInput,
    private readonly limits: AgentLimits,
    private readonly client: ModelClient,
    items: ConversationItem[],
  ) {
    this.items = items;
  }

  async run(): Promise<TurnOutcome> {
    const { host, mode, emit, signal } = this.input;
    const workingDirectory = normalizeWorkingDirectory(this.input.workingDirectory);
    const workdir = path.posix.join(host.workspaceRoot, workingDirectory);
    const instructions = buildInstructions({
      mode,
      workspaceRoot: host.workspaceRoot,
      workdir,
      agentsMd: await loadAgentsMd(this.input.readInstructionsFile ?? ((file) => host.readFile(file)), workingDirectory),
      ...(this.input.userInstructions === undefined ? {} : { userInstructions: this.input.userInstructions }),
    });
    const tools = BUILT_IN_TOOLS.offeredIn(modeOf(mode));
    const context: ToolContext = {
      host,
      emit,
      signal,
      mode,
      workdir,
      defaultTimeoutMs: this.limits.defaultCommandTimeoutMs,
      offered: tools.map((tool) => tool.name),
      findings: { count: 0 },
    };
    const ids = new CallIdRegistry(this.items);

    for (let step = 1; step <= this.limits.maxSteps; step += 1) {
      await this.compactIfNeeded(instructions);
      const reply = await this.request(instructions, tools);
      const text = reply.text.trim();
      if (text !== '') {
        this.items.push({ role: 'assistant', text: reply.text });
        emit({ type: 'agent.message', text: reply.text });
      }
      const calls = reply.toolCalls.map((call) => ({ ...call, callId: ids.assign(call.callId) }));
      if (calls.length === 0) {
        if (text === '') emit({ type: 'agent.message', text: NO_MESSAGE });
        return { summary: text === '' ? NO_MESSAGE : reply.text, conversation: this.items, usage: this.usage };
      }
      for (const call of calls) this.items.push({ role: 'tool_call', callId: call.callId, name: call.name, arguments: call.arguments });
      this.measure(reply.usage);
      for (const call of calls) {
        signal.throwIfAborted();
        const output = await BUILT_IN_TOOLS.run(call, context);
        this.items.push({ role: 'tool_result', callId: call.callId, output });
      }
    }
    throw new ActionableError(
      `The agent made ${this.limits.maxSteps} model requests in this turn without finishing, so it was stopped as a runaway loop`,
      'Look in the log for a step it keeps repeating; send a follow-up to let it go on, or raise the step limit for long tasks',
    );
  }

  /** A model request; when the context overflows, compacts once and tries again. */
  private async request(instructions: string, tools: ToolSpec[]): Promise<ModelReply> {
    const send = () => this.client.send({ instructions, items: this.items, tools, showText: true }, this.input.signal);
    let reply: ModelReply;
    try {
      reply = await send();
    } catch (error) {
      const overflow = error instanceof ModelRequestError && error.failure.kind === 'context_overflow';
      if (!overflow || this.justCompacted || !canCompact(this.items)) throw error;
      await this.compact();
      reply = await send();
    }
    this.justCompacted = false;
    this.count(reply.usage);
    return reply;
  }

  private async compactIfNeeded(instructions: string): Promise<void> {
    if (this.justCompacted || !canCompact(this.items)) return;
    const tokens =
      this.measured === undefined
        ? estimateTokens(instructions + JSON.stringify(this.items))
        : this.measured.tokens + estimateTokens(JSON.stringify(this.items.slice(this.measured.itemCount)));
    if (overThreshold(tokens, this.limits.contextWindow)) await this.compact();
  }

  private async compact(): Promise<void> {
    const itemsBefore = this.items.length;
    const compacted = await compactConversation(this.client, this.items, this.input.signal);
    this.count(compacted.usage);
    this.items = compacted.items;
    this.measured = undefined;
    this.justCompacted = true;
    this.input.emit({ type: 'context.compacted', summaryChars: compacted.summary.length, itemsBefore, itemsAfter: this.items.length });
  }

  private count(usage: ModelUsage | undefined): void {
    if (usage === undefined) return;
    this.usage.inputTokens += usage.inputTokens;
    this.usage.outputTokens += usage.outputTokens;
    this.input.emit({ type: 'usage', inputTokens: usage.inputTokens, outputTokens: usage.outputTokens });
  }

  /** Remembers the size the server reported; the items added since (tool results) are estimated on top. */
  private measure(usage: ModelUsage | undefined): void {
    this.measured = usage === undefined ? undefined : { tokens: usage.inputTokens + usage.outputTokens, itemCount: this.items.length };
  }
}
