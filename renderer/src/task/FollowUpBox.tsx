import { type FormEvent, useState } from 'react';
import { MODES } from '../../../shared/modes';
import type { TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { hasMod, shortcutLabel } from '../ui/keys';
import { isActive } from '../ui/status';
import { useTaskSession } from './taskContext';

/** The prompt for the next turn, under every tab; Ctrl/Cmd+Enter sends it. */
export function FollowUpBox({ task }: { task: TaskView }) {
  const session = useTaskSession();
  const [prompt, setPrompt] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const active = isActive(task.status);
  const canSend = !active && !sending && prompt.trim() !== '';

  const send = (e?: FormEvent): void => {
    e?.preventDefault();
    if (!canSend) return;
    setSending(true);
    setError(null);
    bridge
      .call('tasks.followUp', { id: task.id, prompt: prompt.trim() })
      .then((row) => {
        setPrompt('');
        session.applyRow(row);
        session.refreshDetail();
        session.setTab('conversation');
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setSending(false));
  };

  return (
    <form className="tv-followup" onSubmit={send}>
      {error && <Alert>{error}</Alert>}
      <div className="tv-followup-box">
        <textarea
          aria-label="Follow-up prompt"
          placeholder={
            active
              ? 'You can follow up when the agent finishes this turn…'
              : MODES[task.mode].reviews
                ? `Ask the reviewer to look again, or closer at something; new findings join the list (${shortcutLabel('Mod+Enter')})`
                : `Ask for changes or a next step; the agent continues where it left off (${shortcutLabel('Mod+Enter')})`
          }
          value={prompt}
          rows={1}
          onChange={(e) => setPrompt(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && hasMod(e)) send();
          }}
        />
        <Button type="submit" size="sm" variant="primary" busy={sending} disabled={!canSend} shortcut="Mod+Enter" tip="Follow up">
          Follow up
        </Button>
      </div>
    </form>
  );
}
