import { z } from 'zod';
import { FINDINGS_PER_TURN_MAX } from '../../shared/findings.js';
import { reportFindingArgs } from '../agent/tools/definitions/reportFinding.js';

/**
 * How an agent CLI, which has no report_finding tool of ours, reports findings: one fenced
 * JSON block at the end of its final answer, read back by findingsFromText.
 */
export function cliFindingsInstructions(): string {
  return [
    'Report your findings at the very end of your final answer, as one fenced code block in the language json holding',
    '{"findings": [{"title": "...", "body": "...", "priority": 0, "file": "path/in/repo.py", "line_start": 12, "line_end": 14, "confidence": 0.8}]}',
    'with priority 0 (must fix before merging) to 3 (nit), lines of the file after the change, and an empty list when you found nothing.',
  ].join('\n');
}

export type TextFinding = z.infer<typeof reportFindingArgs>;

export interface FindingsInText {
  findings: TextFinding[];
  /** Entries that did not fit the shape, each with the reason. */
  refused: string[];
}

const FENCED_JSON = /```json[ \t]*\n([\s\S]*?)\n```/gi;
const envelope = z.object({ findings: z.array(z.unknown()) });

/** The findings of the last fenced JSON block of an answer; null when it has none. */
export function findingsFromText(answer: string): FindingsInText | null {
  const blocks = [...answer.matchAll(FENCED_JSON)];
  const last = blocks.at(-1)?.[1];
  if (last === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    return null;
  }
  const shaped = envelope.safeParse(parsed);
  if (!shaped.success) return null;
  const findings: TextFinding[] = [];
  const refused: string[] = [];
  for (const [index, entry] of shaped.data.findings.entries()) {
    if (findings.length === FINDINGS_PER_TURN_MAX) {
      refused.push(`${shaped.data.findings.length - index} more past the ${FINDINGS_PER_TURN_MAX} a review keeps`);
      break;
    }
    const finding = reportFindingArgs.safeParse(entry);
    if (finding.success) findings.push(finding.data);
    else refused.push(`finding ${index + 1}: ${finding.error.issues.map((issue) => `${issue.path.join('.') || '(finding)'}: ${issue.message}`).join('; ')}`);
  }
  return { findings, refused };
}
