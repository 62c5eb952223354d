import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import { FINDINGS_PER_TURN_MAX, type FindingPriority } from '../../../shared/findings.js';
import type { reportFindingArgs } from './toolArgs.js';
import type { ToolContext } from './toolContext.js';

type ReportFindingArgs = z.infer<typeof reportFindingArgs>;

/** The file a finding names, relative to the workspace root; undefined when it points outside. */
export function findingPath(raw: string, workspaceRoot: string): string | undefined {
  const trimmed = raw.trim();
  const inside = path.posix.isAbsolute(trimmed) ? path.posix.relative(workspaceRoot, path.posix.normalize(trimmed)) : path.posix.normalize(trimmed);
  const clean = inside.replace(/^\.\//, '');
  if (clean === '' || clean === '.' || clean.startsWith('../') || clean === '..' || path.posix.isAbsolute(clean)) return undefined;
  return clean;
}

/** Lines in a file as an editor counts them: a final newline ends the last line, it does not start another. */
function lineCount(content: Buffer): number {
  if (content.length === 0) return 0;
  let lines = 0;
  for (const byte of content) if (byte === 0x0a) lines += 1;
  return content[content.length - 1] === 0x0a ? lines : lines + 1;
}

/**
 * Records one review finding. What the reviewer got wrong (a file that is not there, lines past
 * its end) goes back to it as text, so it can correct the call; a finding is only recorded whole.
 */
export async function runReportFinding(args: ReportFindingArgs, context: ToolContext): Promise<string> {
  const reported = context.findings;
  if (reported.count >= FINDINGS_PER_TURN_MAX) {
    return `Error: ${FINDINGS_PER_TURN_MAX} findings were already reported in this turn, the most one review keeps. Stop reporting and give your summary, naming any further problems briefly.`;
  }
  const file = findingPath(args.file, context.host.workspaceRoot);
  if (file === undefined) {
    return `Error: ${JSON.stringify(args.file)} is not a file inside the repository (${context.host.workspaceRoot}). Give the path relative to the repository root, as \`git diff\` names it.`;
  }
  const content = await context.host.readFile(file).catch(() => null);
  if (content === null) {
    return `Error: there is no file ${file} in the workspace. Name a file of the reviewed version (after the change); for a problem in a deleted file, point at the file that uses it.`;
  }
  const start = Math.min(args.line_start, args.line_end ?? args.line_start);
  const end = Math.max(args.line_start, args.line_end ?? args.line_start);
  const lines = lineCount(content);
  if (start > Math.max(lines, 1)) {
    return `Error: ${file} has ${lines} lines, so line ${start} is past its end. Give lines of the file as it is now (after the change), e.g. from \`nl -ba ${file}\`.`;
  }
  const priority = args.priority as FindingPriority;
  reported.count += 1;
  context.emit({
    type: 'finding.reported',
    findingId: randomUUID(),
    priority,
    title: args.title,
    body: args.body,
    path: file,
    startLine: start,
    endLine: Math.min(end, Math.max(lines, 1)),
    confidence: args.confidence ?? null,
  });
  return `Finding ${reported.count} recorded: P${priority} ${file}:${start}${end > start ? `-${end}` : ''}.`;
}
