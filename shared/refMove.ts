import type { RefMove } from './types.js';

const short = (commit: string): string => commit.slice(0, 7);
const turnNote = (turn: number | null): string => (turn === null ? '' : ` (turn ${turn})`);
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** One line saying how `name` (a branch, or "branch on remote") moved, for the CLI and the UI alike. */
export function describeRefMove(name: string, move: RefMove): string {
  switch (move.change) {
    case 'created':
      return `Created ${name} at ${short(move.to)}${turnNote(move.toTurn)}`;
    case 'unchanged':
      return `${name} is already at ${short(move.to)}${turnNote(move.toTurn)}`;
    case 'replaced':
      return `Replaced ${name}: it was at ${short(move.from ?? '')}, now ${short(move.to)}${turnNote(move.toTurn)} (forced; commits only the old one had are no longer on it)`;
    case 'updated': {
      const turns = move.fromTurn !== null && move.toTurn !== null ? `turn ${move.fromTurn} → turn ${move.toTurn}` : move.toTurn !== null ? `up to turn ${move.toTurn}` : '';
      const details = [turns, move.commits === null ? '' : plural(move.commits, 'new commit')].filter(Boolean).join(', ');
      return `Updated ${name} from ${short(move.from ?? '')} to ${short(move.to)} (fast-forward)${details ? `: ${details}` : ''}`;
    }
  }
}
