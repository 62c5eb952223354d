import { memo, type ReactNode, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { Spinner } from '../ui/Spinner';
import { TimeStamp } from '../ui/TimeStamp';
import { useRowWindow } from '../ui/useRowWindow';
import { commandLineRange, type LogLine, logLength, logLine } from './logLines';
import { findMatches, splitByMatch } from './logSearch';
import { useTaskSession, useTaskState } from './taskContext';

const ROW_HEIGHT = 18;
/** Longer lines are cut for display; search still sees all of them. */
const DISPLAY_CHARS = 2000;
/** Older output loads when the reader scrolls within this many rows of the top. */
const LOAD_MARGIN_ROWS = 200;
const OVERSCAN_ROWS = 12;

function lineText(line: LogLine, query: string): ReactNode {
  const text = line.text.length > DISPLAY_CHARS ? `${line.text.slice(0, DISPLAY_CHARS)}… (${line.text.length - DISPLAY_CHARS} more characters)` : line.text;
  if (!query) return text || ' ';
  return splitByMatch(text, query).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>));
}

interface LogRowProps {
  line: LogLine;
  index: number;
  query: string;
  target: boolean;
  current: boolean;
}

// Finished lines never change, so a row already drawn is skipped when more output arrives.
const LogRow = memo(function LogRow({ line, index, query, target, current }: LogRowProps) {
  return (
    <div
      className={`tv-log-line tv-log-${line.kind}${target ? ' tv-log-target' : ''}${current ? ' tv-log-current' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
    >
      {line.ts !== undefined && <TimeStamp at={line.ts} clock className="tv-log-time" />}
      {lineText(line, query)}
    </div>
  );
});

/** The raw live log: virtualized, read from its tail, older pages loaded on scroll up, searchable. */
export function LogsTab() {
  const session = useTaskSession();
  const log = useTaskState((s) => s.log);
  const complete = useTaskState((s) => s.complete);
  const tailLoaded = useTaskState((s) => s.tailLoaded);
  const loadingOlder = useTaskState((s) => s.loadingOlder);
  const olderError = useTaskState((s) => s.olderError);
  const target = useTaskState((s) => s.logTarget);
  const length = logLength(log);

  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const seenPrepended = useRef(log.prepended);
  const handledTarget = useRef(0);
  const [highlight, setHighlight] = useState<{ from: number; to: number } | null>(null);
  const [targetMissing, setTargetMissing] = useState(false);

  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const matches = useMemo(() => findMatches(log, deferredQuery), [log, deferredQuery]);
  /** Which match the reader went to; -1 before the first Enter. */
  const [matchAt, setMatchAt] = useState(-1);

  const rows = useRowWindow({ scroller, count: length, rowHeight: ROW_HEIGHT, overscan: OVERSCAN_ROWS, pinned: following.current });

  // Rows have one height, so a line's place is known from its index.
  const scrollToLine = (index: number): void => {
    following.current = false;
    setShowJump(true);
    const el = scroller.current;
    if (el) el.scrollTop = Math.max(0, index * ROW_HEIGHT - el.clientHeight / 2 + ROW_HEIGHT / 2);
  };

  // Lines added above keep the rows in view where they were.
  useLayoutEffect(() => {
    const added = log.prepended - seenPrepended.current;
    seenPrepended.current = log.prepended;
    if (added > 0) {
      if (scroller.current) scroller.current.scrollTop += added * ROW_HEIGHT;
      setHighlight((h) => h && { from: h.from + added, to: h.to + added });
    }
  }, [log.prepended]);

  // Follow the tail while the reader is at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [length, tailLoaded]);

  // A command citation: find its lines, reading older pages until they are loaded. The log is
  // looked at again only while a citation waits for its lines, not on every batch of output.
  const targetPending = target !== null && target.nonce !== handledTarget.current;
  const targetLog = targetPending ? log : null;
  useEffect(() => {
    if (!target || !targetLog) return;
    const range = commandLineRange(targetLog, target.callId, Math.max(1, target.start), target.end);
    if (!range) {
      if (!complete) void session.loadOlder();
      else {
        handledTarget.current = target.nonce;
        setTargetMissing(true);
      }
      return;
    }
    handledTarget.current = target.nonce;
    setTargetMissing(false);
    // Line 0 means the command itself, from a conversation's "Log" link.
    const shown = target.start === 0 ? { from: range.header, to: range.header } : range;
    setHighlight(shown);
    scrollToLine(shown.from);
  }, [target, targetLog, complete, session]);

  const goToMatch = (step: number): void => {
    if (matches.length === 0) return;
    const next = matchAt === -1 ? (step > 0 ? 0 : matches.length - 1) : (matchAt + step + matches.length) % matches.length;
    setMatchAt(next);
    const index = matches[next];
    if (index !== undefined) scrollToLine(index);
  };

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    following.current = atBottom;
    rows.onScroll(atBottom);
    setShowJump(!atBottom);
    if (el.scrollTop < LOAD_MARGIN_ROWS * ROW_HEIGHT && !complete && !loadingOlder && !olderError) void session.loadOlder();
  };

  const jumpToLatest = (): void => {
    following.current = true;
    setShowJump(false);
    setHighlight(null);
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  const currentMatch = matchAt >= 0 ? matches[matchAt] : undefined;
  const drawnRows = (): ReactNode[] => {
    const drawn: ReactNode[] = [];
    for (let index = rows.start; index < rows.end; index++) {
      const line = logLine(log, index);
      if (!line) continue;
      const target = highlight !== null && index >= highlight.from && index <= highlight.to;
      drawn.push(<LogRow key={index} line={line} index={index} query={deferredQuery} target={target} current={index === currentMatch} />);
    }
    return drawn;
  };
  const matchText = matches.length === 0 ? 'No matches' : matchAt === -1 ? `${matches.length} match${matches.length === 1 ? '' : 'es'}` : `${matchAt + 1} of ${matches.length}`;

  return (
    <div className="tv-logs">
      <div className="tv-toolbar">
        <Icon name="search" size={14} className="tv-search-icon" />
        <input
          type="search"
          className="tv-search"
          aria-label="Search the log"
          placeholder="Search the log"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setMatchAt(-1);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              goToMatch(e.shiftKey ? -1 : 1);
            }
          }}
        />
        <Button size="sm" variant="ghost" aria-label="Previous match" tip="Previous match (Shift+Enter)" disabled={matches.length === 0} onClick={() => goToMatch(-1)}>
          ↑
        </Button>
        <Button size="sm" variant="ghost" aria-label="Next match" tip="Next match (Enter)" disabled={matches.length === 0} onClick={() => goToMatch(1)}>
          ↓
        </Button>
        <span className="tv-match-count" aria-live="polite">
          {query ? matchText : ''}
        </span>
        <span className="tv-toolbar-spacer" />
        <span className="tv-toolbar-note">
          {length.toLocaleString()} lines{complete ? '' : ' loaded · scroll up for older output'}
        </span>
        {showJump && (
          <Button size="sm" onClick={jumpToLatest}>
            Follow latest
          </Button>
        )}
      </div>
      {targetMissing && (
        <Alert kind="info" className="tv-diff-alert">
          That command's output is not in this log.
        </Alert>
      )}
      {olderError && <Alert className="tv-diff-alert">{olderError}</Alert>}
      <div ref={scroller} className="tv-log" role="log" aria-label="Task log" aria-live="off" tabIndex={0} onScroll={onScroll}>
        {!tailLoaded && (
          <p className="tv-loading-text">
            <Spinner /> Loading the log…
          </p>
        )}
        {tailLoaded && length === 0 && <p className="tv-loading-text">No output yet.</p>}
        {loadingOlder && (
          <div className="tv-log-loading">
            <Spinner size={10} /> Loading older output…
          </div>
        )}
        <div className="tv-log-inner" style={{ height: length * ROW_HEIGHT }}>
          {drawnRows()}
        </div>
      </div>
    </div>
  );
}
