import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import {
  FINDING_BODY_MAX,
  FINDING_LINE_MAX,
  FINDING_PATH_MAX,
  FINDING_PRIORITIES,
  FINDING_TITLE_MAX,
  FINDINGS_PER_TURN_MAX,
  type FindingPriority,
} from '../../../../shared/findings.js';
import { defineTool } from '../tool.js';
import type { ToolContext } from '../toolContext.js';

const findingLine = z.coerce.number().int('lines are whole numbers').min(1, 'lines count from 1').max(FINDING_LINE_MAX);

/** A finding's fields, also how an agent CLI's final answer reports findings (review/findingsFromText.ts). */
export const reportFindingArgs = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'give the finding a title')
    .max(FINDING_TITLE_MAX, `titles are at most ${FINDING_TITLE_MAX} characters`)
    .describe('The problem in at most 80 characters, e.g. "Total ignores the discount for members".'),
  body: z
    .string()
    .trim()
    .min(1, 'explain the problem and why it matters')
    .max(FINDING_BODY_MAX, `bodies are at most ${FINDING_BODY_MAX} characters`)
    .describe('Why it is wrong and what it breaks, with the evidence (code, a command and its output); then how to fix it. Markdown.'),
  // "P1" and "1" both mean 1: models write priorities either way.
  priority: z
    .preprocess(
      (value) => (typeof value === 'string' ? Number(value.trim().replace(/^p/i, '')) : value),
      z.number().int().min(0, 'priority is 0 (blocker) to 3 (nit)').max(3, 'priority is 0 (blocker) to 3 (nit)'),
    )
    // The model is shown no value limits (advertisedSchema.ts), but this closed set is part of the shape.
    .meta({ enum: [...FINDING_PRIORITIES] })
    .describe('0: must be fixed before merging (bug, data loss, security); 1: should be fixed; 2: minor; 3: nit.'),
  file: z
    .string()
    .min(1, 'name the file')
    .max(FINDING_PATH_MAX)
    .refine((file) => !/[\u0000-\u001f\u007f]/.test(file), 'the path holds control characters')
    .describe('The file, relative to the repository root, as git diff names it.'),
  line_start: findingLine.describe('First line of the problem in the file as it is after the change.'),
  line_end: findingLine.nullish().describe('Last line (default: line_start); keep the range short, at most about 10 lines.'),
  confidence: z
    .number()
    .min(0, 'confidence is 0 to 1')
    .max(1, 'confidence is 0 to 1')
    .nullish()
    .describe('How sure you are that this is a real problem, 0 to 1.'),
});

export const reportFinding = defineTool({
  name: 'report_finding',
  description:
    'Reports one problem in the change under review, so the user sees it next to the code and can have it fixed. ' +
    'Call it once per problem, most important first; report only problems the change brings in or exposes, each with evidence.',
  args: reportFindingArgs,
  offeredIn: (mode) => mode.reviews,
  emits: ['finding.reported'],
  run: runReportFinding,
});

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
export async function runReportFinding(args: z.output<typeof reportFindingArgs>, context: ToolContext<'finding.reported'>): Promise<string> {
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
