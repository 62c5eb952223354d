import { type FormEvent, useId, useState } from 'react';
import type { TaskDetail } from '../../../shared/types';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { defaultPullRequestText, pullRequestLink } from '../../../shared/pullRequestLink';

interface PullRequestDialogProps {
  detail: TaskDetail;
  /** The forge's page for a pull request of the pushed branch (ShipStateView.pullRequestUrl). */
  pageUrl: string;
  onClose: () => void;
}

/** The pull request's title and body, editable, then the forge's page opened with them filled in. */
export function PullRequestDialog({ detail, pageUrl, onClose }: PullRequestDialogProps) {
  const formId = useId();
  const [text, setText] = useState(() => defaultPullRequestText(detail.task.title, detail.turns.map((t) => t.summary ?? '')));
  const { filled } = pullRequestLink(pageUrl, text.title, text.body);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    // The Electron shell sends new windows to the OS browser; a browser opens a tab.
    window.open(pullRequestLink(pageUrl, text.title.trim(), text.body).url, '_blank', 'noopener');
    onClose();
  };

  return (
    <Dialog
      open
      title="Open pull request"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button variant="primary" type="submit" form={formId} disabled={!text.title.trim()}>
            Open the forge's page
          </Button>
        </>
      }
    >
      <form id={formId} className="tv-form" onSubmit={submit}>
        <label className="field">
          <span className="field-label">Title</span>
          <input value={text.title} onChange={(e) => setText({ ...text, title: e.target.value })} autoFocus required />
        </label>
        <label className="field">
          <span className="field-label">Description</span>
          <textarea rows={8} value={text.body} onChange={(e) => setText({ ...text, body: e.target.value })} />
          <span className="field-hint">
            {filled ? 'Filled in on the forge’s page, where you can still change them before opening the pull request.' : 'This forge’s page cannot be filled in from here: copy them into it.'}
          </span>
        </label>
      </form>
    </Dialog>
  );
}
