import { ActionableError, errorText } from '../errors.js';
import type { ConversationItem, TurnOutcome } from './types.js';

/**
 * A turn that did not finish. It carries the conversation as far as it got, so the runner can
 * keep it and a follow-up can go on from there.
 */
export class AgentTurnError extends ActionableError {
  constructor(
    what: string,
    fix: string,
    readonly conversation: ConversationItem[],
    readonly usage: TurnOutcome['usage'],
    readonly cancelled: boolean,
    options?: { cause?: unknown },
  ) {
    super(what, fix, options);
    this.name = 'AgentTurnError';
  }

  static from(error: unknown, conversation: ConversationItem[], usage: TurnOutcome['usage'], cancelled: boolean): AgentTurnError {
    if (error instanceof AgentTurnError) return error;
    if (cancelled) return new AgentTurnError('The turn was cancelled', 'Send a follow-up to continue the task', conversation, usage, true, { cause: error });
    if (error instanceof ActionableError) return new AgentTurnError(error.what, error.fix, conversation, usage, false, { cause: error });
    return new AgentTurnError(
      `The agent turn failed: ${errorText(error)}`,
      'Retry the turn; if it fails the same way, check the provider settings and the task log',
      conversation,
      usage,
      false,
      { cause: error },
    );
  }
}
