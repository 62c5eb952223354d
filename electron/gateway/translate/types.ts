/** One server-sent event for the gateway to write as `event: <event>\ndata: <JSON of data>\n\n`. */
export interface SseEvent<Data extends object = object> {
  event: string;
  data: Data;
}

/** What the gateway records for a request. Input counts cached tokens; output counts reasoning tokens. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * A translated request. `notes` lists what the target API could not carry and was
 * left out (a hosted tool, an unsupported content part), for the gateway's log.
 */
export interface Translated<Body, Context> {
  body: Body;
  context: Context;
  notes: string[];
}
