import type { z } from 'zod';
import { FINAL_STATUSES, type TaskEvent, type TaskStatus } from '../shared/events.js';
import {
  type AppEvent,
  type ErrorBody,
  isMethodName,
  type MethodName,
  type MethodResult,
  paramSchemas,
} from '../shared/protocol.js';
import { MODES } from '../shared/modes.js';
import type { SettingsView } from '../shared/types.js';
import { PROVIDER_PRESETS } from './agent/presets.js';
import type { App } from './app.js';
import { providerKeyName } from './config/secretStore.js';
import { listProviderModels } from './config/providerModels.js';
import { checkProvider } from './doctor.js';
import { attemptDiff, attemptFileVersions } from './review/attemptDiff.js';
import { attemptRows } from './review/attempts.js';
import { ReviewComments } from './review/reviewComments.js';
import { ReviewFindings } from './review/reviewFindings.js';
import { ActionableError, errorText, FieldError } from './errors.js';
import { git } from './git/run.js';
import { buildSandboxImage } from './sandbox/image.js';
import type { LiveWorkspace } from './tasks/liveWorkspace.js';
import { withSecretChanges } from './tasks/setupTrial.js';
import type { Task, TaskFilter } from './store/types.js';
import { environmentView, fileVersionsView, providerView, taskView, turnView } from './views.js';

type Handlers = {
  [M in MethodName]: (params: z.output<(typeof paramSchemas)[M]>) => Promise<MethodResult<M>>;
};

export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export type EventListener = (event: AppEvent) => void;

const ACTIVE: TaskStatus[] = ['queued', 'preparing', 'running'];
/** One page of a log holds about this much stored event text at most, so no request loads a whole flood of output. */
const EVENT_PAGE_MAX_BYTES = 4 * 1024 * 1024;
// Event types after which a task's row (status, counts, tokens) may have changed.
const ROW_CHANGING = new Set<TaskEvent['type']>(['task.status', 'diff.stats', 'turn.completed', 'turn.failed', 'usage', 'finding.reported']);
// Agent events that may move a running task to another step (its activity column).
const ACTIVITY_CHANGING = new Set<TaskEvent['type']>(['exec.begin', 'exec.end', 'patch.applied', 'agent.delta', 'agent.reasoning']);
// Methods that change a task's row without writing an event (its markers and archive flag).
const MARKS_TASK = new Set<MethodName>(['tasks.archive', 'tasks.exportPatch', 'tasks.createBranch', 'tasks.push']);

/** Implements every protocol method; transports only move frames to and from here. */
export class Api {
  private readonly listeners = new Set<EventListener>();
  private readonly handlers: Handlers;
  private unsubscribeStore: (() => void) | undefined;
  /** The activity each running task was last announced with, so a stream of deltas announces its row once. */
  private readonly announcedActivity = new Map<string, string>();

