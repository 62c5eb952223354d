import { isNpmCpu, sandboxArchitecture, type NpmCpu } from '../agent/backends/architecture.js';
import { CLI_PACKAGES, type CliBackendName } from '../agent/backends/catalog.js';
import { AgentInstallCancelled, installAgent } from '../agent/backends/install.js';
import { agentBackendStatuses, type AgentBackendStatus } from '../agent/backends/status.js';
import { dataDir } from '../paths.js';
import { createDocker } from '../sandbox/docker.js';
import { jsonLine, terminalLine } from './terminalText.js';
import { parseCommandArgs, UsageError } from './usage.js';

const USAGE = 'usage: codebay agents [ls] [--json] | codebay agents install NAME…|--all [--cpu x64|arm64]';
const CLI_NAMES = Object.keys(CLI_PACKAGES) as CliBackendName[];
/** The shell's code for a command stopped by Ctrl-C. */
const EXIT_INTERRUPTED = 130;

function isCliName(name: string): name is CliBackendName {
  return (CLI_NAMES as string[]).includes(name);
}

function describe(status: AgentBackendStatus): string {
  const head = `  ${status.name.padEnd(9)} ${status.label.padEnd(14)} ${(status.version ?? '').padEnd(9)}`;
  if (status.version === null) return `${head} ships with Codebay`;
  return status.installed ? `${head} installed in ${terminalLine(status.dir ?? '')}` : `${head} not installed: ${status.installCommand}`;
}

async function listCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } });
  const statuses = await agentBackendStatuses(dataDir());
  process.stdout.write(values.json ? `${jsonLine({ agents: statuses })}\n` : `${['Agents', ...statuses.map(describe)].join('\n')}\n`);
  return 0;
}

function chosenAgents(all: boolean, names: string[]): CliBackendName[] {
  if (all && names.length > 0) throw new UsageError(`give the agents' names or --all, not both\n${USAGE}`);
  if (!all && names.length === 0) throw new UsageError(`name the agents to install (${CLI_NAMES.join(', ')}), or give --all\n${USAGE}`);
  if (all) return CLI_NAMES;
  return names.map((name) => {
    if (isCliName(name)) return name;
    if (name === 'built-in') throw new UsageError(`the built-in agent ships with Codebay and needs no install; the agents to install are ${CLI_NAMES.join(', ')}`);
    throw new UsageError(`there is no agent "${terminalLine(name)}"; the agents to install are ${CLI_NAMES.join(', ')}`);
  });
}

async function chosenCpu(cpu: string | undefined): Promise<NpmCpu> {
  if (cpu === undefined) return sandboxArchitecture(createDocker());
  if (!isNpmCpu(cpu)) throw new UsageError(`--cpu must be x64 or arm64, not "${terminalLine(cpu)}"`);
  return cpu;
}

async function installCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { all: { type: 'boolean' }, cpu: { type: 'string' } }, true);
  const agents = chosenAgents(values.all ?? false, positionals);
  const cpu = await chosenCpu(values.cpu);
  const home = dataDir();
  // Ctrl-C stops npm (in its own process group) and removes the partial install before exiting.
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    for (const agent of agents) {
      const pkg = CLI_PACKAGES[agent];
      process.stderr.write(`Installing ${pkg.label} ${pkg.version} (${pkg.npmPackage}) for linux-${cpu}\n`);
      const result = await installAgent(home, agent, {
        cpu,
        signal: controller.signal,
        onProgress: (line) => process.stderr.write(`  ${terminalLine(line)}\n`),
      });
      const seconds = (result.durationMs / 1000).toFixed(1);
      const where = terminalLine(result.dir);
      process.stdout.write(
        result.outcome === 'installed' ? `Installed ${agent} ${pkg.version} in ${seconds} s: ${where}\n` : `${agent} ${pkg.version} was already installed (${seconds} s): ${where}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof AgentInstallCancelled)) throw error;
    process.stderr.write(`codebay agents: ${error.message}\n`);
    return EXIT_INTERRUPTED;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

export async function agentsCommand(args: string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first.startsWith('-')) return listCommand(args);
  if (first === 'ls') return listCommand(rest);
  if (first === 'install') return installCommand(rest);
  throw new UsageError(`unknown subcommand "${terminalLine(first)}"\n${USAGE}`);
}
