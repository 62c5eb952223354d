import { MODES } from '../../../shared/modes.js';
import type { CliBackend } from './cliBackend.js';
import { CLI_PACKAGES } from './catalog.js';
import { ClaudeStreamMapper } from './claudeStream.js';

/** Tools that change files; a read-only turn (Ask, Review) runs without them, and its changes are discarded anyway. */
const EDITING_TOOLS = ['Edit', 'Write', 'NotebookEdit'];

/** Anthropic's Claude Code: `claude -p --output-format stream-json`, resumed with `--resume <session id>`. */
export const claudeBackend: CliBackend = {
  cli: CLI_PACKAGES.claude,
  invocation(context) {
    return {
      argv: [
        context.executable,
        '-p',
        '--output-format',
        'stream-json',
        '--verbose',
        '--permission-mode',
        // Plan mode is Claude Code's read-only mode: it reads and answers, and edits nothing.
        MODES[context.mode].keepsChanges ? 'bypassPermissions' : 'plan',
        ...(MODES[context.mode].keepsChanges ? [] : ['--disallowedTools', ...EDITING_TOOLS]),
        ...(context.session ? ['--resume', context.session] : []),
        '--',
        context.prompt,
      ],
      env: {
        // The gateway's root: Claude Code adds /v1/messages itself.
        ANTHROPIC_BASE_URL: context.gatewayUrl.replace(/\/v1$/, ''),
        ANTHROPIC_API_KEY: context.token,
        ANTHROPIC_MODEL: context.model,
        // It refuses to skip permission prompts unless told it runs in a sandbox, which it does.
        IS_SANDBOX: '1',
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        // The plan list Codebay shows comes from TodoWrite, which this version offers only when asked.
        CLAUDE_CODE_ENABLE_TODO_TOOLS: '1',
        CLAUDE_CODE_ENABLE_TASKS: '0',
        // Deferred tools (tool search) are an Anthropic-only feature no translation carries.
        ENABLE_TOOL_SEARCH: 'false',
      },
      files: [],
    };
  },
  mapper: () => new ClaudeStreamMapper(),
};
