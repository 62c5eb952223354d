import path from 'node:path';
import type Docker from 'dockerode';
import type { EventBody } from '../../shared/events.js';
import { CLI_PACKAGES, SANDBOX_AGENTS_DIR, type CliBackendName } from '../agent/backends/catalog.js';
import type { CliBackend } from '../agent/backends/cliBackend.js';
import { installAgent, installedAgent, sandboxArchitecture, type InstalledAgent } from '../agent/backends/install.js';
import type { ProviderConfig } from '../config/provider.js';
import { GATEWAY_BASE_URL, GatewayTunnel } from '../gateway/gatewayTunnel.js';
import type { GatewayGrants } from '../gateway/grants.js';
import type { ModelGateway } from '../gateway/modelGateway.js';
import { WORKSPACE_DIR } from '../sandbox/containerConfig.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { ACCOUNTS } from '../sandbox/users.js';
import type { Task, Turn } from '../store/types.js';

/** A raw stream line is kept whole up to this size; longer ones are cut (the mapper still reads all of it). */
const RAW_LINE_MAX_CHARS = 64 * 1024;
/** A JSON line longer than this is not the CLI's (none prints one): it is dropped, unread. */
const LINE_MAX_CHARS = 16 * 1024 * 1024;
const STDERR_TAIL_CHARS = 4_000;

export interface CliTurnDeps {
  docker: Docker;
  dataDir: string;
  gateway: ModelGateway;
  grants: GatewayGrants;
  backends: Record<CliBackendName, CliBackend>;
}

export interface CliTurnInput {
  task: Task;
  turn: Turn;
  provider: ProviderConfig;
  /** The CLI's session of the previous turn when its sandbox lives on; null starts afresh. */
  session: string | null;
  /** Earlier turns of the task, told to a fresh session so it knows what was asked and done. */
  earlierTurns: ReadonlyArray<{ turn: number; prompt: string; summary: string | null }>;
  sandbox: Sandbox;
  emit: (body: EventBody) => void;
  /** A phase of the task's status, shown while the CLI is being installed. */
  setPhase: (phase: string) => void;
  signal: AbortSignal;
}

export interface CliTurnOutcome {
  summary: string;
  session: string | null;
}

/** The agent CLI ran but its turn failed; the message is for the user as is. */
export class CliTurnFailed extends Error {}

/** The CLI's install on the host, installing it on first use with npm's progress in the log. */
async function ensureInstalled(deps: CliTurnDeps, name: CliBackendName, input: CliTurnInput): Promise<InstalledAgent> {
  const present = await installedAgent(deps.dataDir, name);
  if (present) return present;
  const cli = CLI_PACKAGES[name];
  input.setPhase(`installing ${cli.label}`);
  input.emit({ type: 'setup.output', stream: 'stdout', text: `Installing ${cli.label} ${cli.version} from npm (first use only)…\n` });
  const installed = await installAgent(deps.dataDir, name, {
    cpu: await sandboxArchitecture(deps.docker),
    onProgress: (line) => input.emit({ type: 'setup.output', stream: 'stdout', text: `${line}\n` }),
    signal: input.signal,
  });
  input.emit({ type: 'setup.output', stream: 'stdout', text: `${cli.label} ${cli.version} installed in ${(installed.durationMs / 1000).toFixed(1)} s\n` });
  const ready = await installedAgent(deps.dataDir, name);
  if (!ready) throw new Error(`${cli.label} was installed in ${installed.dir} but is not complete there; run \`codebay agents install ${name}\` to see why`);
  return ready;
}

/**
 * One turn of an agent CLI in the task's sandbox: the CLI runs headless as the agent user in
 * /workspace, reaches the model only through the gateway with a token that ends with the
 * turn, and every line it prints is kept (agent.raw) and mapped onto Codebay's events.
 * Tokens are counted by the gateway, not taken from the CLI's own report.
 */
