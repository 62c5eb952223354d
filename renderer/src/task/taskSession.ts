import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TaskEvent } from '../../../shared/events';
import type { FindingView } from '../../../shared/findings';
import { MODES } from '../../../shared/modes';
import type { AppEvent } from '../../../shared/protocol';
import type { TaskDetail, TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';
import { isActive } from '../ui/status';
import { inConversation } from './conversation';
import { appendLog, EMPTY_LOG, type LogModel, prependLog } from './logLines';

export type TabName = 'conversation' | 'findings' | 'logs' | 'diff' | 'compare';

/** Where a file citation points; `nonce` makes a repeated click count again. */
export interface FileTarget {
  path: string;
  start: number;
  end: number;
  nonce: number;
}

export interface LogTarget {
  callId: string;
  start: number;
  end: number;
  nonce: number;
}

export interface TaskViewState {
  detail: TaskDetail | null;
  loadError: string | null;
  /**
   * The conversation's events (all but command output) of a contiguous window of the task's
   * events, newest last; older pages load on demand. Output goes only to `log`, so a chatty
   * command does not make the conversation rebuild.
   */
  conversation: readonly TaskEvent[];
  /** The same window as log lines. */
  log: LogModel;
  tailLoaded: boolean;
  /** The window reaches the task's first event. */
  complete: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  /** Why live events could not be read back from the store. */
  liveError: string | null;
  /** Bumps when the task's diff changed (a diff.stats event). */
  diffRevision: number;
  /** Bumps when a running turn may have changed its workspace (an edit, a command's end, new counts). */
  workspaceRevision: number;
  tab: TabName;
  fileTarget: FileTarget | null;
  logTarget: LogTarget | null;
  /** A review task's findings; null until they first load (and for other modes). */
  findings: readonly FindingView[] | null;
  findingsError: string | null;
}

const PAGE = 2000;
/** At most 20 view updates a second, however fast events arrive. */
const FLUSH_INTERVAL_MS = 50;
const DETAIL_CHANGING = new Set<TaskEvent['type']>(['task.status', 'turn.started', 'turn.completed', 'turn.failed']);

function changesWorkspace(event: TaskEvent): boolean {
  return event.type === 'diff.stats' || event.type === 'exec.end' || (event.type === 'patch.applied' && event.ok);
}

function bytesOf(events: readonly TaskEvent[]): number {
  let bytes = 0;
  for (const e of events) bytes += 64 + ('text' in e ? e.text.length : 0);
  return bytes;
}

/**
 * Everything one mounted task view shows, loaded from the engine and kept live:
 * the detail row, and the event log read from its tail so a huge log opens at once.
 */
export class TaskSession {
  readonly store: StoreApi<TaskViewState>;
  private pending: TaskEvent[] = [];
  private pendingRows = new Map<string, TaskView>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = 0;
  private catchingUp = false;
  /** Set after a catch-up: a gap the store could not fill is not waited on again. */
  private acceptGap = false;
  private detailLoading = false;
  private detailStale = false;
  private findingsLoading = false;
  private findingsStale = false;
  /** Set once the reader picks a tab (or a link does), so the view no longer picks one for them. */
  private tabChosen = false;
  /** Set once the first detail and findings are both in, when a review picks its opening tab. */
  private openingTabPicked = false;
  private stopped = false;
  private nonce = 0;
  /** About how much text the window holds, to bound what loads without being asked. */
  private loadedBytes = 0;
  /** The seqs of the window's first and last events; 0 while it holds none. */
  private firstSeq = 0;
  private lastSeq = 0;

  constructor(
    readonly taskId: string,
    initialTab: TabName,
  ) {
    this.store = createStore<TaskViewState>()(() => ({
      detail: null,
      loadError: null,
      conversation: [],
      log: EMPTY_LOG,
      tailLoaded: false,
      complete: false,
      loadingOlder: false,
      olderError: null,
      liveError: null,
      diffRevision: 0,
      workspaceRevision: 0,
      tab: initialTab,
      fileTarget: null,
      logTarget: null,
      findings: null,
      findingsError: null,
    }));
  }

  /** Subscribes first, then loads, so no event falls between the two; returns the stop function. */
  start(): () => void {
    this.stopped = false;
    const unsubscribe = bridge.subscribe(['task.events', 'task.updated'], (event) => this.receive(event));
    this.reload();
    return () => {
      this.stopped = true;
      unsubscribe();
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  /** Reads the row again, and the log's tail if it has not loaded yet. */
  reload(): void {
    this.store.setState({ loadError: null, liveError: null });
    this.refreshDetail();
    if (!this.store.getState().tailLoaded) this.loadTail();
  }

  refreshDetail(): void {
    if (this.detailLoading) {
      this.detailStale = true;
      return;
    }
    this.detailLoading = true;
    bridge
      .call('tasks.get', { id: this.taskId })
      .then(
        (detail) => {
          if (this.stopped) return;
          this.store.setState({ detail });
          if (MODES[detail.task.mode].reviews && this.store.getState().findings === null) this.refreshFindings();
          this.pickOpeningTab();
          // Rows that came while there was no detail to put them in.
          this.schedule();
        },
        (error: unknown) => {
          if (!this.stopped) this.store.setState({ loadError: errorMessage(error) });
        },
      )
      .finally(() => {
        this.detailLoading = false;
        if (this.detailStale) {
          this.detailStale = false;
          this.refreshDetail();
        }
      });
  }

  /** Reads a review's findings again. */
  refreshFindings(): void {
    if (this.findingsLoading) {
      this.findingsStale = true;
      return;
    }
    this.findingsLoading = true;
    bridge
      .call('findings.list', { taskId: this.taskId })
      .then(
        (findings) => {
          if (this.stopped) return;
          this.store.setState({ findings, findingsError: null });
          this.pickOpeningTab();
        },
        (error: unknown) => {
          if (!this.stopped) this.store.setState({ findingsError: errorMessage(error) });
        },
      )
      .finally(() => {
        this.findingsLoading = false;
        if (this.findingsStale) {
          this.findingsStale = false;
          this.refreshFindings();
        }
      });
  }

  /** A finished review with findings opens on them, unless the reader chose a tab; a running one stays on its conversation. */
  private pickOpeningTab(): void {
    const { detail, findings, tab } = this.store.getState();
    if (this.openingTabPicked || !detail || findings === null) return;
    this.openingTabPicked = true;
    if (!this.tabChosen && tab === 'conversation' && findings.length > 0 && !isActive(detail.task.status)) this.store.setState({ tab: 'findings' });
  }

  /** Puts a finding the caller just got back from an action into the view at once. */
  applyFinding(finding: FindingView): void {
    const { findings } = this.store.getState();
    if (findings) this.store.setState({ findings: findings.map((f) => (f.id === finding.id ? finding : f)) });
    // The row's count of open findings moved with it.
    this.refreshDetail();
  }

  private loadTail(): void {
    bridge.call('tasks.events', { id: this.taskId, beforeSeq: Number.MAX_SAFE_INTEGER, limit: PAGE }).then(
      (tail) => {
        if (this.stopped || this.store.getState().tailLoaded) return;
        this.loadedBytes += bytesOf(tail);
        this.firstSeq = tail[0]?.seq ?? 0;
        this.lastSeq = tail.at(-1)?.seq ?? 0;
        this.store.setState({
          conversation: tail.filter(inConversation),
          log: appendLog(EMPTY_LOG, tail),
          tailLoaded: true,
          complete: this.firstSeq <= 1,
        });
        // A finding reported after the list was read but before the tail was is in neither the list nor what comes live.
        if (tail.some((e) => e.type === 'finding.reported')) this.refreshFindings();
        this.schedule();
      },
      (error: unknown) => {
        if (!this.stopped) this.store.setState({ loadError: errorMessage(error) });
      },
    );
  }

  /** Loads the page of events just before the window. */
  async loadOlder(): Promise<void> {
    const state = this.store.getState();
    const firstSeq = this.firstSeq;
    if (state.complete || state.loadingOlder || firstSeq === 0) return;
    this.store.setState({ loadingOlder: true, olderError: null });
    try {
      const older = await bridge.call('tasks.events', { id: this.taskId, beforeSeq: firstSeq, limit: PAGE });
      this.loadedBytes += bytesOf(older);
      this.firstSeq = older[0]?.seq ?? firstSeq;
      const now = this.store.getState();
      this.store.setState({
        conversation: older.filter(inConversation).concat(now.conversation),
        log: prependLog(now.log, older, firstSeq),
        complete: older.length === 0 || older[0]?.seq === 1,
        loadingOlder: false,
      });
    } catch (error) {
      this.store.setState({ loadingOlder: false, olderError: errorMessage(error) });
    }
  }

  /** Loads older pages until the window starts at the first event or holds about `budgetBytes` of text. */
  async loadHistory(budgetBytes: number): Promise<void> {
    while (!this.stopped) {
      const { complete, olderError } = this.store.getState();
      if (complete || olderError || this.loadedBytes >= budgetBytes) return;
      await this.loadOlder();
    }
  }

  setTab(tab: TabName): void {
    this.tabChosen = true;
    this.store.setState({ tab });
  }

  showFile(path: string, start: number, end: number): void {
    this.tabChosen = true;
    this.store.setState({ tab: 'diff', fileTarget: { path, start, end, nonce: ++this.nonce } });
  }

  showCommand(callId: string, start: number, end: number): void {
    this.tabChosen = true;
    this.store.setState({ tab: 'logs', logTarget: { callId, start, end, nonce: ++this.nonce } });
  }

  /** Puts a row the caller just got back from an action into the view at once. */
  applyRow(task: TaskView): void {
    this.pendingRows.set(task.id, task);
    this.schedule();
  }

  private receive(event: Extract<AppEvent, { type: 'task.events' | 'task.updated' }>): void {
    if (event.type === 'task.events') {
      let mine = false;
      for (const e of event.events) {
        if (e.taskId !== this.taskId) continue;
        this.pending.push(e);
        mine = true;
      }
      if (mine) this.schedule();
    } else if (event.type === 'task.updated') {
      const detail = this.store.getState().detail;
      if (event.task.id === this.taskId || detail?.siblings.some((s) => s.id === event.task.id)) this.applyRow(event.task);
    }
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastFlush + FLUSH_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastFlush = Date.now();
      this.flush();
    }, wait);
  }

  private flush(): void {
    this.flushRows();
    if (!this.store.getState().tailLoaded || this.catchingUp || this.pending.length === 0) return;
    const lastSeq = this.lastSeq;
    const fresh = this.pending.filter((e) => e.seq > lastSeq).sort((a, b) => a.seq - b.seq);
    const contiguous: TaskEvent[] = [];
    let expected = lastSeq + 1;
    for (const e of fresh) {
      if (e.seq < expected) continue;
      if (e.seq > expected && !this.acceptGap) break;
      expected = e.seq;
      contiguous.push(e);
      expected += 1;
    }
    this.acceptGap = false;
    this.pending = fresh.filter((e) => e.seq >= expected);
    if (contiguous.length > 0) this.append(contiguous);
    // A gap means events were committed before our subscription saw them: read them from the store.
    if (this.pending.length > 0) void this.catchUp();
  }

  private flushRows(): void {
    if (this.pendingRows.size === 0) return;
    const detail = this.store.getState().detail;
    if (!detail) return;
    const rows = this.pendingRows;
    this.pendingRows = new Map();
    // Findings fixed or dismissed elsewhere (another window, the CLI) change the count.
    const row = rows.get(detail.task.id);
    if (row && MODES[row.mode].reviews && row.findingsOpen !== detail.task.findingsOpen) this.refreshFindings();
    this.store.setState({
      detail: {
        ...detail,
        task: rows.get(detail.task.id) ?? detail.task,
        siblings: detail.siblings.map((s) => rows.get(s.id) ?? s),
      },
    });
  }

  private append(events: TaskEvent[]): void {
    this.loadedBytes += bytesOf(events);
    this.firstSeq ||= events[0]?.seq ?? 0;
    this.lastSeq = events.at(-1)?.seq ?? this.lastSeq;
    const state = this.store.getState();
    const spoken = events.filter(inConversation);
    this.store.setState({
      conversation: spoken.length > 0 ? state.conversation.concat(spoken) : state.conversation,
      log: appendLog(state.log, events),
      diffRevision: events.some((e) => e.type === 'diff.stats') ? state.diffRevision + 1 : state.diffRevision,
      workspaceRevision: events.some(changesWorkspace) ? state.workspaceRevision + 1 : state.workspaceRevision,
    });
    if (events.some((e) => DETAIL_CHANGING.has(e.type))) this.refreshDetail();
    if (events.some((e) => e.type === 'finding.reported')) this.refreshFindings();
  }

  private async catchUp(): Promise<void> {
    this.catchingUp = true;
    try {
      for (;;) {
        const afterSeq = this.lastSeq;
        const page = await bridge.call('tasks.events', { id: this.taskId, afterSeq, limit: PAGE });
        if (this.stopped) return;
        if (page.length > 0) this.append(page);
        if (page.length === 0) break;
      }
    } catch (error) {
      this.store.setState({ liveError: errorMessage(error) });
    } finally {
      this.catchingUp = false;
      this.acceptGap = true;
      this.schedule();
    }
  }
}
