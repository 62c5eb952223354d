import type { EventBody } from '../../shared/events.js';
import type { ConversationItem } from '../agent/types.js';

export const MASK = '••••••';
// Short values would mask ordinary words; secrets this short are not worth hiding anyway.
const MIN_SECRET_LENGTH = 6;

/** The values worth masking, longest first so a secret containing another is masked whole. */
export function maskableSecrets(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
}

/** Returns a function that replaces every given secret value in a text with a mask. */
export function secretMask(values: readonly string[]): (text: string) => string {
  const secrets = maskableSecrets(values);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
}

/** The conversation with every secret value masked, as it may be stored. */
export function maskConversation(items: readonly ConversationItem[], mask: (text: string) => string): ConversationItem[] {
  return items.map((item) => {
    switch (item.role) {
      case 'tool_call':
        return { ...item, arguments: mask(item.arguments) };
      case 'tool_result':
        return { ...item, output: mask(item.output) };
      default:
        return { ...item, text: mask(item.text) };
    }
  });
}

/** Returns a function that masks every given secret value in an event's text fields. */
export function secretRedactor(values: readonly string[]): (body: EventBody) => EventBody {
  if (maskableSecrets(values).length === 0) return (body) => body;
  const mask = secretMask(values);
  return (body) => {
    switch (body.type) {
      case 'setup.output':
      case 'exec.output':
      case 'check.output':
      case 'agent.delta':
      case 'agent.reasoning':
      case 'agent.message':
        return { ...body, text: mask(body.text) };
      case 'agent.raw':
        return { ...body, line: mask(body.line) };
      case 'exec.begin':
        return { ...body, command: body.command.map(mask) };
      case 'check.begin':
        return { ...body, command: mask(body.command) };
      case 'error':
        return { ...body, message: mask(body.message) };
      case 'turn.started':
        return { ...body, prompt: mask(body.prompt) };
      case 'turn.completed':
        return { ...body, summary: mask(body.summary) };
      case 'turn.failed':
        return { ...body, error: mask(body.error) };
      case 'patch.applied':
        return body.error === undefined ? body : { ...body, error: mask(body.error) };
      default:
        return body;
    }
  };
}