export async function runCliTurn(deps: CliTurnDeps, name: CliBackendName, input: CliTurnInput): Promise<CliTurnOutcome> {
  const backend = deps.backends[name];
  const installed = await ensureInstalled(deps, name, input);
  const { task, turn, sandbox, emit } = input;
  const token = deps.grants.grant({ taskId: task.id, turn: turn.turn, provider: input.provider, onUsage: (counted) => emit({ type: 'usage', ...counted }) });
  let tunnel: GatewayTunnel | undefined;
  try {
    tunnel = await GatewayTunnel.open(deps.docker, sandbox.container, (connection) => deps.gateway.accept(connection, task.id));
    const inSandbox = path.posix.join(SANDBOX_AGENTS_DIR, name, path.basename(installed.dir));
    const invocation = backend.invocation({
      executable: path.posix.join(inSandbox, path.relative(installed.dir, installed.executable).split(path.sep).join('/')),
      prompt: input.session || input.earlierTurns.length === 0 ? turn.prompt : withEarlierTurns(turn.prompt, input.earlierTurns),
      mode: task.mode,
      model: input.provider.model,
      gatewayUrl: GATEWAY_BASE_URL,
      token,
      session: input.session,
      home: ACCOUNTS.agent.home,
    });
    await sandbox.putFiles(invocation.files.map((file) => ({ owner: 'agent', ...file })));
    return await runAndRead(backend, invocation.argv, invocation.env, input);
  } finally {
    deps.grants.revoke(token);
    tunnel?.close();
  }
}

/**
 * The prompt for a fresh session of a task that had turns before: the CLI's own session was
 * in a sandbox that is gone, but the workspace holds the last turn's result.
 */
function withEarlierTurns(prompt: string, earlier: CliTurnInput['earlierTurns']): string {
  const turns = earlier.map((turn) => `Turn ${turn.turn} asked:\n${turn.prompt}\n${turn.summary ? `It ended with:\n${turn.summary}` : 'It ended without a summary.'}`);
  return [
    'This task had earlier turns, whose changes are already in the workspace:',
    ...turns,
    'Now:',
    prompt,
  ].join('\n\n');
}

async function runAndRead(backend: CliBackend, argv: string[], env: Record<string, string>, input: CliTurnInput): Promise<CliTurnOutcome> {
  const { emit } = input;
  const mapper = backend.mapper();
  let partial = '';
  let stderrTail = '';
  let session = input.session;
  let finished: string | undefined;
  let failed: string | undefined;
  const readLine = (line: string): void => {
    if (!line.trim()) return;
    emit({ type: 'agent.raw', backend: backend.cli.name, line: line.length > RAW_LINE_MAX_CHARS ? `${line.slice(0, RAW_LINE_MAX_CHARS)}… (${line.length - RAW_LINE_MAX_CHARS} characters cut)` : line });
    for (const outcome of mapper.line(line)) {
      if (outcome.kind === 'event') {
        if (outcome.event.type !== 'usage') emit(outcome.event);
      } else if (outcome.kind === 'session') session = outcome.id;
      else if (outcome.kind === 'finished') finished = outcome.summary;
      else failed = outcome.error;
    }
  };
  const result = await input.sandbox.exec(argv, {
    user: 'agent',
    cwd: WORKSPACE_DIR,
    env,
    signal: input.signal,
    onOutput: (stream, text) => {
      if (stream === 'stderr') {
        stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
        return;
      }
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      if (partial.length > LINE_MAX_CHARS) partial = '';
      for (const line of lines) readLine(line);
    },
  });
  readLine(partial);
  if (input.signal.aborted) throw input.signal.reason;
  const label = backend.cli.label;
  if (failed !== undefined) throw new CliTurnFailed(`${label} failed: ${failed}`);
  if (finished === undefined || result.exitCode !== 0) {
    const last = stderrTail.trim().split('\n').slice(-5).join('\n');
    throw new CliTurnFailed(`${label} exited with ${result.exitCode ?? 'a signal'} before finishing its turn${last ? `: ${last}` : ''}`);
  }
  return { summary: finished, session };
}
