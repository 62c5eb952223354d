import { setTimeout as sleep } from 'node:timers/promises';
import type OpenAI from 'openai';
import type { EventBody } from '../../../shared/events.js';
import type { ProviderConfig } from '../../config/provider.js';
import { ActionableError } from '../../errors.js';
import type { AgentLimits } from '../types.js';
import { streamChat } from './chatStream.js';
import { createOpenAIClient } from './createClient.js';
import { classifyFailure, failureFix, type ModelFailure } from './failure.js';
import { IdleWatchdog } from './idleWatchdog.js';
import type { ModelReply, ModelRequest, StreamSink } from './modelTypes.js';
import { streamResponses } from './responsesStream.js';
import { backoffMs, formatSeconds } from './retryPolicy.js';
import { StreamIdleError } from './streamErrors.js';

/** A request failed for good; `failure` says how, for callers that can react (compaction on overflow). */
export class ModelRequestError extends ActionableError {
  constructor(
    what: string,
    fix: string,
    readonly failure: ModelFailure,
    options?: { cause?: unknown },
  ) {
    super(what, fix, options);
    this.name = 'ModelRequestError';
  }
}

export interface ModelClient {
  send(request: ModelRequest, signal: AbortSignal): Promise<ModelReply>;
}

type Limits = Pick<AgentLimits, 'maxRetries' | 'streamIdleTimeoutMs'>;

/**
 * Sends requests over the provider's wire, streaming, and retries 429, 5xx, network errors,
 * garbled answers and dropped or stalled streams with backoff, each retry told as an error event.
 */
export function createModelClient(provider: ProviderConfig, limits: Limits, emit: (event: EventBody) => void): ModelClient {
  // The SDK's own timeout covers only the wait for response headers; the watchdog below covers every gap.
  const client = createOpenAIClient(provider, limits.streamIdleTimeoutMs + 5_000);
  return {
    async send(request, signal) {
      for (let retry = 1; ; retry += 1) {
        try {
          return await attempt(client, provider, limits.streamIdleTimeoutMs, request, emit, signal);
        } catch (error) {
          signal.throwIfAborted();
          const failure = classifyFailure(error);
          if (failure === undefined) throw error;
          if (!failure.retryable || retry > limits.maxRetries) throw finalError(failure, provider, retry, error);
          const wait = failure.retryAfterMs ?? backoffMs(retry);
          const asked = failure.retryAfterMs === undefined ? '' : ' as the server asked (Retry-After)';
          const partial = failure.kind === 'stall' || failure.kind === 'drop' ? ' The partial answer is discarded.' : '';
          emit({
            type: 'error',
            retryable: true,
            message:
              `Model request failed: ${failure.description} — retrying in ${formatSeconds(wait)}${asked}, ` +
              `retry ${retry} of ${limits.maxRetries} (${provider.baseUrl}, model ${provider.model}).${partial}`,
          });
          await sleep(wait, undefined, { signal });
        }
      }
    },
  };
}

async function attempt(
  client: OpenAI,
  provider: ProviderConfig,
  idleMs: number,
  request: ModelRequest,
  emit: (event: EventBody) => void,
  signal: AbortSignal,
): Promise<ModelReply> {
  const watchdog = new IdleWatchdog(idleMs, () => new StreamIdleError(idleMs));
  const sink: StreamSink = {
    text: (text) => {
      if (request.showText) emit({ type: 'agent.delta', text });
    },
    reasoning: (text) => {
      if (request.showText) emit({ type: 'agent.reasoning', text });
    },
    activity: () => watchdog.touch(),
  };
  const options = { signal: AbortSignal.any([signal, watchdog.signal]), timeout: idleMs + 5_000 };
  try {
    const reply = await (provider.wire === 'chat' ? streamChat : streamResponses)(client, provider, request, sink, options);
    // The SDK ends an aborted stream quietly, so a stall can look like a short answer.
    if (watchdog.hasFired) throw new StreamIdleError(idleMs);
    return reply;
  } catch (error) {
    if (watchdog.hasFired && !signal.aborted) throw new StreamIdleError(idleMs);
    throw error;
  } finally {
    watchdog.stop();
  }
}

function finalError(failure: ModelFailure, provider: ProviderConfig, attempts: number, cause: unknown): ModelRequestError {
  const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
  return new ModelRequestError(
    `The model request to ${provider.baseUrl} (model ${provider.model}, ${provider.wire} wire) failed${tries}: ${failure.description}`,
    failureFix(failure, provider),
    failure,
    { cause },
  );
}
