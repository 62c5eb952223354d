import { doctorCommand } from './doctor.js';
import { imageCommand } from './image.js';
import { serveCommand } from './serve.js';
import { UsageError } from './usage.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
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
    process.stderr.write(`codebay: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`codebay ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
