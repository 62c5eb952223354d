import { subjectLine } from './turnCommitMessage.js';

export interface ShippedTurn {
  turn: number;
  /** The subject of the turn's own commit (the agent's summary line, already made plain). */
  subject: string;
}

/**
 * The suggested message of the one commit that carries several turns (or new turns on top of a
 * commit shipped before): the task's title as the subject and each turn's subject listed below it.
 */
export function shipCommitMessage(title: string, taskId: string, turns: readonly ShippedTurn[]): string {
  const subject = subjectLine(title) || 'Codebay task';
  const list = turns.map((t) => `- ${subjectLine(t.subject) || `Turn ${t.turn}`}`).join('\n');
  const first = turns[0]?.turn;
  const last = turns.at(-1)?.turn;
  const which = first === last ? `turn ${first}` : `turns ${first}–${last}`;
  return [subject, list, `Codebay task ${taskId}, ${which}`].filter(Boolean).join('\n\n');
}