  constructor(
    private readonly app: App,
    transport: 'ipc' | 'websocket',
  ) {
    const { store, results, environments, tasks } = app;
    const review = new ReviewComments(store, tasks);
    const findings = new ReviewFindings(store, app.home, tasks);
    const requireTask = (id: string) => {
      const task = store.tasks.get(id);
      if (!task) throw new ActionableError(`There is no task ${id}`, 'It may have been deleted; refresh the list');
      return task;
    };
    // A running Code turn's workspace, or null while its sandbox is still starting (it then holds the task's latest result).
    const liveWorkspaceOf = (task: Task): LiveWorkspace | null => {
      const workspace = app.workspaces.get(task.id);
      if (workspace) return workspace;
      if (!MODES[task.mode].keepsChanges) throw new ActionableError(`${MODES[task.mode].label} tasks change no files, so “${task.title}” has no live diff`, 'Start a Code task to have the agent make changes');
      if (FINAL_STATUSES.includes(task.status)) throw new ActionableError(`“${task.title}” is not running, so there is no workspace to read live`, 'Its Diff tab shows the result of its turns');
      if (task.owner !== null && task.owner !== app.owner) throw new ActionableError(`“${task.title}” runs in another Codebay process, which alone can read its workspace live`, 'Its changes show here when the turn ends, or open it in the app that runs it');
      return null;
    };
    const requireProvider = (id: string) => {
      const provider = store.providers.get(id);
      if (!provider) throw new ActionableError(`There is no provider ${id}`, 'Refresh the settings');
      return provider;
    };
    const settings = (): SettingsView => ({
      defaultProviderId: (store.settings.get('defaultProviderId') as string | undefined) ?? null,
      concurrency: Number(store.settings.get('concurrency') ?? app.scheduler.concurrencyLimit()),
      poolSize: Number(store.settings.get('poolSize') ?? 2),
      userInstructions: (store.settings.get('userInstructions') as string | undefined) ?? '',
      theme: ((store.settings.get('theme') as SettingsView['theme'] | undefined) ?? 'system'),
      presets: PROVIDER_PRESETS.map((p) => ({ id: p.id, name: p.name, baseUrl: p.baseUrl, wire: p.wire, needsKey: p.needsKey, notes: p.notes })),
    });

    this.handlers = {
      'app.info': async () => ({ version: app.version, dataDir: app.home, sandboxImage: app.imageTag, transport }),
      'doctor.run': () => app.doctor(),
      'image.build': async () => {
        const built = await buildSandboxImage(app.docker, { onLine: (line) => this.emit({ type: 'image.progress', line }) });
        return { tag: built.tag, method: built.method, seconds: built.seconds };
      },

      'tasks.list': async (p) => {
        const filter: TaskFilter = {
          ...(p.view === 'active' ? { statuses: ACTIVE, archived: false } : {}),
          ...(p.view === 'done' ? { statuses: [...FINAL_STATUSES], archived: false } : {}),
          ...(p.view === 'failed' ? { statuses: ['failed'], archived: false } : {}),
          ...(p.view === 'archived' ? { archived: true } : {}),
          ...(p.view === 'all' ? { archived: false } : {}),
          ...(p.environmentId ? { environmentId: p.environmentId } : {}),
          ...(p.search ? { search: p.search } : {}),
          ...(p.groupId ? { groupId: p.groupId } : {}),
        };
        const page = store.tasks.list(filter, { limit: p.limit, ...(p.before ? { before: p.before } : {}) });
        return { tasks: page.map(taskView), total: store.tasks.count(filter) };
      },
      'tasks.get': async ({ id }) => {
        const task = requireTask(id);
        const siblings = task.groupId ? store.tasks.list({ groupId: task.groupId }, { limit: 10 }).sort((a, b) => a.attempt - b.attempt) : [task];
        return { task: taskView(task), turns: store.turns.list(id).map(turnView), siblings: siblings.map(taskView) };
      },
      'tasks.create': async (p) => {
        const environment = environments.require(p.environmentId);
        const created = await tasks.create({
          prompt: p.prompt,
          mode: p.mode,
          environment,
          ...(p.baseRef ? { baseRef: p.baseRef } : {}),
          includeUncommitted: p.includeUncommitted ?? false,
          attempts: p.attempts,
          ...(p.agents ? { agents: p.agents } : {}),
          ...(p.checks ? { checks: p.checks } : {}),
          ...(p.title ? { title: p.title } : {}),
          providerId: p.providerId ?? null,
          model: p.model ?? null,
        });
        return created.map(taskView);
      },
      'tasks.review': async (p) => {
        const created = await tasks.review({
          target: p.target,
          ...(p.environmentId ? { environment: environments.require(p.environmentId) } : {}),
          ...(p.prompt ? { focus: p.prompt } : {}),
          ...(p.agent ? { agent: p.agent } : {}),
          providerId: p.providerId ?? null,
          model: p.model ?? null,
        });
        return taskView(created);
      },
      'tasks.followUp': async ({ id, prompt }) => taskView(tasks.followUp(id, prompt)),
      'tasks.cancel': async ({ id }) => taskView(tasks.cancel(id)),
      'tasks.retry': async ({ id }) => taskView(tasks.retry(id)),
      'tasks.compare': async ({ id }) => attemptRows(store, requireTask(id)),
      'tasks.queue': async () => ({ running: app.scheduler.runningCount(), limit: app.scheduler.concurrencyLimit(), queued: app.scheduler.queueOrder() }),
      'tasks.chooseAttempt': async ({ id }) => taskView(tasks.chooseAttempt(id)),
      'tasks.compareDiff': async ({ a, b }) => attemptDiff(store, results, a, b),
      'tasks.compareFileVersions': async ({ a, b, path, oldPath }) => {
        return fileVersionsView(await attemptFileVersions(store, results, a, b, path, oldPath));
      },
      'tasks.archive': async ({ id, archived }) => taskView(tasks.archive(id, archived)),
      'tasks.events': async ({ id, afterSeq, beforeSeq, limit }) => {
        requireTask(id);
        return beforeSeq === undefined ? store.events.page(id, afterSeq, limit, EVENT_PAGE_MAX_BYTES) : store.events.pageBefore(id, beforeSeq, limit, EVENT_PAGE_MAX_BYTES);
      },
      'tasks.diffStats': async ({ id, turn }) => results.stats(id, turn),
      'tasks.fileVersions': async ({ id, path, oldPath, turn }) => {
        return fileVersionsView(await results.file(id, path, oldPath, turn));
      },
      'tasks.liveDiff': async ({ id }) => {
        const task = requireTask(id);
        const workspace = liveWorkspaceOf(task);
        if (workspace) {
          const { files, totals } = await workspace.summary();
          return { files, totals };
        }
        return results.hasResult(id) ? results.stats(id) : { files: [], totals: { filesChanged: 0, linesAdded: 0, linesRemoved: 0 } };
      },
      'tasks.liveFileVersions': async ({ id, path, oldPath }) => {
        const task = requireTask(id);
        const workspace = liveWorkspaceOf(task);
        if (!workspace && !results.hasResult(id)) throw new ActionableError(`The sandbox of “${task.title}” is still starting, so ${path} has no live version yet`, 'It shows as soon as the agent works in it');
        return fileVersionsView(workspace ? await workspace.file(path, oldPath) : await results.file(id, path, oldPath));
      },
      'tasks.exportPatch': async ({ id, format }) => {
        const body = await results.exportPatch(id, format);
        const task = requireTask(id);
        return { text: body.toString('utf8'), filename: `codebay-${task.id.slice(-8)}.${format === 'mbox' ? 'mbox' : 'patch'}` };
      },
      'tasks.createBranch': async ({ id, name, force, message }) => results.branch(id, name, force ?? false, message),
      'tasks.push': async ({ id, remote, branch, force, message }) => {
        const pushed = await results.push(id, remote, branch, force ?? false, message);
        const url = await results.pullRequestUrl(id, pushed.remote).catch(() => null);
        return { ...pushed, pullRequestUrl: url };
      },
      'tasks.pullRequestUrl': async ({ id, remote }) => ({ url: await results.pullRequestUrl(id, remote) }),
      'tasks.remotes': async ({ id }) => {
        const out = await git(['remote'], { cwd: requireTask(id).repoPath, scope: 'host' });
        return out.split('\n').filter(Boolean);
      },
      'tasks.shipState': async ({ id }) => results.shipState(id),
      'tasks.fileAt': async ({ id, path }) => results.fileAt(id, path),
      'tasks.applyToWorkingTree': async ({ id }) => results.applyToWorkingTree(id),

      'environments.list': async () => environments.list().map(environmentView),
      'environments.create': async (p) => environmentView(await environments.create(p)),
      'environments.update': async ({ id, ...form }) => environmentView(await environments.update(id, form)),
      'environments.remove': async ({ id }) => {
        environments.remove(id);
        return { removed: true };
      },
      'environments.branches': async ({ id }) => {
        const environment = environments.require(id);
        if (!environment.repoPath) return { branches: [], current: null };
        const cwd = environment.repoPath;
        const listing = await git(['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads'], { cwd, scope: 'host' });
        const current = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd, scope: 'host', okExitCodes: [1] }).catch(() => '');
        return { branches: listing.split('\n').filter(Boolean), current: current || null };
      },
      'environments.testSetup': async ({ id, runId, secrets, ...form }) => {
        const saved = id ? environments.secretValues(environments.require(id).id) : {};
        return app.setupTrials.run(runId, { ...form, secrets: withSecretChanges(saved, secrets ?? {}) }, (text) => this.emit({ type: 'environment.setupOutput', runId, text }));
      },
      'environments.stopSetupTest': async ({ runId }) => ({ stopped: app.setupTrials.stop(runId) }),

