import type { ToolCallFragment } from './chatAnswerSchemas.js';

export interface TrackedToolCall {
  /** 0, 1, 2… in the order the calls first appeared. */
  readonly order: number;
  id: string | undefined;
  name: string;
  arguments: string;
}

export interface ToolCallProgress {
  call: TrackedToolCall;
  isNew: boolean;
  argumentsDelta: string;
}

/**
 * Follows streamed Chat tool calls fragment by fragment, whatever the server's
 * style: arguments in pieces or whole, as a string or an object, calls without
 * an index, or servers that reuse index 0 for each call and tell them apart
 * only by id.
 */
export class ChatToolCallTracker {
  private readonly tracked: TrackedToolCall[] = [];
  private readonly byIndex = new Map<number, TrackedToolCall>();

  add(fragment: ToolCallFragment): ToolCallProgress {
    const { call, isNew } = this.callFor(fragment);
    const id = nonEmpty(fragment.id);
    if (id !== undefined && call.id === undefined) call.id = id;
    const name = nonEmpty(fragment.function?.name) ?? nonEmpty(fragment.custom?.name);
    // Most servers send the name once; some repeat it whole in later fragments.
    if (name !== undefined && call.name === '') call.name = name;
    const args = fragment.function?.arguments ?? fragment.custom?.input;
    const argumentsDelta = typeof args === 'string' ? args : args === undefined || args === null ? '' : JSON.stringify(args);
    call.arguments += argumentsDelta;
    return { call, isNew, argumentsDelta };
  }

  calls(): readonly TrackedToolCall[] {
    return this.tracked;
  }

  private callFor(fragment: ToolCallFragment): { call: TrackedToolCall; isNew: boolean } {
    const index = typeof fragment.index === 'number' ? fragment.index : undefined;
    const existing = index === undefined ? this.tracked.at(-1) : this.byIndex.get(index);
    const id = nonEmpty(fragment.id);
    const name = nonEmpty(fragment.function?.name) ?? nonEmpty(fragment.custom?.name);
    const startsAnother =
      existing === undefined ||
      (id !== undefined && existing.id !== undefined && id !== existing.id) ||
      (index === undefined && id === undefined && name !== undefined && existing.name !== '' && existing.arguments !== '');
    if (existing !== undefined && !startsAnother) return { call: existing, isNew: false };
    const call: TrackedToolCall = { order: this.tracked.length, id: undefined, name: '', arguments: '' };
    this.tracked.push(call);
    this.byIndex.set(index ?? call.order, call);
    return { call, isNew: true };
  }
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
