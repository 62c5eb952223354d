import type { Mirror } from './git/mirror.js';
import { parentOf } from './git/shipCommit.js';

export interface TurnResult {
  turn: number;
  commit: string;
}

export interface ShipPlan {
  /** What a commit with the user's message builds on: what the branch holds of this task, else the task's base. */
  parent: string;
  /** The turns the branch lacks, oldest first: the ones shipping now carries. */
  turns: TurnResult[];
  /** Whether those turn commits build on `parent`, so they can go out as they are (a fast-forward). */
  turnCommitsFit: boolean;
}

/**
 * What shipping the task's newest result onto a branch now carries. A branch at one of the
 * task's turn commits, or at the commit Codebay last shipped with the user's message, keeps
 * what it has and gets the later turns; any other branch (none, or someone else's commit)
 * gets every turn on the task's base.
 */
export async function planShip(mirror: Mirror, base: string, turns: readonly TurnResult[], shipped: TurnResult | null, branchHead: string | null): Promise<ShipPlan> {
  const held = [...turns, ...(shipped ? [shipped] : [])].find((known) => known.commit === branchHead);
  const parent = held?.commit ?? base;
  const after = held?.turn ?? 0;
  const pending = turns.filter((t) => t.turn > after);
  const first = pending[0];
  const turnCommitsFit = first === undefined || (await parentOf(mirror, first.commit)) === parent;
  return { parent, turns: pending, turnCommitsFit };
}
