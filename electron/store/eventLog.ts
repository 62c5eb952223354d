import type { Database, Statement } from 'better-sqlite3';
import type { EventBody, TaskEvent } from '../../shared/events.js';
import { ActionableError, errorText } from '../errors.js';
import { systemClock, type Clock } from './clock.js';

export interface EventLogOptions {
  /** Longest an appended event waits before it is written and delivered. */
  flushIntervalMs?: number;
  /** Most events written in one transaction; a longer queue is written over the next ticks. */
  maxBatch?: number;
  /** Per task, the most bytes of exec.output and setup.output text kept; more is dropped. */
  logCapBytes?: number;
  /** Where failures of timer-driven flushes and of listeners go. */
  onError?: (error: unknown) => void;
  /** Stamps each event's ts; the store passes its own. */
  clock?: Clock;
}

export type EventListener = (events: readonly TaskEvent[]) => void;

/** Output: what the per-task log cap counts and may drop. */
type CappedEventBody = Extract<EventBody, { type: 'exec.output' | 'setup.output' | 'check.output' | 'agent.raw' }>;
const CAPPED_TYPES = new Set<EventBody['type']>(['exec.output', 'setup.output', 'check.output', 'agent.raw'] satisfies CappedEventBody['type'][]);
/** Events the log cap never drops: the only ones a transaction of atomically() may append. */
export type UncappedEventBody = Exclude<EventBody, CappedEventBody>;
/** Appends within atomically(): numbers the event and writes it in that transaction. */
export type AtomicAppend = (taskId: string, body: UncappedEventBody) => TaskEvent;

export interface EventLogStats {
  /** Transactions committed, one per flush that had something to write. */
  flushes: number;
  eventsWritten: number;
  /** Output events dropped past the log cap. */
  eventsDropped: number;
}

interface TaskLogState {
  lastSeq: number;
  storedBytes: number;
  droppedBytes: number;
  /** droppedBytes as of the last log.truncated event. */
  reportedDroppedBytes: number;
  /** Whether a log.truncated event has been appended since the last finishTask. */
  markedSinceFinish: boolean;
}

interface StoredEventRow {
  seq: number;
  ts: number;
  type: string;
  body: string;
}

const DEFAULT_FLUSH_INTERVAL_MS = 50;
// About 10 ms of inserts: under a flood of output a whole queue in one transaction
// blocked the event loop for hundreds of ms; this keeps each block short.
const DEFAULT_MAX_BATCH = 2_000;
const DEFAULT_LOG_CAP_BYTES = 50 * 1024 * 1024;

/**
 * The append-only task event log. append() numbers an event at once (seq
 * 1, 2, 3, ... per task, no gaps, continuing after what is stored) and queues
 * it; a timer writes the queue in one transaction (at most maxBatch events per
 * tick, the rest on the following ticks) and only then hands the batch to
 * subscribers, so anything a subscriber sees is already on disk.
 * One writer per database file: two processes appending to the same task
 * would collide on seq.
 */
export class EventLog {
  readonly stats: EventLogStats = { flushes: 0, eventsWritten: 0, eventsDropped: 0 };
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly logCapBytes: number;
  private readonly onError: (error: unknown) => void;
  private readonly clock: Clock;
  private readonly tasks = new Map<string, TaskLogState>();
  private readonly listeners = new Set<EventListener>();
  private pending: TaskEvent[] = [];
  private readonly countersChanged = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private readonly insertEvent: Statement<[string, number, number, string, string]>;
  private readonly updateCounters: Statement<[number, number, string]>;
  private readonly loadTask: Statement<
    [string],
    { logBytes: number; logDroppedBytes: number; lastSeq: number | null }
  >;
  private readonly pageEvents: Statement<[string, number, number], StoredEventRow>;
  private readonly pageEventsBefore: Statement<[string, number, number], StoredEventRow>;
  private readonly lastStoredSeq: Statement<[string], { lastSeq: number | null }>;
  private readonly countType: Statement<[string, string], { count: number }>;
  private readonly writeBatch: (events: readonly TaskEvent[], taskIds: readonly string[]) => void;

