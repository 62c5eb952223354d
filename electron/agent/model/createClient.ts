import OpenAI from 'openai';
import type { ProviderConfig } from '../../config/provider.js';

// Servers without authentication still need some key for the SDK to send a request.
const NO_KEY = 'no-key';

/**
 * An SDK client for one provider. Every setting is explicit so nothing leaks in from the
 * environment (OPENAI_API_KEY, OPENAI_ORG_ID, …) to a server it was not meant for; retries
 * are the agent's own, so the SDK makes none.
 */
export function createOpenAIClient(provider: ProviderConfig, timeoutMs: number): OpenAI {
  return new OpenAI({
    baseURL: provider.baseUrl,
    apiKey: provider.apiKey ?? NO_KEY,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: 'off',
    defaultHeaders: provider.extraHeaders ?? {},
  });
}
