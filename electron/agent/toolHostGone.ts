import { ActionableError } from '../errors.js';

/**
 * Thrown by a ToolHost when the place tools run in is gone (its container was killed or
 * removed): no command can succeed any more, so the turn stops with this error instead of
 * the model being sent on to try again and again.
 */
export class ToolHostGone extends ActionableError {
  constructor(what: string, fix: string, options?: { cause?: unknown }) {
    super(what, fix, options);
    this.name = 'ToolHostGone';
  }
}
