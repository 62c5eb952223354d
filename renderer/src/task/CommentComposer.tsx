import { type FormEvent, useState } from 'react';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { hasMod, shortcutLabel } from '../ui/keys';

interface CommentComposerProps {
  /** What the text box is for, for screen readers and tests. */
  label: string;
  initial: string;
  saveText: string;
  onSave: (body: string) => Promise<void>;
  onCancel: () => void;
}

/** The text of a comment being written or edited; Mod+Enter saves it, Esc lets it go. */
export function CommentComposer({ label, initial, saveText, onSave, onCancel }: CommentComposerProps) {
  const [body, setBody] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSave = !saving && body.trim() !== '';

  const save = (e?: FormEvent): void => {
    e?.preventDefault();
    if (!canSave) return;
    setSaving(true);
    setError(null);
    onSave(body.trim()).then(
      () => setSaving(false),
      (err: unknown) => {
        setSaving(false);
        setError(errorMessage(err));
      },
    );
  };

  return (
    <form className="tv-comment-composer" onSubmit={save}>
      <textarea
        aria-label={label}
        placeholder={`What should change here? (${shortcutLabel('Mod+Enter')} to save)`}
        value={body}
        rows={3}
        // The composer opens where the reader asked for it, ready for typing.
        autoFocus
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && hasMod(e)) save();
          else if (e.key === 'Escape') {
            // Kept from the app's Esc (back), which would leave the task.
            e.preventDefault();
            onCancel();
          }
        }}
      />
      {error && <Alert>{error}</Alert>}
      <div className="tv-comment-actions">
        <Button type="submit" size="sm" variant="primary" busy={saving} disabled={!canSave} shortcut="Mod+Enter">
          {saveText}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel} shortcut="Esc">
          Cancel
        </Button>
      </div>
    </form>
  );
}
