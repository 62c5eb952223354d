import { useMemo, useState } from 'react';
import { Spinner } from '../ui/Spinner';
import type { ConversationItem } from './conversation';
import { commandDuration, commandText } from './format';
import { commandOutput } from './logLines';
import { useTaskSession, useTaskState } from './taskContext';

type CommandItem = Extract<ConversationItem, { kind: 'command' }>;

/** Output shown inline is capped; the log holds all of it. */
const INLINE_OUTPUT_CHARS = 64 * 1024;

function CommandOutput({ callId }: { callId: string }) {
  const log = useTaskState((s) => s.log);
  const output = useMemo(() => commandOutput(log, callId), [log, callId]);
  if (output === '') return <p className="muted">No output.</p>;
  const clipped = output.length > INLINE_OUTPUT_CHARS;
  return (
    <>
      {clipped && <p className="field-hint">Showing the last {INLINE_OUTPUT_CHARS / 1024} KiB; the log has all of it.</p>}
      <pre className="tv-output">{clipped ? output.slice(-INLINE_OUTPUT_CHARS) : output}</pre>
    </>
  );
}

/** One command as one line, `$ cmd`, exit code and duration; expands to its output. */
export function CommandRow({ item, running }: { item: CommandItem; running: boolean }) {
  const session = useTaskSession();
  const [open, setOpen] = useState(false);
  // A check's command is the shell line as the environment gives it, not an argv to quote.
  const text = item.check !== null ? (item.command[0] ?? '') : commandText(item.command);
  const end = item.end;
  const state = end ? (end.exitCode === 0 && !end.timedOut ? 'ok' : 'bad') : running ? 'running' : 'unknown';
  return (
    <div className={`tv-command tv-command-${state}`}>
      <div className="tv-command-line">
        <button type="button" className="tv-command-toggle" aria-expanded={open} onClick={() => setOpen((v) => !v)} title={`${text}\n(in ${item.cwd})`}>
          <span className="tv-chevron" aria-hidden="true" />
          {item.check !== null && <span className="tv-check-label">Check · {item.check}</span>}
          <code className="tv-command-text">
            <span className="tv-prompt-sign">$</span> {text}
          </code>
          <span className="tv-command-meta">
            {end ? (
              <>
                <span className="tv-exit">{end.timedOut ? 'timed out' : `exit ${end.exitCode}`}</span>
                <span>{commandDuration(end.durationMs)}</span>
              </>
            ) : state === 'running' ? (
              <>
                <Spinner size={11} />
                <span>running</span>
              </>
            ) : (
              <span>stopped</span>
            )}
          </span>
        </button>
        <button type="button" className="tv-command-log" title="Show this command in the log" onClick={() => session.showCommand(item.callId, 0, 0)}>
          Log
        </button>
      </div>
      {open && (
        <div className="tv-command-body">
          <CommandOutput callId={item.callId} />
        </div>
      )}
    </div>
  );
}
