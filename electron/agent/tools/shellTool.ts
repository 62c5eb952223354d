import { errorText } from '../../errors.js';
import { ToolHostGone } from '../toolHostGone.js';
import { runApplyPatch } from './applyPatchTool.js';
import { OutputLimiter } from './outputLimiter.js';
import { patchInvocation } from './patchInvocation.js';
import { commandArgv, resolveWorkdir } from './shellCommand.js';
import type { ShellArgs } from './toolArgs.js';
import type { ToolContext } from './toolContext.js';

const MAX_TIMEOUT_MS = 60 * 60_000;

/** Runs a command through the host: full output to the events, a shortened copy to the model. */
export async function runShell(callId: string, args: ShellArgs, context: ToolContext): Promise<string> {
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
