import type { CliBackendName } from './catalog.js';
import type { CliBackend } from './cliBackend.js';
import { claudeBackend } from './claude.js';
import { codexBackend } from './codex.js';
import { opencodeBackend } from './opencode.js';

/** Every agent CLI Codebay can run, by name. */
export const CLI_BACKENDS: Record<CliBackendName, CliBackend> = {
  codex: codexBackend,
  claude: claudeBackend,
  opencode: opencodeBackend,
};
