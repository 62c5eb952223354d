import { AGENT_BACKENDS, AGENT_LABELS, isAgentBackend } from '../../shared/agents.js';
import { FINAL_STATUSES, type TaskEvent } from '../../shared/events.js';
import type { App } from '../app.js';
import type { WireApi } from '../config/provider.js';
import { providerForFlags } from '../config/taskProvider.js';
import { ActionableError } from '../errors.js';
import { describeTarget } from '../../shared/findings.js';
import { PROMPT_MODES } from '../../shared/modes.js';
import type { Task, TaskMode } from '../store/types.js';
import { findTask, shortId, withApp } from './context.js';
import { followEvents } from './follow.js';
import { renderEvent } from './render.js';
import { jsonLine, terminalLine } from './terminalText.js';
import { parseCommandArgs, UsageError } from './usage.js';

function summaryOf(task: Task) {
  return { id: task.id, status: task.status, linesAdded: task.linesAdded, linesRemoved: task.linesRemoved, filesChanged: task.filesChanged };
}

export function printer(json: boolean, prefixed: boolean): (event: TaskEvent) => void {
  return (event) => {
    if (json) {
      process.stdout.write(`${jsonLine(event)}\n`);
      return;
    }
    const line = renderEvent(event);
    if (line !== null) process.stdout.write(prefixed ? line.replace(/^/gm, `[${shortId(event.taskId)}] `) + '\n' : `${line}\n`);
  };
}

/** Runs the tasks in this process, prints them as they go, and returns the exit code. */
async function runAndReport(app: App, tasks: Task[], json: boolean): Promise<number> {
  await app.startEngine();
  const stop = (): void => {
    for (const task of tasks) app.tasks.cancel(task.id);
  };
  process.once('SIGINT', stop);
  try {
    await followEvents(app, tasks.map((t) => t.id), printer(json, tasks.length > 1), { untilFinished: true });
  } finally {
    process.removeListener('SIGINT', stop);
  }
  const finished = tasks.map((t) => app.store.tasks.get(t.id) ?? t);
  for (const task of finished) {
    if (json) process.stdout.write(`${jsonLine(summaryOf(task))}\n`);
    else process.stdout.write(`${task.status === 'succeeded' ? '✓' : '✗'} ${shortId(task.id)} ${task.status}: +${task.linesAdded} −${task.linesRemoved} in ${task.filesChanged} file(s)${task.error ? ` — ${terminalLine(task.error)}` : ''}\n`);
  }
  return finished.every((t) => t.status === 'succeeded') ? 0 : 1;
}

