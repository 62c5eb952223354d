import { randomUUID } from 'node:crypto';
import type { EventBody } from '../../shared/events.js';
import { findingPath } from '../agent/tools/definitions/reportFinding.js';
import type { Store } from '../store/store.js';
import { findingsFromText } from './findingsFromText.js';

type FindingEvent = Extract<EventBody, { type: 'finding.reported' }>;

/** Keeps a reported finding as a row of its review task, beside the event that told of it. */
export function recordFinding(store: Store, taskId: string, turn: number, event: FindingEvent): void {
  store.findings.create({
    id: event.findingId,
    taskId,
    turn,
    priority: event.priority,
    title: event.title,
    body: event.body,
    path: event.path,
    startLine: event.startLine,
    endLine: event.endLine,
    confidence: event.confidence,
  });
}

/**
 * The findings an agent CLI wrote into its final answer, as the events the built-in agent's
 * report_finding tool would have sent, plus an error event naming what could not be read.
 */
export function findingEventsFromAnswer(answer: string, workspaceRoot: string): EventBody[] {
  const read = findingsFromText(answer);
  if (read === null) {
    return [{ type: 'error', message: 'The review ended without the findings block its brief asks for, so no findings were recorded; send a follow-up asking for it', retryable: false }];
  }
  const events: EventBody[] = [];
  const refused = [...read.refused];
  for (const finding of read.findings) {
    const file = findingPath(finding.file, workspaceRoot);
    if (file === undefined) {
      refused.push(`“${finding.title}”: ${finding.file} is not inside the repository`);
      continue;
    }
    const start = Math.min(finding.line_start, finding.line_end ?? finding.line_start);
    const end = Math.max(finding.line_start, finding.line_end ?? finding.line_start);
    events.push({
      type: 'finding.reported',
      findingId: randomUUID(),
      priority: finding.priority as FindingEvent['priority'],
      title: finding.title,
      body: finding.body,
      path: file,
      startLine: start,
      endLine: end,
      confidence: finding.confidence ?? null,
    });
  }
  if (refused.length > 0) {
    events.push({ type: 'error', message: `Some findings in the review's answer were left out: ${refused.slice(0, 5).join('; ')}${refused.length > 5 ? '; …' : ''}`, retryable: false });
  }
  return events;
}
