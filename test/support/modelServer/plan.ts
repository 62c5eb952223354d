import { ScriptError } from './scriptError.js';
import type { AnswerFields, ModelRequestBody, StreamStyle, UsageSpec } from './types.js';

export interface PlannedCall {
  /** Undefined when the step's style says the server leaves ids out. */
  id: string | undefined;
  name: string;
  arguments: string;
}

/** One answer with everything decided, so both wires render the same content. */
export interface AnswerPlan {
  /** Numbers the response, message and item ids of this answer. */
  serial: number;
  created: number;
  model: string;
  text: string | undefined;
  reasoning: string | undefined;
  calls: PlannedCall[];
  usage: UsageSpec;
  styles: ReadonlySet<StreamStyle>;
}

/** Hands out call_1, call_2, … across a server's life, so ids stay unique over a conversation. */
export class CallIds {
  private count = 0;

  next(): string {
    this.count += 1;
    return `call_${this.count}`;
  }
}

export function planAnswer(
  fields: AnswerFields,
  body: ModelRequestBody,
  ids: CallIds,
  index: number,
): AnswerPlan {
  const styles = new Set<StreamStyle>(
    fields.style === undefined ? [] : Array.isArray(fields.style) ? fields.style : [fields.style],
  );
  const specs = fields.toolCalls ?? [];
  if (styles.has('repeatIds') && specs.length < 2) {
    throw new ScriptError(
      `model server step ${index} is invalid: style 'repeatIds' needs at least two tool calls, ` +
        `the step has ${specs.length}. Add a second call`,
    );
  }
  const sharedId = styles.has('repeatIds') ? (specs[0]?.id ?? ids.next()) : undefined;
  const calls = specs.map((spec): PlannedCall => {
    const json = typeof spec.arguments === 'string' ? spec.arguments : JSON.stringify(spec.arguments);
    return {
      id: styles.has('noIds') ? undefined : (sharedId ?? spec.id ?? ids.next()),
      name: spec.name,
      arguments: styles.has('malformedArgs') ? json.slice(0, Math.ceil(json.length / 2)) : json,
    };
  });
  const said = (fields.text ?? '') + (fields.reasoning ?? '') + calls.map((c) => c.name + c.arguments).join('');
  return {
    serial: index + 1,
    created: Math.floor(Date.now() / 1000),
    model: typeof body.model === 'string' ? body.model : 'test-model',
    text: fields.text,
    reasoning: fields.reasoning,
    calls,
    usage: fields.usage ?? { input: estimateTokens(JSON.stringify(body)), output: estimateTokens(said) },
    styles,
  };
}

// Roughly four characters per token: enough for tests to see usage grow with the conversation.
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
