import type { AgentLimits, TurnInput } from './types.js';

export const DEFAULT_LIMITS: AgentLimits = {
  maxSteps: 60,
  maxRetries: 4,
  streamIdleTimeoutMs: 300_000,
  defaultCommandTimeoutMs: 600_000,
  contextWindow: 128_000,
};

/** The runner's limits over the defaults, then the provider's own settings over both, since the user chose them for that model. */
export function resolveLimits(input: Pick<TurnInput, 'limits' | 'provider'>): AgentLimits {
  const limits: AgentLimits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(input.limits ?? {}) as [keyof AgentLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  const { maxRetries, contextWindow } = input.provider;
  if (maxRetries !== undefined) limits.maxRetries = maxRetries;
  if (contextWindow !== undefined) limits.contextWindow = contextWindow;
  return limits;
}
