import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DEFAULT_TIME_LIMIT_MS } from '../../shared/limits.js';
import type { Environment } from '../store/types.js';
import { withApp } from './context.js';
import { parseCommandArgs, UsageError } from './usage.js';

const USAGE = 'usage: codebay env create --name N --repo P [--base B] [--setup-file F] [--agent-network on|off] [--image I] [--env K=V]… [--secret K=V|K]… | env ls | env show N | env rm N';

function pairs(items: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} takes KEY=VALUE, not "${item}"`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

/**
 * `--secret K=V`, or `--secret K` to keep the value out of the process list: taken from the
 * variable K in this command's environment, else from standard input (one secret only).
 */
function secretPairs(items: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const fromStdin: string[] = [];
  for (const item of items ?? []) {
    const at = item.indexOf('=');
    if (at === 0) throw new UsageError(`--secret takes KEY=VALUE or KEY, not "${item.slice(0, 40)}…" (the name is missing)`);
    if (at > 0) {
      out[item.slice(0, at)] = item.slice(at + 1);
      continue;
    }
    const fromEnvironment = process.env[item];
    if (fromEnvironment !== undefined) out[item] = fromEnvironment;
    else fromStdin.push(item);
  }
  if (fromStdin.length > 1) {
    throw new UsageError(`--secret ${fromStdin.join(', --secret ')}: only one value can come from standard input; set the others as environment variables of this command`);
  }
  const [name] = fromStdin;
  if (name !== undefined) {
    if (process.stdin.isTTY) throw new UsageError(`--secret ${name}: set ${name} in this command's environment, or pipe the value in (printf %s "$VALUE" | codebay env create … --secret ${name})`);
    const value = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
    if (value === '') throw new UsageError(`--secret ${name}: standard input was empty; pipe the secret's value in`);
    out[name] = value;
  }
  return out;
}

function describe(e: Environment): string {
  return [
    `${e.name}`,
    `  id             ${e.id}`,
    `  repository     ${e.repoPath ?? '(none)'}`,
    `  base branch    ${e.baseBranch ?? '(the repository\'s current branch)'}`,
    `  image          ${e.image ?? '(built-in sandbox image)'}`,
    `  agent network  ${e.agentNetwork ? 'on' : 'off'}`,
    `  env vars       ${Object.keys(e.envVars).join(', ') || '(none)'}`,
    `  secrets        ${e.secretNames.join(', ') || '(none)'}`,
    `  setup script   ${e.setupScript ? `${e.setupScript.split('\n').length} line(s)` : '(none)'}`,
    `  time limit     ${e.timeLimitMs ? `${Math.round(e.timeLimitMs / 60_000)} min` : `${DEFAULT_TIME_LIMIT_MS / 60_000} min (default)`}`,
  ].join('\n');
}

export async function envCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(
    rest,
    {
      name: { type: 'string' },
      repo: { type: 'string' },
      base: { type: 'string' },
      'setup-file': { type: 'string' },
      'agent-network': { type: 'string' },
      image: { type: 'string' },
      env: { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      'time-limit-min': { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  return withApp(async (app) => {
    switch (sub) {
      case 'create': {
        if (!values.name || !values.repo) throw new UsageError(USAGE);
        const network = values['agent-network'] ?? 'off';
        if (network !== 'on' && network !== 'off') throw new UsageError(`--agent-network must be on or off, not "${network}"`);
        const minutes = values['time-limit-min'] === undefined ? undefined : Number(values['time-limit-min']);
        if (minutes !== undefined && !(minutes > 0)) throw new UsageError(`--time-limit-min must be a positive number of minutes`);
        const created = await app.environments.create({
          name: values.name,
          repoPath: values.repo,
          baseBranch: values.base ?? null,
          image: values.image ?? null,
          setupScript: values['setup-file'] ? await readFile(values['setup-file'], 'utf8') : '',
          envVars: pairs(values.env, '--env'),
          secrets: secretPairs(values.secret),
          agentNetwork: network === 'on',
          timeLimitMs: minutes === undefined ? null : minutes * 60_000,
        });
        process.stdout.write(`Created environment\n${describe(created)}\n`);
        return 0;
      }
      case 'ls': {
        const all = app.environments.list();
        if (values.json) process.stdout.write(`${JSON.stringify(all)}\n`);
        else if (all.length === 0) process.stdout.write('No environments. Create one with: codebay env create --name N --repo PATH\n');
        else for (const e of all) process.stdout.write(`${e.name.padEnd(20)} ${e.repoPath ?? ''}\n`);
        return 0;
      }
      case 'show': {
        const name = positionals[0];
        if (!name) throw new UsageError(USAGE);
        const e = app.environments.require(name);
        process.stdout.write(values.json ? `${JSON.stringify(e)}\n` : `${describe(e)}\n`);
        return 0;
      }
      case 'rm': {
        const name = positionals[0];
        if (!name) throw new UsageError(USAGE);
        app.environments.remove(name);
        process.stdout.write(`Removed environment ${name}.\n`);
        return 0;
      }
      default:
        throw new UsageError(USAGE);
    }
  });
}
