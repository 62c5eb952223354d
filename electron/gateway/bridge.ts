import type { GatewayUsage } from './grants.js';

/** The API a client of the gateway speaks, named by the path it calls. */
export type GatewayApi = 'responses' | 'chat' | 'anthropic';

/** One server-sent event, as read from the provider or written to the client (data as sent: JSON or `[DONE]`). */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Carries one streamed answer from the provider's API to the client's. */
export interface StreamBridge {
  push(event: SseEvent): SseEvent[];
  /** What is still owed to the client once the provider's stream ended. */
  end(): SseEvent[];
  /** The provider's stream broke: the client is told in its own API's terms. */
  fail(message: string): SseEvent[];
  /** The client's stream is complete; nothing more is read from the provider. */
  readonly done: boolean;
  /** Tokens as the provider counted them. */
  usage(): GatewayUsage | undefined;
}

/**
 * How one request in the client's API reaches the provider and how its answer comes back:
 * as is when both speak the same API, translated otherwise. One per request: a
 * translation keeps what it learnt from the request (tool names, the client's model).
 */
export interface Bridge {
  /** Path under the provider's base URL. */
  upstreamPath: '/responses' | '/chat/completions';
  request(body: Record<string, unknown>, model: string): Record<string, unknown>;
  json(body: unknown): { body: unknown; usage: GatewayUsage | undefined };
  stream(): StreamBridge;
  /** An error, in the shape the client's API uses for errors. */
  error(status: number, message: string): unknown;
}

/** An event's data as JSON, or undefined when it is not JSON (`[DONE]`, or a broken provider). */
export function parsedData(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
