import { AGENT_LABELS } from '../../shared/agents.js';
import type { AttemptRow } from '../../shared/types.js';
import { attemptRows } from '../review/attempts.js';
import { findTask, shortId, withApp } from './context.js';
import { jsonLine } from './terminalText.js';
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

/** `codebay compare ID [--use N] [--json]`: the attempts of a best-of-N side by side, and choosing one. */
export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, use: { type: 'string' } }, true);
  const [id] = positionals;
  if (!id || positionals.length > 1) throw new UsageError('usage: codebay compare ID [--use N] [--json]');
  return withApp(async (app) => {
    const task = findTask(app, id);
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
