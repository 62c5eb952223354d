import type { CliBackend, CliRunContext } from './cliBackend.js';
import { CLI_PACKAGES } from './catalog.js';
import { CodexStreamMapper } from './codexStream.js';

const TOKEN_VARIABLE = 'CODEBAY_GATEWAY_TOKEN';

/** `-c` overrides: the gateway as the only provider, plans on, and nothing that reaches out at startup. */
function configOverrides(context: CliRunContext): string[] {
  const settings = [
    'model_provider="codebay"',
    'model_providers.codebay.name="Codebay gateway"',
    `model_providers.codebay.base_url=${JSON.stringify(context.gatewayUrl)}`,
    `model_providers.codebay.env_key="${TOKEN_VARIABLE}"`,
    'model_providers.codebay.wire_api="responses"',
    'tools.update_plan.enabled=true',
    'check_for_update_on_startup=false',
    'analytics.enabled=false',
    'features.plugins=false',
    'web_search="disabled"',
    'features.multi_agent=false',
    'features.goals=false',
    // Codebay's container is the sandbox. Codex's own read-only mode needs bubblewrap (user namespaces),
    // which that container rightly refuses, so an Ask turn runs like a Code turn and Codebay discards its changes.
    'sandbox_mode="danger-full-access"',
  ];
  return settings.flatMap((setting) => ['-c', setting]);
}

/** OpenAI's Codex CLI: `codex exec --json`, resumed with `codex exec resume <thread id>`. */
export const codexBackend: CliBackend = {
  cli: CLI_PACKAGES.codex,
  invocation(context) {
    const common = ['--json', '--skip-git-repo-check', ...configOverrides(context), '-m', context.model];
    return {
      argv: [context.executable, 'exec', ...(context.session ? ['resume', ...common, context.session] : common), '--', context.prompt],
      env: { [TOKEN_VARIABLE]: context.token, CODEX_HOME: `${context.home}/.codex` },
      // Codex refuses a CODEX_HOME that does not exist; it keeps its sessions there for resuming.
      files: [{ path: `${context.home}/.codex` }],
    };
  },
  mapper: () => new CodexStreamMapper(),
};
