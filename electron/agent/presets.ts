import type { ProviderPresetId, WireApi } from '../config/provider.js';

/** What the provider form fills in when the user picks a kind of server. */
export interface ProviderPreset {
  id: ProviderPresetId;
  name: string;
  /** Empty for custom: the user must give one. */
  baseUrl: string;
  wire: WireApi;
  needsKey: boolean;
  /** A context window to assume when the user gives none; undefined means the agent's default. */
  contextWindow?: number;
  notes: string;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'openai',
    name: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    wire: 'responses',
    needsKey: true,
    notes:
      'Uses the Responses API. For reasoning models (gpt-5, gpt-5-codex, o-series) set a reasoning effort to get reasoning summaries in the log.',
  },
  {
    id: 'azure',
    name: 'Azure OpenAI',
    baseUrl: 'https://YOUR-RESOURCE.openai.azure.com/openai/v1',
    wire: 'responses',
    needsKey: true,
    notes:
      'Replace YOUR-RESOURCE with your resource name; the v1 API needs no api-version. The model is your deployment name. Use the chat wire for deployments without the Responses API.',
  },
  {
    id: 'ollama',
    name: 'Ollama',
    baseUrl: 'http://127.0.0.1:11434/v1',
    wire: 'chat',
    needsKey: false,
    contextWindow: 32_768,
    notes:
      'Pick a model with tool support (e.g. qwen3-coder, gpt-oss). Ollama\'s default context is small: start it with OLLAMA_CONTEXT_LENGTH=32768 or more, and set the same context window here.',
  },
  {
    id: 'lmstudio',
    name: 'LM Studio',
    baseUrl: 'http://127.0.0.1:1234/v1',
    wire: 'chat',
    needsKey: false,
    notes: 'Start the local server in LM Studio\'s Developer tab and load a model with tool use; set the context window to the length you loaded it with.',
  },
  {
    id: 'vllm',
    name: 'vLLM',
    baseUrl: 'http://127.0.0.1:8000/v1',
    wire: 'chat',
    needsKey: false,
    notes:
      'Serve with --enable-auto-tool-choice and the --tool-call-parser that matches the model. A key is needed only if the server was started with --api-key.',
  },
  {
    id: 'llamacpp',
    name: 'llama.cpp server',
    baseUrl: 'http://127.0.0.1:8080/v1',
    wire: 'chat',
    needsKey: false,
    notes: 'Run llama-server with --jinja so tool calls work, and give the context window you set with -c.',
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    wire: 'chat',
    needsKey: true,
    notes: 'Use a model id such as openai/gpt-5 or qwen/qwen3-coder, and pick one whose providers support tool calling.',
  },
  {
    id: 'custom',
    name: 'Custom',
    baseUrl: '',
    wire: 'chat',
    needsKey: false,
    notes: 'Any OpenAI-compatible server: give its /v1 base URL and choose the wire it speaks (most local servers speak chat).',
  },
];

export function findPreset(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((preset) => preset.id === id);
}