      'providers.list': async () => store.providers.list().map(providerView),
      'providers.create': async ({ apiKey, ...fields }) => {
        const created = store.providers.create({ ...fields, hasKey: Boolean(apiKey) });
        if (apiKey) app.secrets.set(providerKeyName(created.id), apiKey);
        return providerView(created);
      },
      'providers.update': async ({ id, apiKey, ...fields }) => {
        requireProvider(id);
        if (apiKey === null) app.secrets.delete(providerKeyName(id));
        else if (apiKey !== undefined) app.secrets.set(providerKeyName(id), apiKey);
        const hasKey = app.secrets.get(providerKeyName(id)) !== undefined;
        return providerView(store.providers.update(id, { ...fields, hasKey }) ?? requireProvider(id));
      },
      'providers.remove': async ({ id }) => {
        requireProvider(id);
        store.providers.remove(id);
        app.secrets.delete(providerKeyName(id));
        if (store.settings.get('defaultProviderId') === id) store.settings.remove('defaultProviderId');
        return { removed: true };
      },
      'providers.test': async ({ id }) => {
        const provider = requireProvider(id);
        const apiKey = app.secrets.get(providerKeyName(id));
        const check = await checkProvider({ ok: true, provider: { baseUrl: provider.baseUrl, model: provider.model, wire: provider.wire, ...(apiKey ? { apiKey } : {}) } });
        return { ok: check.ok, detail: check.fix ? `${check.detail}. ${check.fix}` : check.detail };
      },
      'providers.models': async ({ id, baseUrl, apiKey }) => {
        const savedKey = id ? app.secrets.get(providerKeyName(requireProvider(id).id)) : undefined;
        return { models: await listProviderModels(baseUrl, apiKey || savedKey) };
      },

