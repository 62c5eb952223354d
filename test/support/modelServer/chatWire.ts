import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessage,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { AnswerPlan } from './plan.js';
import { pieces } from './pieces.js';
import { dataFrame, doneFrame } from './sse.js';

// The SDK's types, loosened only where the scripted styles break the official contract:
// ids may be missing ('noIds'), and local servers add `reasoning_content`.
type WireToolCall = Omit<ChatCompletionMessageFunctionToolCall, 'id'> & { id?: string };
type WireMessage = Omit<ChatCompletionMessage, 'tool_calls'> & {
  tool_calls?: WireToolCall[];
  reasoning_content?: string;
};
type WireCompletion = Omit<ChatCompletion, 'choices'> & {
  choices: (Omit<ChatCompletion.Choice, 'message'> & { message: WireMessage })[];
};
type WireDelta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };

const textPieceSize = 4;
const argumentPieceSize = 6;

export function chatCompletion(plan: AnswerPlan): WireCompletion {
  const message: WireMessage = { role: 'assistant', content: plan.text ?? null, refusal: null };
  if (plan.reasoning !== undefined) message.reasoning_content = plan.reasoning;
  if (plan.calls.length > 0) {
    message.tool_calls = plan.calls.map((call) => ({
      ...(call.id === undefined ? {} : { id: call.id }),
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: completionId(plan),
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(plan) }],
    usage: usage(plan),
  };
}

/** The SSE frames of a streamed answer, from the role chunk to `data: [DONE]`. */
export function chatCompletionFrames(plan: AnswerPlan, includeUsage: boolean): string[] {
  const whole = plan.styles.has('whole');
  const chunk = (delta: WireDelta, finish: ChatCompletionChunk.Choice['finish_reason'] = null): string =>
    dataFrame({
      id: completionId(plan),
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    } satisfies ChatCompletionChunk);
  const frames = [chunk({ role: 'assistant', content: '' })];
  if (plan.reasoning !== undefined) {
    for (const piece of whole ? [plan.reasoning] : pieces(plan.reasoning, textPieceSize)) {
      frames.push(chunk({ reasoning_content: piece }));
    }
  }
  if (plan.text !== undefined) {
    for (const piece of whole ? [plan.text] : pieces(plan.text, textPieceSize)) {
      frames.push(chunk({ content: piece }));
    }
  }
  plan.calls.forEach((call, index) => {
    const opening = {
      index,
      ...(call.id === undefined ? {} : { id: call.id }),
      type: 'function' as const,
    };
    if (whole) {
      frames.push(chunk({ tool_calls: [{ ...opening, function: { name: call.name, arguments: call.arguments } }] }));
      return;
    }
    frames.push(chunk({ tool_calls: [{ ...opening, function: { name: call.name, arguments: '' } }] }));
    for (const piece of pieces(call.arguments, argumentPieceSize)) {
      frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  frames.push(chunk({}, finishReason(plan)));
  if (includeUsage) {
    frames.push(
      dataFrame({
        id: completionId(plan),
        object: 'chat.completion.chunk',
        created: plan.created,
        model: plan.model,
        choices: [],
        usage: usage(plan),
      } satisfies ChatCompletionChunk),
    );
  }
  frames.push(doneFrame);
  return frames;
}

function completionId(plan: AnswerPlan): string {
  return `chatcmpl-${plan.serial}`;
}

function finishReason(plan: AnswerPlan): 'stop' | 'tool_calls' {
  return plan.calls.length > 0 && !plan.styles.has('stopFinish') ? 'tool_calls' : 'stop';
}

function usage(plan: AnswerPlan): CompletionUsage {
  return {
    prompt_tokens: plan.usage.input,
    completion_tokens: plan.usage.output,
    total_tokens: plan.usage.input + plan.usage.output,
  };
}
