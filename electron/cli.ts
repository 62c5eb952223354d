import { runCommand } from './cli/commands.js';
import { terminalText } from './cli/terminalText.js';

// The `codebay` command line; the commands live in cli/.
runCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`codebay: ${terminalText(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = 1;
  },
);
