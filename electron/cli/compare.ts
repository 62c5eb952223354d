import { AGENT_LABELS } from '../../shared/agents.js';
import type { AttemptRow } from '../../shared/types.js';
import type { App } from '../app.js';
import { attemptDiff } from '../review/attemptDiff.js';
import { attemptRows } from '../review/attempts.js';
import type { Task } from '../store/types.js';
import { findTask, shortId, withApp } from './context.js';
import { jsonLine, terminalLine } from './terminalText.js';
import { parseCommandArgs, UsageError } from './usage.js';

function checksText(row: AttemptRow): string {
  if (row.checksFailed === null) return '—';
  return row.checksFailed > 0 ? `${row.checksFailed} failed` : `${row.checksPassed ?? 0} passed`;
}

function table(rows: readonly AttemptRow[]): string {
  const header = ['#', 'id', 'agent', 'status', 'checks', 'files', '+/−', 'tokens in/out', 'time', 'commands'];
  const body = rows.map((row) => [
    `${row.attempt}${row.chosen ? '*' : ''}`,
    shortId(row.id),
    AGENT_LABELS[row.agent],
    row.status,
    checksText(row),
    String(row.filesChanged),
    `+${row.linesAdded} −${row.linesRemoved}`,
    `${row.inputTokens}/${row.outputTokens}`,
    row.wallMs === null ? '—' : `${(row.wallMs / 1000).toFixed(1)} s`,
    String(row.commands),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

const USAGE = 'usage: codebay compare ID [--use N | --diff A B] [--json]';

/** The row of an attempt `--diff` names by its number. */
function attemptNumbered(rows: readonly AttemptRow[], number: string | undefined): AttemptRow {
  const row = rows.find((r) => String(r.attempt) === number);
  if (!row) throw new UsageError(`--diff must name two attempt numbers of this launch (${rows.map((r) => r.attempt).join(', ')}), not "${number ?? ''}"`);
  return row;
}

/** `--diff A B`: the files attempt B's result has different from attempt A's. */
async function printAttemptDiff(app: App, task: Task, numbers: readonly string[], json: boolean): Promise<number> {
  const rows = attemptRows(app.store, task);
  const a = attemptNumbered(rows, numbers[0]);
  const b = attemptNumbered(rows, numbers[1]);
  const summary = await attemptDiff(app.store, app.results, a.id, b.id);
  if (json) {
    process.stdout.write(`${jsonLine({ a: a.id, b: b.id, ...summary })}\n`);
    return 0;
  }
  for (const f of summary.files) {
    const counts = f.binary ? 'binary' : `+${f.added} −${f.removed}`;
    process.stdout.write(`${f.status.padEnd(9)} ${counts.padEnd(14)} ${f.oldPath ? `${terminalLine(f.oldPath)} → ` : ''}${terminalLine(f.path)}\n`);
  }
  const t = summary.totals;
  process.stdout.write(
    t.filesChanged === 0 ? `Attempts ${a.attempt} and ${b.attempt} have the same result\n` : `${t.filesChanged} file(s) differ from attempt ${a.attempt} to attempt ${b.attempt}, +${t.linesAdded} −${t.linesRemoved}\n`,
  );
  return 0;
}

/** `codebay compare ID [--use N | --diff A B] [--json]`: the attempts of a best-of-N side by side, choosing one, or two results diffed. */
export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, use: { type: 'string' }, diff: { type: 'boolean' } }, true);
  const [id, ...numbers] = positionals;
  if (!id || numbers.length !== (values.diff ? 2 : 0) || (values.diff && values.use !== undefined)) throw new UsageError(USAGE);
  return withApp(async (app) => {
    const task = findTask(app, id);
    if (values.diff) return printAttemptDiff(app, task, numbers, values.json === true);
    let rows = attemptRows(app.store, task);
    if (values.use !== undefined) {
      const chosen = rows.find((row) => String(row.attempt) === values.use);
      if (!chosen) throw new UsageError(`--use must be an attempt number of this launch (${rows.map((row) => row.attempt).join(', ')}), not "${values.use}"`);
      app.tasks.chooseAttempt(chosen.id);
      rows = attemptRows(app.store, task);
    }
    if (values.json) process.stdout.write(`${jsonLine(rows)}\n`);
    else process.stdout.write(`${table(rows)}\n${rows.some((row) => row.chosen) ? '* the chosen attempt; the others are archived\n' : ''}`);
    return 0;
  });
}
