import type { IncomingHttpHeaders } from 'node:http';

/**
 * How a streamed answer is cut into chunks, after the habits of real servers.
 * Several may be combined, e.g. ['whole', 'stopFinish'] behaves like llama.cpp.
 */
export type StreamStyle =
  /** Text and tool-call arguments arrive in many small deltas (OpenAI, vLLM). The default. */
  | 'split'
  /** Text and each tool call arrive complete in one chunk (llama.cpp, Ollama). */
  | 'whole'
  /** Chat wire: finish_reason is 'stop' even though the answer has tool calls. */
  | 'stopFinish'
  /** Tool calls carry no id (chat `id` and responses `call_id` are left out). */
  | 'noIds'
  /** Every tool call in the step carries the first call's id; needs two calls or more. */
  | 'repeatIds'
  /** Tool-call arguments are cut in half, so they are not valid JSON. */
  | 'malformedArgs';

export interface ToolCallSpec {
  name: string;
  /** An object is sent as JSON; a string is sent as is. */
  arguments: Record<string, unknown> | string;
  /** Defaults to the next of call_1, call_2, … counted per server. */
  id?: string;
}

export interface UsageSpec {
  input: number;
  output: number;
}

/** What the model says; stall and drop faults use it too, for the part sent before the fault. */
export interface AnswerFields {
  text?: string;
  /** Responses wire: a reasoning summary item; chat wire: `reasoning_content` deltas (llama.cpp, vLLM). */
  reasoning?: string;
  toolCalls?: ToolCallSpec[];
  /** Replaces the default estimate of about four characters per token. */
  usage?: UsageSpec;
  style?: StreamStyle | StreamStyle[];
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface AnswerStep extends AnswerFields {
  fault?: undefined;
}

export interface HttpFaultStep {
  fault: 'http';
  status: number;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  /** Replaces the default OpenAI-style error body; an object is sent as JSON. */
  body?: string | Record<string, unknown>;
  delayMs?: number;
}

export interface StallFaultStep extends AnswerFields {
  /** Sends headers and `afterChunks` stream chunks (default 2), then stays silent until close(). */
  fault: 'stall';
  afterChunks?: number;
}

export interface DropFaultStep extends AnswerFields {
  /** Sends headers and `afterChunks` stream chunks (default 2), then destroys the socket. */
  fault: 'drop';
  afterChunks?: number;
}

export interface GarbageFaultStep {
  /** HTTP 200 whose body is not JSON, or whose SSE events are broken. */
  fault: 'garbage';
  delayMs?: number;
}

export type FaultStep = HttpFaultStep | StallFaultStep | DropFaultStep | GarbageFaultStep;

export type Step = AnswerStep | FaultStep;

export type Wire = 'chat' | 'responses';

/** The parsed JSON body of a model request; only the fields the server reads are named. */
export interface ModelRequestBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: unknown[];
  input?: unknown;
  [field: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Undefined for requests without a body, such as GET /v1/models. */
  body: ModelRequestBody | undefined;
  /** The index of the script step this request consumed; undefined if it consumed none. */
  step?: number;
  /** When the request arrived, before its body was read: epoch ms with sub-ms precision (performance.timeOrigin + performance.now()). */
  receivedAt: number;
  /** When the whole response was handed to the OS, on the same clock; undefined until then, or if it never was (dropped, stalled). */
  finishedAt?: number;
}

export type StepFunction = (request: RecordedRequest, index: number) => Step | Promise<Step>;

export type Script = readonly Step[] | StepFunction;

export interface ModelServerOptions {
  /** Model ids listed by GET /v1/models; defaults to ['test-model']. */
  models?: string[];
}

export interface ModelServer {
  /** http://127.0.0.1:<port>/v1, ready for `new OpenAI({ baseURL })`. */
  baseUrl: string;
  /** Every request received, in order of arrival. */
  requests: RecordedRequest[];
  /** Stops listening and ends every open connection, stalled ones included. */
  close(): Promise<void>;
}
