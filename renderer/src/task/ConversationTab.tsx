import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { TurnView } from '../../../shared/types';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { formatDuration } from '../ui/format';
import { Spinner } from '../ui/Spinner';
import { TimeStamp } from '../ui/TimeStamp';
import { isActive } from '../ui/status';
import { AgentMarkdown } from './AgentMarkdown';
import type { Citation } from './citations';
import { CommandRow } from './CommandRow';
import { findingPlace } from './findingFormat';
import { buildConversation, commandOf, type ConversationItem, type ConversationTurn } from './conversation';
import { commandText } from './format';
import { PlanChecklist } from './PlanChecklist';
import { PriorityBadge } from './PriorityBadge';
import { useTaskSession, useTaskState } from './taskContext';
import { navigate } from '../state/router';
import { queueText } from '../../../shared/queueText';
import { useQueuePlace } from './useQueuePlace';

/** The conversation reads earlier history by itself up to about this much text; past it, the reader asks for more. */
const HISTORY_BUDGET_BYTES = 4 * 1024 * 1024;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function Item({ item, running, commandLabel, onCitation }: { item: ConversationItem; running: boolean; commandLabel: (id: string) => string; onCitation: (c: Citation) => void }) {
  switch (item.kind) {
    case 'message':
      return <AgentMarkdown text={item.text} commandLabel={commandLabel} onCitation={onCitation} />;
    case 'reasoning':
      return (
        <details className="tv-reasoning">
          <summary>Thinking</summary>
          <p>{item.text}</p>
        </details>
      );
    case 'plan':
      return <PlanChecklist plan={item.plan} explanation={item.explanation} live={running} />;
    case 'command':
      return <CommandRow item={item} running={running} />;
    case 'patch':
      return item.ok ? (
        <div className="tv-patch">
          <span className="tv-patch-mark" aria-hidden="true">
            ✎
          </span>
          Edited {item.files.map((f, i) => (
            <span key={f}>
              {i > 0 && ', '}
              <a href="#" className="tv-cite tv-cite-file" onClick={(e) => {
                e.preventDefault();
                onCitation({ kind: 'file', path: f, start: 0, end: 0 });
              }}>
                {f}
              </a>
            </span>
          ))}
        </div>
      ) : (
        <div className="tv-patch tv-patch-failed" role="note">
          Patch not applied: {item.error ?? 'unknown error'}
        </div>
      );
    case 'finding':
      return (
        <div className="tv-finding-reported">
          <PriorityBadge priority={item.priority} />
          <span className="tv-finding-reported-title">{item.title}</span>
          <a
            href="#"
            className="tv-cite tv-cite-file"
            onClick={(e) => {
              e.preventDefault();
              onCitation({ kind: 'file', path: item.path, start: item.startLine, end: item.endLine });
            }}
          >
            {findingPlace(item)}
          </a>
        </div>
      );
    case 'error':
      return (
        <div className="tv-conv-error" role="note">
          {item.message}
        </div>
      );
    case 'retries':
      return (
        <div className="tv-conv-notice tv-retries" title={item.message}>
          Model request retried {item.count} time{item.count === 1 ? '' : 's'} · <span className="muted">{item.message}</span>
        </div>
      );
    case 'notice':
      return <div className="tv-conv-notice">{item.text}</div>;
    case 'setup':
      return (
        <details className="tv-setup">
          <summary>
            Setup output · {item.lineCount} line{item.lineCount === 1 ? '' : 's'}
          </summary>
          <pre className="tv-output">{item.text}</pre>
        </details>
      );
  }
}