      'settings.get': async () => settings(),
      'settings.update': async (p) => {
        if (p.defaultProviderId) requireProvider(p.defaultProviderId);
        for (const [key, value] of Object.entries(p)) {
          if (value === undefined) continue;
          if (value === null) store.settings.remove(key);
          else store.settings.set(key, value);
        }
        if (p.concurrency !== undefined) app.scheduler.setConcurrency(p.concurrency);
        return settings();
      },

      'comments.list': async ({ taskId }) => review.list(taskId),
      'comments.add': async (p) => review.add(p),
      'comments.update': async ({ id, ...patch }) => review.update(id, patch),
      'comments.remove': async ({ id }) => {
        review.remove(id);
        return { removed: true };
      },
      'tasks.sendComments': async ({ id, commentIds }) => {
        const sent = review.send(id, commentIds);
        return { task: taskView(sent.task), turn: sent.turn, comments: sent.comments };
      },

      'findings.list': async ({ taskId }) => findings.list(taskId),
      'findings.dismiss': async ({ id, dismissed }) => {
        const finding = findings.dismiss(id, dismissed);
        this.announceTask(finding.taskId);
        return finding;
      },
      'findings.fix': async ({ id }) => {
        const started = await findings.fix(id);
        this.announceTask(started.finding.taskId);
        return { task: taskView(started.task), turn: started.turn, finding: started.finding };
      },
    };
  }

  async call(method: string, params: unknown): Promise<unknown> {
    if (!isMethodName(method)) {
      throw new ApiError({ code: 'unknown_method', message: `unknown method "${method}"; see shared/protocol.ts for the list` });
    }
    const parsed = paramSchemas[method].safeParse(params ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
      const field = parsed.error.issues[0]?.path[0];
      throw new ApiError({ code: 'invalid_params', message: `invalid params for ${method}: ${issues}`, ...(typeof field === 'string' ? { field } : {}) });
    }
    const handler = this.handlers[method] as (params: unknown) => Promise<unknown>;
    try {
      const result = await handler(parsed.data);
      if (MARKS_TASK.has(method)) this.announceTask((parsed.data as { id: string }).id);
      return result;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError({ code: 'failed', message: errorText(error), ...(error instanceof FieldError ? { field: error.field } : {}) });
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    this.unsubscribeStore ??= this.app.store.events.subscribe((events) => this.forward(events));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribeStore?.();
        this.unsubscribeStore = undefined;
      }
    };
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private announceTask(id: string): void {
    const task = this.app.store.tasks.get(id);
    if (!task) return;
    this.rememberActivity(task);
    this.emit({ type: 'task.updated', task: taskView(task) });
  }

  private announceIfStepped(id: string): void {
    const task = this.app.store.tasks.get(id);
    if (!task || this.announcedActivity.get(id) === activityKey(task)) return;
    this.rememberActivity(task);
    this.emit({ type: 'task.updated', task: taskView(task) });
  }

  private rememberActivity(task: Task): void {
    if (task.activity) this.announcedActivity.set(task.id, activityKey(task));
    else this.announcedActivity.delete(task.id);
  }

  /** Committed events go out as they are, followed by the rows they changed. */
  private forward(events: readonly TaskEvent[]): void {
    if (events.length === 0) return;
    this.emit({ type: 'task.events', events: [...events] });
    const changed = new Set(events.filter((e) => ROW_CHANGING.has(e.type)).map((e) => e.taskId));
    for (const id of changed) this.announceTask(id);
    const stepped = new Set(events.filter((e) => ACTIVITY_CHANGING.has(e.type) && !changed.has(e.taskId)).map((e) => e.taskId));
    for (const id of stepped) this.announceIfStepped(id);
  }
}

function activityKey(task: Task): string {
  return task.activity ? `${task.activity.since}:${task.activity.text}` : '';
}
