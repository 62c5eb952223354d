import { MODES } from '../../../shared/modes.js';
import type { CliBackend, CliRunContext } from './cliBackend.js';
import { CLI_PACKAGES } from './catalog.js';
import { OpencodeStreamMapper } from './opencodeStream.js';

/** The name opencode knows the task's model by; the gateway sends the real one to the provider. */
const MODEL_ALIAS = 'task-model';

function configFile(context: CliRunContext): string {
  return JSON.stringify({
    $schema: 'https://opencode.ai/config.json',
    provider: {
      codebay: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Codebay gateway',
        options: { baseURL: context.gatewayUrl, apiKey: context.token },
        models: { [MODEL_ALIAS]: { name: context.model } },
      },
    },
    model: `codebay/${MODEL_ALIAS}`,
    autoupdate: false,
    share: 'disabled',
  });
}

/** opencode: `opencode run --format json`, resumed with `--session <id>`. */
export const opencodeBackend: CliBackend = {
  cli: CLI_PACKAGES.opencode,
  invocation(context) {
    const config = `${context.home}/.config`;
    const configPath = `${context.home}/.codebay-opencode.json`;
    const pluginVersion = CLI_PACKAGES.opencode.version;
    return {
      argv: [
        context.executable,
        'run',
        '--format',
        'json',
        '-m',
        `codebay/${MODEL_ALIAS}`,
        '--thinking',
        '--auto',
        ...(MODES[context.mode].keepsChanges ? [] : ['--agent', 'plan']),
        ...(context.session ? ['--session', context.session] : []),
        '--',
        context.prompt,
      ],
      env: {
        OPENCODE_CONFIG: configPath,
        XDG_CONFIG_HOME: config,
        XDG_DATA_HOME: `${context.home}/.local/share`,
        XDG_CACHE_HOME: `${context.home}/.cache`,
        XDG_STATE_HOME: `${context.home}/.local/state`,
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_SHARE: '1',
      },
      files: [
        // Outside the workspace, so it never shows in the task's diff.
        { path: configPath, content: configFile(context), mode: 0o600 },
        // opencode installs its plugin package into its config folder on every start unless this
        // lockfile says it is there; with no network that costs a minute and a half of timeouts.
        { path: config },
        { path: `${config}/opencode` },
        { path: `${config}/opencode/node_modules` },
        { path: `${config}/opencode/package.json`, content: JSON.stringify({ dependencies: { '@opencode-ai/plugin': pluginVersion } }) },
        {
          path: `${config}/opencode/package-lock.json`,
          content: JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { '@opencode-ai/plugin': pluginVersion } } } }),
        },
      ],
    };
  },
  mapper: () => new OpencodeStreamMapper(),
};