  constructor(
    private readonly db: Database,
    options: EventLogOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH);
    this.logCapBytes = options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES;
    this.clock = options.clock ?? systemClock;
    this.onError = options.onError ?? ((error) => console.error(`codebay: event log: ${errorText(error)}`));
    this.insertEvent = db.prepare('INSERT INTO events (task_id, seq, ts, type, body) VALUES (?, ?, ?, ?, ?)');
    this.countType = db.prepare('SELECT count(*) AS count FROM events WHERE task_id = ? AND type = ?');
    this.updateCounters = db.prepare('UPDATE tasks SET log_bytes = ?, log_dropped_bytes = ? WHERE id = ?');
    this.loadTask = db.prepare(
      'SELECT log_bytes AS logBytes, log_dropped_bytes AS logDroppedBytes, ' +
        '(SELECT max(seq) FROM events WHERE task_id = tasks.id) AS lastSeq FROM tasks WHERE id = ?',
    );
    this.pageEventsBefore = db.prepare(
      'SELECT seq, ts, type, body FROM events WHERE task_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
    this.pageEvents = db.prepare(
      'SELECT seq, ts, type, body FROM events WHERE task_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.lastStoredSeq = db.prepare('SELECT max(seq) AS lastSeq FROM events WHERE task_id = ?');
    this.writeBatch = db.transaction((events: readonly TaskEvent[], taskIds: readonly string[]) => {
      for (const event of events) {
        const { taskId, seq, ts, type, ...fields } = event;
        this.insertEvent.run(taskId, seq, ts, type, JSON.stringify(fields));
      }
      for (const taskId of taskIds) {
        const state = this.tasks.get(taskId);
        if (state) this.updateCounters.run(state.storedBytes, state.droppedBytes, taskId);
      }
    });
  }

  /**
   * Numbers and queues an event. Returns it, or null when it was output past
   * the task's log cap and was dropped. The first drop since the last
   * finishTask is replaced by a log.truncated event (returned instead), so seq
   * never skips a number.
   */
  append(taskId: string, body: EventBody): TaskEvent | null {
    if (this.closed) {
      throw new ActionableError(`Cannot log a ${body.type} event for task ${taskId}: the event log is closed`, 'Open the store again');
    }
    const state = this.stateOf(taskId);
    if (isCapped(body)) {
      const text = body.type === 'agent.raw' ? body.line : body.text;
      // The cap counts what is stored: JSON escapes control bytes, so one NUL takes six. What
      // is dropped is counted as the command printed it.
      const stored = Buffer.byteLength(JSON.stringify(text)) - 2;
      this.countersChanged.add(taskId);
      this.schedule();
      // Once anything is dropped, later (smaller) output is dropped too, so the kept log has no holes.
      if (state.droppedBytes > 0 || state.storedBytes + stored > this.logCapBytes) {
        state.droppedBytes += Buffer.byteLength(text);
        this.stats.eventsDropped += 1;
        if (state.markedSinceFinish) return null;
        state.markedSinceFinish = true;
        return this.truncationMarker(taskId, state);
      }
      state.storedBytes += stored;
    }
    return this.enqueue(taskId, state, body);
  }

  /**
   * Runs `write` in one immediate transaction with the events it appends through `append`,
   * for rows and the events that report them to be committed together. A task's queued
   * events are written before its first event here, so seq stays in order; subscribers get
   * them all after the commit. When anything throws, nothing is written, queued events stay
   * queued and no seq is used. Call it outside any other transaction, whose rollback would
   * undo events already delivered.
   */
  atomically<T>(write: (append: AtomicAppend) => T): T {
    if (this.closed) {
      throw new ActionableError('Cannot write a state change: the event log is closed', 'Open the store again');
    }
    if (this.db.inTransaction) {
      throw new ActionableError(
        'Cannot write a state change inside another transaction: its events would be delivered before that commits',
        'Make the state change after the surrounding transaction',
      );
    }
    const written: TaskEvent[] = [];
    const lastSeqs = new Map<string, number>();
    const loadedHere = new Set<string>();
    const insert = (event: TaskEvent): void => {
      const { taskId, seq, ts, type, ...fields } = event;
      this.insertEvent.run(taskId, seq, ts, type, JSON.stringify(fields));
      written.push(event);
    };
    const append: AtomicAppend = (taskId, body) => {
      let lastSeq = lastSeqs.get(taskId);
      if (lastSeq === undefined) {
        if (!this.tasks.has(taskId)) loadedHere.add(taskId);
        lastSeq = this.stateOf(taskId).lastSeq;
        for (const queued of this.pending) if (queued.taskId === taskId) insert(queued);
      }
      const event: TaskEvent = { taskId, seq: lastSeq + 1, ts: this.clock.now(), ...body };
      insert(event);
      lastSeqs.set(taskId, event.seq);
      return event;
    };
    let result: T;
    try {
      result = this.db.transaction(() => write(append)).immediate();
    } catch (error) {
      // A task made in the rolled-back transaction does not exist: nothing of it is kept.
      for (const taskId of loadedHere) this.tasks.delete(taskId);
      throw error;
    }
    for (const [taskId, lastSeq] of lastSeqs) this.stateOf(taskId).lastSeq = lastSeq;
    const committed = new Set(written);
    this.pending = this.pending.filter((event) => !committed.has(event));
    this.stats.flushes += 1;
    this.stats.eventsWritten += written.length;
    if (written.length > 0) this.deliver(written);
    return result;
  }

  /** How many stored events of one type a task has (committed ones: flush first for the latest). */
  countOf(taskId: string, type: TaskEvent['type']): number {
    return this.countType.get(taskId, type)?.count ?? 0;
  }

  /**
   * Call when a turn ends. If output was dropped since the last log.truncated
   * event, appends one more carrying the task's total dropped bytes and returns it.
   */
  finishTask(taskId: string): TaskEvent | null {
    const state = this.stateOf(taskId);
    state.markedSinceFinish = false;
    return state.droppedBytes > state.reportedDroppedBytes ? this.truncationMarker(taskId, state) : null;
  }

  /**
   * Forgets what this process knows of a task's log, so the next append reads
   * seq and counters afresh: call when taking over a task another process may
   * have logged to (a follow-up from the CLI of a task the app ran).
   */
  adopt(taskId: string): void {
    this.flush();
    this.tasks.delete(taskId);
  }

  /** Calls listener with each committed batch, in seq order per task. Returns an unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Writes everything queued, in transactions of at most maxBatch events, delivering
   * each after its commit. On failure the unwritten events stay queued for the next
   * attempt and the error is thrown.
   */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // Only what is queued now: events a listener appends go to the next tick.
    let left = this.pending.length;
    do {
      left -= this.writeNext();
    } while (left > 0);
  }

