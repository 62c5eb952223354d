import type { EventBody } from '../../shared/events.js';

const MASK = '••••••';
// Short values would mask ordinary words; secrets this short are not worth hiding anyway.
const MIN_SECRET_LENGTH = 6;

/** Returns a function that masks every given secret value in an event's text fields. */
export function secretRedactor(values: readonly string[]): (body: EventBody) => EventBody {
  const secrets = [...new Set(values.filter((v) => v.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (body) => body;
  const mask = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
  return (body) => {
    switch (body.type) {
      case 'setup.output':
      case 'exec.output':
      case 'agent.delta':
      case 'agent.reasoning':
      case 'agent.message':
        return { ...body, text: mask(body.text) };
      case 'exec.begin':
        return { ...body, command: body.command.map(mask) };
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
