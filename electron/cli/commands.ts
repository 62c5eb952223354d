import { compareCommand } from './compare.js';
import { agentsCommand } from './agents.js';
import { doctorCommand } from './doctor.js';
import { envCommand } from './env.js';
import { imageCommand } from './image.js';
import { branchCommand, diffCommand, exportCommand, pushCommand } from './results.js';
import { reviewCommand } from './review.js';
import { serveCommand } from './serve.js';
import { cancelCommand, execCommand, followupCommand, logsCommand, lsCommand, retryCommand, showCommand } from './tasks.js';
import { UsageError } from './usage.js';
import { terminalLine, terminalText } from './terminalText.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  exec: { run: execCommand, summary: 'exec [--repo P|--env N] [--base REF] [--mode code|ask] [--attempts N] [--agent built-in|codex|claude|opencode]... [--check CMD]... [--model M] [--base-url URL] [--wire responses|chat] [--include-uncommitted] [--json] PROMPT' },
  ls: { run: lsCommand, summary: 'ls [--all|--archived] [--json]: the task list' },
  show: { run: showCommand, summary: 'show ID [--json]: one task with its turns' },
  logs: { run: logsCommand, summary: 'logs ID [--follow] [--json]: the task\'s events' },
  diff: { run: diffCommand, summary: 'diff ID [--turn N] [--stat]: the changes' },
  export: { run: exportCommand, summary: 'export ID --format patch|mbox [-o FILE]' },
  branch: { run: branchCommand, summary: 'branch ID [--name B] [-m TEXT] [--force]: a branch in your repo, or its update (working tree untouched); -m ships one commit with your message' },
  push: { run: pushCommand, summary: 'push ID [--remote R] [--branch B] [-m TEXT] [--force]: push that branch (again: same remote, fast-forward); -m as for branch' },
  cancel: { run: cancelCommand, summary: 'cancel ID' },
  followup: { run: followupCommand, summary: 'followup ID PROMPT: another turn on a finished task' },
  retry: { run: retryCommand, summary: 'retry ID: run the last turn again' },
  compare: { run: compareCommand, summary: 'compare ID [--use N | --diff A B] [--json]: the attempts of a best-of-N side by side; --use N keeps attempt N and archives the others; --diff A B: the files B\'s result has different from A\'s' },
  review: { run: reviewCommand, summary: 'review --task ID | --branch B [--base M] | --uncommitted [--focus TEXT] [--fail-on P0-P3] [--json]: an AI review; prints its findings, most urgent first' },
  env: { run: envCommand, summary: 'env create|ls|show|rm: environments (repo, setup script, secrets, network)' },
  agents: { run: agentsCommand, summary: 'agents [ls] [--json] | agents install NAME…|--all: the agent CLIs (codex, claude, opencode)' },
  doctor: { run: doctorCommand, summary: 'check Docker, the sandbox image, the data dir and the model provider' },
  image: { run: imageCommand, summary: 'image build [--method auto|dockerfile|offline] [--force]: build the sandbox image' },
  serve: { run: serveCommand, summary: 'serve [--port P]: the app in your browser on 127.0.0.1' },
};

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return ['usage: codebay <command> [options]', '', 'commands:', ...rows, ''].join('\n');
}

export async function runCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`codebay: unknown command "${terminalLine(name)}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`codebay ${name}: ${terminalText(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}
