export { runTurn } from './runTurn.js';
export { AgentTurnError } from './turnError.js';
export { ToolHostGone } from './toolHostGone.js';
export { DEFAULT_LIMITS } from './limits.js';
export { PROVIDER_PRESETS, findPreset, type ProviderPreset } from './presets.js';
export type {
  AgentLimits,
  ConversationItem,
  ExecOutcome,
  ExecRequest,
  TaskMode,
  ToolHost,
  TurnInput,
  TurnOutcome,
} from './types.js';