  /** Writes the oldest maxBatch queued events (and, once the queue is empty, the log counters) in one transaction. */
  private writeNext(): number {
    if (this.pending.length === 0 && this.countersChanged.size === 0) return 0;
    const batch = this.pending.slice(0, this.maxBatch);
    // Counters count every queued event, so they are stored with the batch that empties the queue.
    const drains = batch.length === this.pending.length;
    try {
      this.writeBatch(batch, drains ? [...this.countersChanged] : []);
    } catch (error) {
      this.schedule();
      throw new ActionableError(
        `Could not write ${batch.length} task events to the database: ${errorText(error)}`,
        'They are kept in memory and retried; check free disk space and that no other program holds the database locked',
        { cause: error },
      );
    }
    this.pending.splice(0, batch.length);
    if (drains) this.countersChanged.clear();
    this.stats.flushes += 1;
    this.stats.eventsWritten += batch.length;
    if (batch.length > 0) this.deliver(batch);
    return batch.length;
  }

  /** Flushes and stops accepting events. */
  close(): void {
    this.closed = true;
    this.flush();
  }

  /**
   * Committed events of a task with seq > afterSeq, in seq order: at most `limit`, and no more
   * than about `maxBytes` of stored event text (at least one event). A page may so end before
   * the log does: read on until a page comes back empty.
   */
  page(taskId: string, afterSeq: number, limit: number, maxBytes = Number.POSITIVE_INFINITY): TaskEvent[] {
    return withinBytes(this.pageEvents.iterate(taskId, afterSeq, limit), maxBytes).map((row) => toEvent(taskId, row));
  }

  /** The committed events just before `beforeSeq` (at most `limit`, about `maxBytes`), in seq order: for reading a log from its tail. */
  pageBefore(taskId: string, beforeSeq: number, limit: number, maxBytes = Number.POSITIVE_INFINITY): TaskEvent[] {
    return withinBytes(this.pageEventsBefore.iterate(taskId, beforeSeq, limit), maxBytes)
      .reverse()
      .map((row) => toEvent(taskId, row));
  }

  /** The highest committed seq of a task, 0 when it has none. */
  lastSeq(taskId: string): number {
    return this.lastStoredSeq.get(taskId)?.lastSeq ?? 0;
  }

  private truncationMarker(taskId: string, state: TaskLogState): TaskEvent {
    state.reportedDroppedBytes = state.droppedBytes;
    return this.enqueue(taskId, state, { type: 'log.truncated', droppedBytes: state.droppedBytes });
  }

  private enqueue(taskId: string, state: TaskLogState, body: EventBody): TaskEvent {
    state.lastSeq += 1;
    const event: TaskEvent = { taskId, seq: state.lastSeq, ts: this.clock.now(), ...body };
    this.pending.push(event);
    this.schedule();
    return event;
  }

  private schedule(delayMs = this.flushIntervalMs): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.writeNext();
      } catch (error) {
        this.onError(error);
        return;
      }
      // The rest of a long queue goes on the next tick, after other work has had its turn.
      if (this.pending.length > 0 || this.countersChanged.size > 0) this.schedule(0);
    }, delayMs);
  }

  private deliver(batch: readonly TaskEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private stateOf(taskId: string): TaskLogState {
    let state = this.tasks.get(taskId);
    if (!state) {
      const row = this.loadTask.get(taskId);
      if (!row) {
        throw new ActionableError(
          `Cannot log events for task ${taskId}: there is no such task`,
          'Create the task in the store before appending its events',
        );
      }
      state = {
        lastSeq: row.lastSeq ?? 0,
        storedBytes: row.logBytes,
        droppedBytes: row.logDroppedBytes,
        reportedDroppedBytes: row.logDroppedBytes,
        markedSinceFinish: false,
      };
      this.tasks.set(taskId, state);
    }
    return state;
  }
}

function isCapped(body: EventBody): body is CappedEventBody {
  return CAPPED_TYPES.has(body.type);
}

function toEvent(taskId: string, row: StoredEventRow): TaskEvent {
  return { taskId, seq: row.seq, ts: row.ts, type: row.type, ...(JSON.parse(row.body) as object) } as TaskEvent;
}

/** Rows from the iterator up to about maxBytes of body text (always the first); the rest is not read. */
function withinBytes(rows: IterableIterator<StoredEventRow>, maxBytes: number): StoredEventRow[] {
  const kept: StoredEventRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (kept.length > 0 && bytes + row.body.length > maxBytes) break;
    kept.push(row);
    bytes += row.body.length;
  }
  return kept;
}
