import { randomBytes } from 'node:crypto';
import type { ConversationItem } from './types.js';

/**
 * Gives every tool call an id that is unique in the conversation. Servers may leave ids out
 * or repeat them; the id given here is used for the call, its result and its events alike,
 * so the conversation stays consistent on both wires.
 */
export class CallIdRegistry {
  private readonly used = new Set<string>();

  constructor(items: readonly ConversationItem[]) {
    for (const item of items) if (item.role === 'tool_call') this.used.add(item.callId);
  }

  assign(raw: string | undefined): string {
    const wanted = raw?.trim() || `call_${randomBytes(6).toString('hex')}`;
    let id = wanted;
    for (let suffix = 2; this.used.has(id); suffix += 1) id = `${wanted}_${suffix}`;
    this.used.add(id);
    return id;
  }
}
