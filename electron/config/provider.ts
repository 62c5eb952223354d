export type WireApi = 'responses' | 'chat';

export type ProviderPresetId = 'openai' | 'azure' | 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' | 'openrouter' | 'custom';

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export interface ProviderConfig {
  baseUrl: string;
  model: string;
  wire: WireApi;
  /** Kept in memory only; never written to SQLite, events or logs. */
  apiKey?: string;
  /** Sent with every request, e.g. a gateway's routing or attribution headers. */
  extraHeaders?: Record<string, string>;
  /** The model's context window in tokens; compaction starts near it. */
  contextWindow?: number;
  /** Retries of one model request after 429, 5xx, network errors and broken streams. */
  maxRetries?: number;
  /** Which preset filled these settings. */
  preset?: ProviderPresetId;
  /** For reasoning models only: requests this effort and, on the responses wire, reasoning summaries. */
  reasoningEffort?: ReasoningEffort;
}

export type ProviderResolution =
  | { ok: true; provider: ProviderConfig }
  | { ok: false; problem: string; fix: string };

const OPENAI_URL = 'https://api.openai.com/v1';

/** Provider settings from OPENAI_BASE_URL, OPENAI_API_KEY, CODEBAY_MODEL and CODEBAY_WIRE. */
export function providerFromEnv(env: NodeJS.ProcessEnv = process.env): ProviderResolution {
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  const baseUrl = (env.OPENAI_BASE_URL?.trim() || (apiKey ? OPENAI_URL : '')).replace(/\/+$/, '');
  const model = env.CODEBAY_MODEL?.trim() ?? '';
  const wireText = env.CODEBAY_WIRE?.trim() || 'chat';
  if (!baseUrl) {
    return {
      ok: false,
      problem: 'no model provider configured',
      fix: 'set OPENAI_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama) or OPENAI_API_KEY for OpenAI, and CODEBAY_MODEL',
    };
  }
  if (!/^https?:\/\//.test(baseUrl)) {
    return { ok: false, problem: `OPENAI_BASE_URL "${baseUrl}" is not an http(s) URL`, fix: 'set it to the server\'s /v1 URL, e.g. http://127.0.0.1:1234/v1' };
  }
  if (!model) {
    return { ok: false, problem: `no model chosen for ${baseUrl}`, fix: 'set CODEBAY_MODEL to a model the server offers (e.g. gpt-5-codex, qwen3-coder)' };
  }
  if (wireText !== 'responses' && wireText !== 'chat') {
    return { ok: false, problem: `CODEBAY_WIRE "${wireText}" is neither "responses" nor "chat"`, fix: 'set CODEBAY_WIRE=responses for OpenAI\'s Responses API or chat for Chat Completions' };
  }
  return { ok: true, provider: { baseUrl, model, wire: wireText, ...(apiKey ? { apiKey } : {}) } };
}
