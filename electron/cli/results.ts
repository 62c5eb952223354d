import { writeFile } from 'node:fs/promises';
import { describeRefMove } from '../../shared/refMove.js';
import type { PatchFormat } from '../results.js';
import { findTask, shortId, withApp } from './context.js';
import { parseCommandArgs, UsageError } from './usage.js';
import { terminalLine, terminalText } from './terminalText.js';

function singleId(positionals: string[], usage: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(`usage: ${usage}`);
  return positionals[0];
}

function turnOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const turn = Number(value);
  if (!Number.isInteger(turn) || turn < 1) throw new UsageError(`--turn must be a turn number (1, 2, …), not "${value}"`);
  return turn;
}

/** A patch as bytes when piped (to a file or `git apply`), with its control characters shown when a person reads it. */
function forTerminal(patch: Buffer): Buffer | string {
  return process.stdout.isTTY ? terminalText(patch.toString('utf8')) : patch;
}

export async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { turn: { type: 'string' }, stat: { type: 'boolean' } }, true);
  const id = singleId(positionals, 'codebay diff ID [--turn N] [--stat]');
  const turn = turnOption(values.turn);
  return withApp(async (app) => {
    const task = findTask(app, id);
    if (values.stat) {
      const summary = await app.results.stats(task.id, turn);
      for (const f of summary.files) {
        const counts = f.binary ? 'binary' : `+${f.added} −${f.removed}`;
        process.stdout.write(`${counts.padEnd(14)} ${f.oldPath && f.oldPath !== f.path ? `${terminalLine(f.oldPath)} → ` : ''}${terminalLine(f.path)}\n`);
      }
      const t = summary.totals;
      process.stdout.write(`${t.filesChanged} file(s), +${t.linesAdded} −${t.linesRemoved}\n`);
      return 0;
    }
    process.stdout.write(forTerminal(await app.results.diff(task.id, turn)));
    return 0;
  });
}

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { format: { type: 'string', default: 'patch' }, output: { type: 'string', short: 'o' } }, true);
  const id = singleId(positionals, 'codebay export ID --format patch|mbox [-o FILE]');
  if (values.format !== 'patch' && values.format !== 'mbox') throw new UsageError(`--format must be patch or mbox, not "${values.format}"`);
  return withApp(async (app) => {
    const task = findTask(app, id);
    const body = await app.results.exportPatch(task.id, values.format as PatchFormat);
    if (values.output) {
      await writeFile(values.output, body);
      process.stderr.write(`Wrote ${values.format} of ${shortId(task.id)} to ${values.output}\n`);
    } else {
      process.stdout.write(forTerminal(body));
    }
    return 0;
  });
}

/** One commit with this message replaces the turn commits being shipped (see Results.branch). */
const MESSAGE_OPTION = { message: { type: 'string', short: 'm' } } as const;

export async function branchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { name: { type: 'string' }, force: { type: 'boolean' }, ...MESSAGE_OPTION }, true);
  const id = singleId(positionals, 'codebay branch ID [--name B] [--message TEXT] [--force]');
  return withApp(async (app) => {
    const task = findTask(app, id);
    const branch = await app.results.branch(task.id, values.name, values.force ?? false, values.message);
    process.stdout.write(`${terminalLine(describeRefMove(branch.name, branch.move))} in ${terminalLine(task.repoPath)} (your working tree is untouched).\n`);
    return 0;
  });
}

export async function pushCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { remote: { type: 'string' }, branch: { type: 'string' }, force: { type: 'boolean' }, ...MESSAGE_OPTION }, true);
  const id = singleId(positionals, 'codebay push ID [--remote R] [--branch B] [--message TEXT] [--force]');
  return withApp(async (app) => {
    const task = findTask(app, id);
    const pushed = await app.results.push(task.id, values.remote, values.branch, values.force ?? false, values.message);
    process.stdout.write(`${terminalLine(describeRefMove(`${pushed.branch} on ${pushed.remote}`, pushed.move))}.\n`);
    const url = await app.results.pullRequestUrl(task.id, pushed.remote).catch(() => undefined);
    if (url) process.stdout.write(`Open a pull request: ${url}\n`);
    return 0;
  });
}
