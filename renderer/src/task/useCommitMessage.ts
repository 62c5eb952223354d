import { useState } from 'react';
import { commitMessageProblem, normalizeCommitMessage } from '../../../shared/commitMessage';
import type { ShipStateView } from '../../../shared/types';
import { errorField, errorMessage } from '../ui/errorMessage';

export interface CommitMessageChoice {
  /** Whether there is anything to write a message for: turn commits the branch lacks. */
  shown: boolean;
  /** How many turn commits the branch lacks. */
  count: number;
  text: string;
  setText: (text: string) => void;
  /** Several turn commits that build on the branch may also ship as they are. */
  canKeep: boolean;
  keeping: boolean;
  setKeep: (keep: boolean) => void;
  /** The one line under the field saying what shipping does with it. */
  hint: string;
  /** What is wrong with the message (checked here as the engine would), or the engine's own refusal of it. */
  error: string | null;
  /** Shows the engine's refusal of the message beside the field; false for any other error, which the dialog shows itself. */
  takeRefusal: (error: unknown) => boolean;
  /** The `message` param to send: none when the turn commits ship as they are. */
  param: string | undefined;
}

const turnCommits = (count: number): string => (count === 1 ? 'the turn commit' : `the ${count} turn commits`);

/**
 * The commit message of Create branch and Push, prefilled from the engine's suggestion. An
 * unchanged message of one turn that fits is not sent, so that turn's own commit ships as it is.
 */
export function useCommitMessage(ship: ShipStateView | null): CommitMessageChoice {
  const [edited, setEdited] = useState<string | null>(null);
  const [keep, setKeep] = useState(false);
  const [engineError, setEngineError] = useState<string | null>(null);
  const suggested = ship?.commitMessage ?? null;
  const count = ship?.turnCommitsToShip ?? 0;
  const fit = ship?.turnCommitsFit ?? true;
  const text = edited ?? suggested ?? '';
  const shown = suggested !== null && count > 0;
  const canKeep = count > 1 && fit;
  const keeping = canKeep && keep;
  const asIs = count === 1 && fit && suggested !== null && normalizeCommitMessage(text) === normalizeCommitMessage(suggested);
  const param = !shown || keeping || asIs ? undefined : text;
  const problem = param === undefined ? null : commitMessageProblem(param);
  const hint = asIs
    ? "The turn's commit is used as is."
    : keeping
      ? `The ${count} turn commits are shipped as they are.`
      : `One commit with this message replaces ${turnCommits(count)}; later follow-ups add commits on top of it.`;
  return {
    shown,
    count,
    text,
    setText: (value) => {
      setEdited(value);
      setEngineError(null);
    },
    canKeep,
    keeping,
    setKeep,
    hint,
    error: problem ? `${problem.what}. ${problem.fix}` : engineError,
    takeRefusal: (error) => {
      if (errorField(error) !== 'message') return false;
      setEngineError(errorMessage(error));
      return true;
    },
    param,
  };
}
