import { Field } from '../ui/Field';
import type { CommitMessageChoice } from './useCommitMessage';

/** The commit message of a branch or push, with what shipping does with it and its error beside it. */
export function CommitMessageField({ choice }: { choice: CommitMessageChoice }) {
  if (!choice.shown) return null;
  return (
    <>
      <Field label="Commit message" hint={choice.hint} error={choice.error}>
        <textarea className="mono" rows={6} value={choice.text} disabled={choice.keeping} onChange={(e) => choice.setText(e.target.value)} />
      </Field>
      {choice.canKeep && (
        <label className="check-inline">
          <input type="checkbox" checked={choice.keeping} onChange={(e) => choice.setKeep(e.target.checked)} />
          Keep the {choice.count} turn commits as they are
        </label>
      )}
    </>
  );
}