export async function execCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      repo: { type: 'string' },
      env: { type: 'string' },
      base: { type: 'string' },
      mode: { type: 'string', default: 'code' },
      attempts: { type: 'string', default: '1' },
      agent: { type: 'string', multiple: true },
      check: { type: 'string', multiple: true },
      model: { type: 'string' },
      'base-url': { type: 'string' },
      wire: { type: 'string' },
      'include-uncommitted': { type: 'boolean' },
      title: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  const prompt = positionals.join(' ').trim();
  if (!prompt) throw new UsageError('usage: codebay exec [--repo P | --env N] [options] PROMPT');
  if (!PROMPT_MODES.some((mode) => mode === values.mode)) {
    throw new UsageError(values.mode === 'review' ? 'a review needs the change it reviews: use `codebay review --task ID | --branch B | --uncommitted`' : `--mode must be ${PROMPT_MODES.join(' or ')}, not "${values.mode}"`);
  }
  const attempts = Number(values.attempts);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 4) throw new UsageError(`--attempts must be 1 to 4, not "${values.attempts}"`);
  const agents = values.agent ?? [];
  const unknown = agents.find((name) => !isAgentBackend(name));
  if (unknown !== undefined) throw new UsageError(`--agent must be one of ${AGENT_BACKENDS.join(', ')}, not "${unknown}"`);
  if (agents.length > 1 && agents.length !== attempts) throw new UsageError(`give one --agent for all attempts or one per attempt: ${agents.length} for ${attempts} attempt(s)`);
  const wire = values.wire ?? process.env.CODEBAY_WIRE ?? 'chat';
  if (wire !== 'chat' && wire !== 'responses') throw new UsageError(`--wire must be responses or chat, not "${wire}"`);
  if (values.repo && values.env) throw new UsageError('give either --repo or --env, not both');
  return withApp(async (app) => {
    await app.startEngine();
    const environment = values.env ? app.environments.require(values.env) : await app.environments.forRepo(values.repo ?? process.cwd());
    const baseUrl = values['base-url'];
    const provider = baseUrl
      ? providerForFlags(app.store, { baseUrl, wire: wire as WireApi, model: values.model ?? process.env.CODEBAY_MODEL ?? '' })
      : undefined;
    const tasks = await app.tasks.create({
      prompt,
      mode: values.mode as TaskMode,
      environment,
      ...(values.base ? { baseRef: values.base } : {}),
      includeUncommitted: values['include-uncommitted'] ?? false,
      attempts,
      ...(agents.length > 0 ? { agents: agents.filter(isAgentBackend) } : {}),
      ...(values.check ? { checks: values.check.map((command) => ({ command })) } : {}),
      ...(values.title ? { title: values.title } : {}),
      providerId: provider?.id ?? null,
      model: values.model ?? null,
    });
    if (!values.json) process.stderr.write(`Started ${tasks.map((t) => shortId(t.id)).join(', ')} in ${environment.name} (${environment.repoPath})\n`);
    return runAndReport(app, tasks, values.json ?? false);
  });
}

export async function followupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, true);
  const [id, ...words] = positionals;
  if (!id || words.length === 0) throw new UsageError('usage: codebay followup ID PROMPT');
  return withApp(async (app) => {
    const task = app.tasks.followUp(findTask(app, id).id, words.join(' '));
    const after = new Map([[task.id, app.store.events.lastSeq(task.id)]]);
    await app.startEngine();
    await followEvents(app, [task.id], printer(values.json ?? false, false), { untilFinished: true, afterSeq: after });
    const done = app.store.tasks.get(task.id) ?? task;
    if (values.json) process.stdout.write(`${jsonLine(summaryOf(done))}\n`);
    else process.stdout.write(`${done.status}: +${done.linesAdded} −${done.linesRemoved} in ${done.filesChanged} file(s)\n`);
    return done.status === 'succeeded' ? 0 : 1;
  });
}

export async function retryCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, true);
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError('usage: codebay retry ID');
  const id = positionals[0];
  return withApp(async (app) => {
    const task = app.tasks.retry(findTask(app, id).id);
    return runAndReport(app, [task], false);
  });
}

function age(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86_400) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

export async function lsCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { all: { type: 'boolean' }, archived: { type: 'boolean' }, json: { type: 'boolean' }, limit: { type: 'string', default: '50' } });
  return withApp(async (app) => {
    const tasks = app.store.tasks.list(values.all ? {} : { archived: values.archived ?? false }, { limit: Number(values.limit) || 50 });
    if (values.json) {
      process.stdout.write(`${jsonLine(tasks)}\n`);
      return 0;
    }
    if (tasks.length === 0) {
      process.stdout.write('No tasks yet. Start one with: codebay exec --repo PATH "what to do"\n');
      return 0;
    }
    for (const t of tasks) {
      const checks = t.checksFailed ? ` [checks failed: ${t.checksFailed}]` : t.checksPassed ? ' [checks passed]' : '';
      const attempt = `${t.attemptsTotal > 1 ? ` (${t.attempt}/${t.attemptsTotal})` : ''}${t.agent === 'built-in' ? '' : ` [${t.agent}]`}${checks}`;
      process.stdout.write(`${shortId(t.id)}  ${t.status.padEnd(11)} ${`+${t.linesAdded} −${t.linesRemoved}`.padEnd(12)} ${age(t.createdAt).padStart(4)}  ${terminalLine(t.title)}${attempt}\n`);
    }
    return 0;
  });
}

