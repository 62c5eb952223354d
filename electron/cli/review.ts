import { AGENT_BACKENDS, isAgentBackend } from '../../shared/agents.js';
import { type FindingView, type ReviewRequest } from '../../shared/findings.js';
import type { App } from '../app.js';
import type { WireApi } from '../config/provider.js';
import { providerForFlags } from '../config/taskProvider.js';
import { findTask, shortId, withApp } from './context.js';
import { followEvents } from './follow.js';
import { printer } from './tasks.js';
import { jsonLine, terminalLine, terminalText } from './terminalText.js';
import { parseCommandArgs, UsageError } from './usage.js';

const USAGE = 'usage: codebay review (--task ID | --branch B [--base M] | --uncommitted) [--repo P | --env N] [--focus TEXT] [--agent A] [--fail-on P0-P3] [--json]';
/** The exit code when a finding at or above --fail-on's priority was reported, so scripts can tell it from a failed review. */
const FOUND_EXIT = 3;

function target(values: { task?: string | undefined; branch?: string | undefined; base?: string | undefined; uncommitted?: boolean | undefined }, app: App): ReviewRequest {
  const given = [values.task !== undefined, values.branch !== undefined, values.uncommitted === true].filter(Boolean).length;
  if (given !== 1) throw new UsageError(`name exactly one change to review\n${USAGE}`);
  if (values.base !== undefined && values.branch === undefined) throw new UsageError('--base goes with --branch');
  if (values.task !== undefined) return { kind: 'task', taskId: findTask(app, values.task).id };
  if (values.branch !== undefined) return { kind: 'branch', branch: values.branch, ...(values.base ? { base: values.base } : {}) };
  return { kind: 'uncommitted' };
}

function failOn(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^p?([0-3])$/i.exec(value.trim());
  if (!match) throw new UsageError(`--fail-on must be P0, P1, P2 or P3, not "${value}"`);
  return Number(match[1]);
}

function printFindings(findings: readonly FindingView[]): void {
  if (findings.length === 0) {
    process.stdout.write('No findings.\n');
    return;
  }
  for (const f of findings) {
    const lines = f.endLine > f.startLine ? `${f.startLine}-${f.endLine}` : String(f.startLine);
    const confidence = f.confidence === null ? '' : ` (confidence ${f.confidence.toFixed(2)})`;
    process.stdout.write(`P${f.priority}  ${terminalLine(f.path)}:${lines}  ${terminalLine(f.title)}${confidence}\n`);
    process.stdout.write(`${terminalText(f.body).replace(/^/gm, '    ')}\n\n`);
  }
}

/** `codebay review`: runs a review task to its end and prints its findings, most urgent first. */
export async function reviewCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    task: { type: 'string' },
    branch: { type: 'string' },
    base: { type: 'string' },
    uncommitted: { type: 'boolean' },
    repo: { type: 'string' },
    env: { type: 'string' },
    focus: { type: 'string' },
    agent: { type: 'string' },
    model: { type: 'string' },
    'base-url': { type: 'string' },
    wire: { type: 'string' },
    'fail-on': { type: 'string' },
    json: { type: 'boolean' },
  }, true);
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals.join(' ')}"; give what to look at with --focus\n${USAGE}`);
  if (values.agent !== undefined && !isAgentBackend(values.agent)) throw new UsageError(`--agent must be one of ${AGENT_BACKENDS.join(', ')}, not "${values.agent}"`);
  if (values.repo && values.env) throw new UsageError('give either --repo or --env, not both');
  const wire = values.wire ?? process.env.CODEBAY_WIRE ?? 'chat';
  if (wire !== 'chat' && wire !== 'responses') throw new UsageError(`--wire must be responses or chat, not "${wire}"`);
  const threshold = failOn(values['fail-on']);
  const json = values.json ?? false;
  return withApp(async (app) => {
    const request = target(values, app);
    const environment = request.kind === 'task' ? undefined : values.env ? app.environments.require(values.env) : await app.environments.forRepo(values.repo ?? process.cwd());
    const baseUrl = values['base-url'];
    const provider = baseUrl ? providerForFlags(app.store, { baseUrl, wire: wire as WireApi, model: values.model ?? process.env.CODEBAY_MODEL ?? '' }) : undefined;
    const task = await app.tasks.review({
      target: request,
      ...(environment ? { environment } : {}),
      ...(values.focus ? { focus: values.focus } : {}),
      ...(values.agent !== undefined && isAgentBackend(values.agent) ? { agent: values.agent } : {}),
      providerId: provider?.id ?? null,
      model: values.model ?? null,
    });
    if (!json) process.stderr.write(`Started review ${shortId(task.id)}: ${terminalLine(task.title)}\n`);
    await app.startEngine();
    const stop = (): void => void app.tasks.cancel(task.id);
    process.once('SIGINT', stop);
    try {
      await followEvents(app, [task.id], json ? () => undefined : printer(false, false), { untilFinished: true });
    } finally {
      process.removeListener('SIGINT', stop);
    }
    const done = app.store.tasks.get(task.id) ?? task;
    const findings = app.store.findings.list(task.id);
    if (json) {
      process.stdout.write(`${jsonLine({ task: { id: done.id, title: done.title, status: done.status, error: done.error, reviewTarget: done.reviewTarget }, findings })}\n`);
    } else {
      process.stdout.write(`\nReview ${done.status}${done.error ? ` — ${terminalLine(done.error)}` : ''}: ${findings.length} finding(s)\n\n`);
      printFindings(findings);
    }
    if (done.status !== 'succeeded') return 1;
    return threshold !== null && findings.some((f) => f.priority <= threshold) ? FOUND_EXIT : 0;
  });
}
