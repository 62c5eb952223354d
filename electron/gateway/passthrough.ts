import { parsedData, type Bridge, type SseEvent, type StreamBridge } from './bridge.js';
import type { GatewayUsage } from './grants.js';
import { chatUsage, openAiErrorBody, responsesUsage } from './translate/index.js';

function openAiError(status: number, message: string): unknown {
  return openAiErrorBody(message, status >= 500 ? 'server_error' : 'invalid_request_error', String(status));
}

/** Responses in, Responses out: the model is the task's, usage is read from the final event. */
export function responsesPassthrough(): Bridge {
  return {
    upstreamPath: '/responses',
    request: (body, model) => ({ ...body, model }),
    json: (body) => ({ body, usage: responsesUsage(body) }),
    stream(): StreamBridge {
      let usage: GatewayUsage | undefined;
      let done = false;
      return {
        push(event: SseEvent) {
          const data = parsedData(event.data);
          const type = (data as { type?: unknown } | undefined)?.type;
          if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
            usage = responsesUsage(data) ?? usage;
            done = true;
          }
          return [event];
        },
        end: () => [],
        fail: (message) => [{ event: 'response.failed', data: JSON.stringify({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message } } }) }],
        get done() {
          return done;
        },
        usage: () => usage,
      };
    },
    error: openAiError,
  };
}

/** Chat in, Chat out: the model is the task's, and a stream is asked to end with its usage. */
export function chatPassthrough(): Bridge {
  return {
    upstreamPath: '/chat/completions',
    request: (body, model) => ({ ...body, model, ...(body.stream === true ? { stream_options: { ...(body.stream_options as object | undefined), include_usage: true } } : {}) }),
    json: (body) => ({ body, usage: chatUsage(body) }),
    stream(): StreamBridge {
      let usage: GatewayUsage | undefined;
      let done = false;
      return {
        push(event: SseEvent) {
          if (event.data === '[DONE]') done = true;
          else usage = chatUsage(parsedData(event.data)) ?? usage;
          return [event];
        },
        end: () => (done ? [] : [{ data: '[DONE]' }]),
        fail: (message) => [{ data: JSON.stringify(openAiErrorBody(message, 'server_error', 'stream_failed')) }],
        get done() {
          return done;
        },
        usage: () => usage,
      };
    },
    error: openAiError,
  };
}
