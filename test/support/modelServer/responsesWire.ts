import type {
  Response,
  ResponseCompletedEvent,
  ResponseCreatedEvent,
  ResponseFunctionToolCall,
  ResponseInProgressEvent,
  ResponseOutputItemAddedEvent,
  ResponseOutputItemDoneEvent,
  ResponseOutputMessage,
  ResponseReasoningItem,
  ResponseStreamEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import type { AnswerPlan, PlannedCall } from './plan.js';
import { pieces } from './pieces.js';
import { eventFrame } from './sse.js';

// The SDK's types, loosened only where 'noIds' breaks the official contract (no call_id).
type WireFunctionCall = Omit<ResponseFunctionToolCall, 'call_id'> & { call_id?: string };
type WireItem = ResponseOutputMessage | ResponseReasoningItem | WireFunctionCall;
type WireResponse = Omit<Response, 'output' | 'output_text'> & { output: WireItem[] };
type WithWireItem<E> = Omit<E, 'item' | 'sequence_number'> & { item: WireItem };
type WithWireResponse<E> = Omit<E, 'response' | 'sequence_number'> & { response: WireResponse };
type Unsequenced<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;
type WireEvent =
  | Unsequenced<
      Exclude<
        ResponseStreamEvent,
        | ResponseOutputItemAddedEvent
        | ResponseOutputItemDoneEvent
        | ResponseCreatedEvent
        | ResponseInProgressEvent
        | ResponseCompletedEvent
      >
    >
  | WithWireItem<ResponseOutputItemAddedEvent>
  | WithWireItem<ResponseOutputItemDoneEvent>
  | WithWireResponse<ResponseCreatedEvent>
  | WithWireResponse<ResponseInProgressEvent>
  | WithWireResponse<ResponseCompletedEvent>;

const textPieceSize = 4;
const argumentPieceSize = 6;

export function responseBody(plan: AnswerPlan): WireResponse {
  return response(plan, 'completed', finishedItems(plan), usage(plan));
}

/** The SSE frames of a streamed answer, from response.created to response.completed. */
export function responseFrames(plan: AnswerPlan): string[] {
  const cut = (text: string, size: number): string[] => (plan.styles.has('whole') ? [text] : pieces(text, size));
  const frames: string[] = [];
  const emit = (event: WireEvent): void => {
    frames.push(eventFrame(event.type, { ...event, sequence_number: frames.length }));
  };
  const initial = response(plan, 'in_progress', [], undefined);
  emit({ type: 'response.created', response: initial });
  emit({ type: 'response.in_progress', response: initial });

  finishedItems(plan).forEach((item, output_index) => {
    if (item.type === 'reasoning') {
      const text = item.summary[0]?.text ?? '';
      const at = { item_id: item.id, output_index, summary_index: 0 };
      emit({ type: 'response.output_item.added', output_index, item: { ...item, summary: [] } });
      emit({ type: 'response.reasoning_summary_part.added', ...at, part: { type: 'summary_text', text: '' } });
      for (const delta of cut(text, textPieceSize)) {
        emit({ type: 'response.reasoning_summary_text.delta', ...at, delta });
      }
      emit({ type: 'response.reasoning_summary_text.done', ...at, text });
      emit({ type: 'response.reasoning_summary_part.done', ...at, part: { type: 'summary_text', text } });
    } else if (item.type === 'message') {
      const part = item.content[0];
      const text = part?.type === 'output_text' ? part.text : '';
      const at = { item_id: item.id, output_index, content_index: 0 };
      emit({
        type: 'response.output_item.added',
        output_index,
        item: { ...item, status: 'in_progress', content: [] },
      });
      emit({
        type: 'response.content_part.added',
        ...at,
        part: { type: 'output_text', text: '', annotations: [] },
      });
      for (const delta of cut(text, textPieceSize)) {
        emit({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
      }
      emit({ type: 'response.output_text.done', ...at, text, logprobs: [] });
      emit({ type: 'response.content_part.done', ...at, part: { type: 'output_text', text, annotations: [] } });
    } else {
      const at = { item_id: item.id ?? '', output_index };
      emit({
        type: 'response.output_item.added',
        output_index,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      for (const delta of cut(item.arguments, argumentPieceSize)) {
        emit({ type: 'response.function_call_arguments.delta', ...at, delta });
      }
      emit({ type: 'response.function_call_arguments.done', ...at, name: item.name, arguments: item.arguments });
    }
    emit({ type: 'response.output_item.done', output_index, item });
  });

  emit({ type: 'response.completed', response: responseBody(plan) });
  return frames;
}

function finishedItems(plan: AnswerPlan): WireItem[] {
  const items: WireItem[] = [];
  if (plan.reasoning !== undefined) {
    items.push({
      id: `rs_${plan.serial}`,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: plan.reasoning }],
    });
  }
  if (plan.text !== undefined) {
    items.push({
      id: `msg_${plan.serial}`,
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: plan.text, annotations: [] }],
    });
  }
  plan.calls.forEach((call, index) => items.push(functionCall(plan, call, index)));
  return items;
}

function functionCall(plan: AnswerPlan, call: PlannedCall, index: number): WireFunctionCall {
  return {
    id: `fc_${plan.serial}_${index + 1}`,
    type: 'function_call',
    status: 'completed',
    ...(call.id === undefined ? {} : { call_id: call.id }),
    name: call.name,
    arguments: call.arguments,
  };
}

function response(
  plan: AnswerPlan,
  status: 'in_progress' | 'completed',
  output: WireItem[],
  finalUsage: ResponseUsage | undefined,
): WireResponse {
  return {
    id: `resp_${plan.serial}`,
    object: 'response',
    created_at: plan.created,
    status,
    model: plan.model,
    output,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    parallel_tool_calls: true,
    temperature: null,
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    ...(finalUsage === undefined ? {} : { usage: finalUsage }),
  };
}

function usage(plan: AnswerPlan): ResponseUsage {
  return {
    input_tokens: plan.usage.input,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: plan.usage.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: plan.usage.input + plan.usage.output,
  };
}
