import type { RawToolCall } from './modelTypes.js';

/** A tool-call delta as servers really send it: every field may be missing, arguments may be an object. */
export interface ToolCallDelta {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

interface Assembling {
  id: string | undefined;
  name: string;
  arguments: string;
}

/**
 * Puts streamed Chat Completions tool calls back together, whatever the server's style:
 * arguments in many pieces or whole, several calls, calls without an index, or servers
 * that reuse index 0 for each new call and tell them apart only by id.
 */
export class ChatToolCallAssembler {
  private readonly calls: Assembling[] = [];
  private readonly byIndex = new Map<number, Assembling>();

  add(delta: ToolCallDelta): void {
    const call = this.callFor(delta);
    const id = nonEmpty(delta.id);
    if (id !== undefined && call.id === undefined) call.id = id;
    const name = nonEmpty(delta.function?.name);
    // Most servers send the name once; a few repeat it whole in later chunks.
    if (name !== undefined && call.name !== name) call.name += name;
    const args = delta.function?.arguments;
    if (typeof args === 'string') call.arguments += args;
    else if (args !== undefined && args !== null) call.arguments = JSON.stringify(args);
  }

  finish(): RawToolCall[] {
    return this.calls
      .filter((call) => call.name !== '' || call.arguments !== '')
      .map((call) => ({ callId: call.id, name: call.name, arguments: call.arguments }));
  }

  private callFor(delta: ToolCallDelta): Assembling {
    const index = typeof delta.index === 'number' ? delta.index : undefined;
    const existing = index === undefined ? this.calls.at(-1) : this.byIndex.get(index);
    const id = nonEmpty(delta.id);
    const isNewCall =
      existing === undefined ||
      (index === undefined && nonEmpty(delta.function?.name) !== undefined && existing.name !== '') ||
      (id !== undefined && existing.id !== undefined && id !== existing.id && existing.arguments !== '');
    if (!isNewCall) return existing;
    const call: Assembling = { id: undefined, name: '', arguments: '' };
    this.calls.push(call);
    this.byIndex.set(index ?? this.calls.length - 1, call);
    return call;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