function Turn({ turn, view, running, commandLabel, onCitation }: { turn: ConversationTurn; view: TurnView | undefined; running: boolean; commandLabel: (id: string) => string; onCitation: (c: Citation) => void }) {
  const lastMessage = [...turn.items].reverse().find((i) => i.kind === 'message');
  const summaryShown = turn.outcome?.kind === 'completed' && lastMessage?.kind === 'message' && lastMessage.text.trim() === turn.outcome.summary.trim();
  const duration = view?.startedAt && view.finishedAt ? formatDuration(view.finishedAt - view.startedAt) : null;
  const label = turn.retry > 0 ? `Turn ${turn.turn} · retry ${turn.retry}` : `Turn ${turn.turn}`;
  const failure = turn.outcome?.kind === 'failed' ? turn.outcome.error : null;
  // The turn's failure says it once: an error event with the same words is not repeated.
  const items = failure === null ? turn.items : turn.items.filter((i) => i.kind !== 'error' || !failure.includes(i.message));
  return (
    <article className="tv-turn" aria-label={turn.turn > 0 ? label : 'Earlier activity'}>
      {turn.turn > 0 && (
        <div className="tv-user">
          <div className="tv-turn-head">
            <div className="tv-turn-label">
              {label}
              {duration && <span className="muted"> · {duration}</span>}
            </div>
            {turn.startedAt !== null && <TimeStamp at={turn.startedAt} className="tv-turn-time" />}
          </div>
          <div className="tv-user-prompt">{turn.prompt}</div>
        </div>
      )}
      <div className="tv-agent">
        {items.map((item) => (
          <Item key={item.key} item={item} running={running} commandLabel={commandLabel} onCitation={onCitation} />
        ))}
        {running && turn.streaming && (
          <div className="tv-streaming" aria-live="polite">
            <AgentMarkdown text={turn.streaming} commandLabel={commandLabel} onCitation={onCitation} />
          </div>
        )}
        {running && !turn.streaming && (
          <div className="tv-working">
            <Spinner size={12} /> Working…
          </div>
        )}
        {turn.outcome?.kind === 'completed' && !summaryShown && turn.outcome.summary && (
          <AgentMarkdown text={turn.outcome.summary} commandLabel={commandLabel} onCitation={onCitation} />
        )}
        {failure !== null && (
          <div className="tv-conv-error" role="note">
            Turn {turn.turn} failed: {failure}
            {/^Model request failed|model/i.test(failure) && (
              <>
                {' '}
                <a
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ name: 'settings' });
                  }}
                >
                  Check the model provider in Settings
                </a>
              </>
            )}
          </div>
        )}
      </div>
    </article>
  );
}

/** Prompts, the agent's messages, plan, commands and edits, turn by turn. */
export function ConversationTab() {
  const session = useTaskSession();
  const events = useTaskState((s) => s.conversation);
  const complete = useTaskState((s) => s.complete);
  const tailLoaded = useTaskState((s) => s.tailLoaded);
  const loadingOlder = useTaskState((s) => s.loadingOlder);
  const olderError = useTaskState((s) => s.olderError);
  const detail = useTaskState((s) => s.detail);
  const turns = useMemo(() => buildConversation(events), [events]);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    if (tailLoaded) void session.loadHistory(HISTORY_BUDGET_BYTES);
  }, [session, tailLoaded]);

  // Read through a ref so the label function stays the same and messages do not re-render per event.
  const eventsRef = useRef(events);
  eventsRef.current = events;
  const commandLabel = useCallback((callId: string) => {
    const command = commandOf(eventsRef.current, callId);
    return command ? shorten(commandText(command), 48) : callId;
  }, []);
  const onCitation = useCallback(
    (c: Citation) => (c.kind === 'file' ? session.showFile(c.path, c.start, c.end) : session.showCommand(c.callId, c.start, c.end)),
    [session],
  );

  // Follow new activity while the reader is at the bottom, as a chat does.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [turns]);

  const active = detail ? isActive(detail.task.status) : false;
  const place = useQueuePlace(detail?.task);
  const lastTurn = turns[turns.length - 1];

  return (
    <div
      className="tv-conversation"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      <div className="tv-conversation-inner">
        {!complete && tailLoaded && (
          <div className="tv-older">
            <Button size="sm" busy={loadingOlder} onClick={() => void session.loadOlder()}>
              Load earlier activity
            </Button>
            {olderError && <Alert>{olderError}</Alert>}
          </div>
        )}
        {!tailLoaded && (
          <p className="tv-loading-text">
            <Spinner /> Loading the conversation…
          </p>
        )}
        {tailLoaded && turns.length === 0 && (
          <p className="tv-empty-text">{detail?.task.status === 'queued' ? (place ? `${queueText(place)}: it starts when a running task ends.` : 'Queued: waiting for a free slot.') : active ? 'Waiting for the sandbox to start…' : 'Nothing happened in this task.'}</p>
        )}
        {turns.map((turn) => (
          <Turn
            key={turn.key}
            turn={turn}
            view={detail?.turns.find((t) => t.turn === turn.turn)}
            running={active && turn === lastTurn && turn.outcome === null}
            commandLabel={commandLabel}
            onCitation={onCitation}
          />
        ))}
      </div>
    </div>
  );
}
