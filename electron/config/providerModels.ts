import { z } from 'zod';
import { ActionableError, errorText } from '../errors.js';

const LIST_TIMEOUT_MS = 10_000;

// OpenAI's shape, which Ollama, LM Studio, vLLM, llama.cpp and OpenRouter answer too.
const modelList = z.object({ data: z.array(z.object({ id: z.string().min(1) }).loose()) }).loose();

/** The model ids an OpenAI-compatible server lists at GET {baseUrl}/models, sorted. */
export async function listProviderModels(baseUrl: string, apiKey: string | undefined): Promise<string[]> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  let response: Response;
  try {
    response = await fetch(url, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, signal: AbortSignal.timeout(LIST_TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new ActionableError(`Could not reach ${url} (${errorText(error)}${cause})`, 'Check that the server is running and the base URL is right; you can still type the model name', { cause: error });
  }
  if (response.status === 401 || response.status === 403) {
    throw new ActionableError(`${url} refused the API key (HTTP ${response.status})`, 'Give a valid API key for this server; you can still type the model name');
  }
  if (!response.ok) {
    throw new ActionableError(`${url} answered HTTP ${response.status}`, 'Check the base URL: it usually ends in /v1. You can still type the model name');
  }
  const parsed = modelList.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ActionableError(`${url} did not answer with a list of models`, 'Check the base URL points at an OpenAI-compatible API (it usually ends in /v1); you can still type the model name');
  }
  return [...new Set(parsed.data.data.map((model) => model.id))].sort((a, b) => a.localeCompare(b));
}
