import { z } from 'zod';
import { errorText } from '../../../errors.js';
import { ToolHostGone } from '../../toolHostGone.js';
import { shownAs } from '../advertisedSchema.js';
import { runApplyPatch } from '../applyPatchTool.js';
import { OutputLimiter } from '../outputLimiter.js';
import { patchInvocation } from '../patchInvocation.js';
import { commandArgv, resolveWorkdir } from '../shellCommand.js';
import { defineTool } from '../tool.js';
import type { ToolContext } from '../toolContext.js';

type ShellEvents = 'exec.begin' | 'exec.output' | 'exec.end' | 'patch.applied';

const argv = z.array(z.string()).min(1, 'command must name a program');

// Parameter names and shapes follow Codex's shell tool, so models trained on Codex call it well.
const shellArgs = z.object({
  // A plain string is accepted too, since local models often send one; the model is shown Codex's argv.
  command: shownAs(z.union([argv, z.string().trim().min(1, 'command is empty')]).describe('The command to execute, as argv.'), argv),
  workdir: z.string().nullish().describe('The working directory to execute the command in.'),
  timeout_ms: z.number().positive().nullish().describe('The timeout for the command in milliseconds.'),
});

export const shell = defineTool({
  name: 'shell',
  description:
    'Runs a command in the sandbox and returns its exit code, wall time and output (stdout and stderr). ' +
    'Give the argv, e.g. ["rg", "-n", "parseConfig", "src"]; use ["bash", "-lc", "..."] for pipes, redirects and globs. ' +
    'Commands start in the working directory unless workdir is given. ' +
    'Long output is shortened to its first and last 128 lines (about 10 KiB), so filter it (rg, head, tail, sed -n) when you expect a lot.',
  args: shellArgs,
  offeredIn: () => true,
  // A shell call may be apply_patch in disguise (patchInvocation.ts), which reports as the patch tool does.
  emits: ['exec.begin', 'exec.output', 'exec.end', 'patch.applied'],
  run: runShell,
});

const MAX_TIMEOUT_MS = 60 * 60_000;

/** Runs a command through the host: full output to the events, a shortened copy to the model. */
async function runShell(args: z.output<typeof shellArgs>, context: ToolContext<ShellEvents>, callId: string): Promise<string> {
  const argv = commandArgv(args.command);
  const cwd = resolveWorkdir(context.workdir, args.workdir);
  const invocation = patchInvocation(argv);
  if (invocation !== undefined) {
    if (!context.offered.includes('apply_patch')) {
      return 'apply_patch is not available: this is a read-only task, so files must not be changed. Answer from what you can read.';
    }
    if (invocation.kind === 'raw') {
      return (
        'That command is the text of a patch, not a shell command, so nothing was run and no file was changed. ' +
        'Call the apply_patch tool with the whole patch, from *** Begin Patch to *** End Patch, as its input.'
      );
    }
    // As in a shell, a cd or a workdir sets the folder the patch's relative paths start from.
    const folder = invocation.cd !== undefined ? resolveWorkdir(cwd, invocation.cd) : args.workdir?.trim() ? cwd : undefined;
    return runApplyPatch(callId, invocation.patch, context, folder);
  }
  const timeoutMs = Math.min(Math.round(args.timeout_ms ?? context.defaultTimeoutMs), MAX_TIMEOUT_MS);
  const { emit, host, signal } = context;
  const output = new OutputLimiter();
  emit({ type: 'exec.begin', callId, command: argv, cwd });
  const started = Date.now();
  try {
    const outcome = await host.exec({
      callId,
      command: argv,
      cwd,
      timeoutMs,
      signal,
      onOutput: (stream, text) => {
        emit({ type: 'exec.output', callId, stream, text });
        output.push(text);
      },
    });
    emit({ type: 'exec.end', callId, ...outcome });
    const lines = [`Exit code: ${outcome.exitCode}`, `Wall time: ${(outcome.durationMs / 1000).toFixed(1)} seconds`];
    if (outcome.timedOut) lines.push(`The command timed out after ${(timeoutMs / 1000).toFixed(1)} seconds and was killed.`);
    lines.push(`Output of ${callId}:`, output.finish());
    return lines.join('\n');
  } catch (error) {
    emit({ type: 'exec.end', callId, exitCode: -1, durationMs: Date.now() - started, timedOut: false });
    signal.throwIfAborted();
    if (error instanceof ToolHostGone) throw error;
    return `The command could not be run: ${errorText(error)}. Check the program name and workdir (${cwd}).`;
  }
}