export async function showCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, true);
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError('usage: codebay show ID');
  const id = positionals[0];
  return withApp(async (app) => {
    const task = findTask(app, id);
    const turns = app.store.turns.list(task.id);
    const findings = app.store.findings.list(task.id);
    if (values.json) {
      process.stdout.write(`${jsonLine({ ...task, turns, ...(task.reviewTarget ? { findings } : {}) })}\n`);
      return 0;
    }
    const lines = [
      terminalLine(task.title),
      `  id        ${task.id}`,
      `  status    ${task.status}${task.error ? ` — ${terminalLine(task.error)}` : ''}`,
      `  mode      ${task.mode}${task.attemptsTotal > 1 ? `, attempt ${task.attempt} of ${task.attemptsTotal}` : ''}`,
      `  agent     ${AGENT_LABELS[task.agent]}`,
      ...(task.checksFailed === null ? [] : [`  checks    ${task.checksPassed ?? 0} passed, ${task.checksFailed} failed (latest turn)`]),
      `  repo      ${terminalLine(task.repoPath)} @ ${terminalLine(task.baseRef ?? '')} (${task.baseCommit?.slice(0, 12) ?? '?'})`,
      ...(task.reviewTarget ? [`  reviews   ${terminalLine(describeTarget(task.reviewTarget))} (${task.reviewBase?.slice(0, 12) ?? '?'}..${task.baseCommit?.slice(0, 12) ?? '?'})`] : []),
      ...findings.map((f) => `  finding   P${f.priority} ${terminalLine(f.path)}:${f.startLine}${f.endLine > f.startLine ? `-${f.endLine}` : ''} ${terminalLine(f.title)}${f.status === 'open' ? '' : ` [${f.status}]`}`),
      `  changes   +${task.linesAdded} −${task.linesRemoved} in ${task.filesChanged} file(s)`,
      `  tokens    ${task.inputTokens} in, ${task.outputTokens} out`,
      ...(task.branchName ? [`  branch    ${terminalLine(task.branchName)}`] : []),
      ...(task.pushedTo ? [`  pushed    ${terminalLine(task.pushedTo)}`] : []),
      ...turns.map((t) => `  turn ${t.turn}    ${t.status}: ${terminalLine(t.prompt.split('\n')[0] ?? '')}${t.summary ? `\n            ${terminalLine(t.summary.split('\n')[0] ?? '')}` : ''}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}

export async function logsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { follow: { type: 'boolean', short: 'f' }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError('usage: codebay logs ID [--follow] [--json]');
  const id = positionals[0];
  return withApp(async (app) => {
    const task = findTask(app, id);
    await followEvents(app, [task.id], printer(values.json ?? false, false), { untilFinished: values.follow ?? false });
    return 0;
  });
}

export async function cancelCommand(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, true);
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError('usage: codebay cancel ID');
  const id = positionals[0];
  return withApp(async (app) => {
    const task = findTask(app, id);
    if (FINAL_STATUSES.includes(task.status)) {
      process.stdout.write(`Task ${shortId(task.id)} is already ${task.status}.\n`);
      return 0;
    }
    app.tasks.cancel(task.id);
    // Another process owns it: wait until it confirms.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const now = app.store.tasks.get(task.id) ?? task;
      if (FINAL_STATUSES.includes(now.status)) {
        process.stdout.write(`Task ${shortId(task.id)} is ${now.status}.\n`);
        return now.status === 'cancelled' ? 0 : 1;
      }
      if (Date.now() > deadline) throw new ActionableError(`Task ${shortId(task.id)} did not stop within 10 s`, 'Check that the process running it is responsive, or stop it');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}
