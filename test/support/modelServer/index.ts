/**
 * The scripted stand-in for an OpenAI-compatible model, the only fake in Codebay's tests.
 *
 * Tests need a model that answers the same way every run and that can misbehave on cue the
 * way real providers and local servers do: rate limits, stalls, dropped streams, broken
 * tool calls. This is a real HTTP server on 127.0.0.1 speaking both wires the engine uses
 * (Chat Completions and Responses, plain JSON and SSE) with shapes the `openai` SDK parses.
 *
 *   const model = await startModelServer([
 *     { toolCalls: [{ name: 'shell', arguments: { command: ['ls'] } }] },
 *     { text: 'Done.' },
 *   ]);
 *   // point the engine at model.baseUrl, run it, then look at model.requests
 *   await model.close();
 *
 * Each model request takes the next step; a function script can choose the step from what
 * the engine sent (see toolOutputsOf). A request past the end of an array script gets HTTP 500
 * naming the missing step. Script errors carry `x-should-retry: false` so SDK retries do not
 * mask them; scripted faults do not, so an SDK with retries on will consume the next step.
 */
export { startModelServer } from './server.js';
export { toolOutputsOf, type ToolOutput } from './toolOutputs.js';
export type {
  AnswerFields,
  AnswerStep,
  DropFaultStep,
  FaultStep,
  GarbageFaultStep,
  HttpFaultStep,
  ModelRequestBody,
  ModelServer,
  ModelServerOptions,
  RecordedRequest,
  Script,
  StallFaultStep,
  Step,
  StepFunction,
  StreamStyle,
  ToolCallSpec,
  UsageSpec,
  Wire,
} from './types.js';
