import { useEffect, useRef, useState } from 'react';
import type { CommentSide } from '../../../shared/comments';
import type { CommentView } from '../../../shared/types';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { CommentComposer } from './CommentComposer';

/** Where a comment is, as the panel heads it: "L4–9 · new · turn 2". */
export function commentPlace(at: { startLine: number; endLine: number; side: CommentSide; turn: number | null }): string {
  const lines = at.startLine === at.endLine ? `L${at.startLine}` : `L${at.startLine}–${at.endLine}`;
  return `${lines} · ${at.side === 'modified' ? 'new' : 'old'} · ${at.turn === null ? 'all turns' : `turn ${at.turn}`}`;
}

interface CommentCardProps {
  comment: CommentView;
  /** Set when the reader clicked this comment's marker in the diff: brought into view. */
  focusNonce: number | null;
  onShow: (comment: CommentView) => void;
  onUpdate: (id: string, patch: { body?: string; resolved?: boolean }) => Promise<void>;
  onRemove: (id: string) => Promise<void>;
  onError: (message: string) => void;
}

/** One comment in the review panel: where it is, the code it quotes, the reviewer's words, and what can be done with it. */
export function CommentCard({ comment, focusNonce, onShow, onUpdate, onRemove, onError }: CommentCardProps) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const sent = comment.sentTurn !== null;

  useEffect(() => {
    if (focusNonce !== null) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [focusNonce]);

  const act = (action: Promise<void>): void => {
    setBusy(true);
    action.catch((error: unknown) => onError(errorMessage(error))).finally(() => setBusy(false));
  };

  const state = sent ? `Sent in turn ${comment.sentTurn}${comment.resolved ? ', resolved' : ''}` : comment.resolved ? 'Resolved' : null;
  const resolveTip = comment.resolved ? 'Reopen' : sent ? 'Resolve: the agent has dealt with it' : 'Resolve: keep it, but do not send it';
  return (
    <article
      ref={ref}
      className={`tv-comment${comment.resolved || sent ? ' is-quiet' : ''}${focusNonce !== null ? ' is-focused' : ''}`}
      aria-label={`Comment on ${comment.path} ${commentPlace(comment)}`}
    >
      <header className="tv-comment-head">
        <button type="button" className="tv-comment-place" title="Show these lines in the diff" onClick={() => onShow(comment)}>
          <span className="tv-comment-path">{comment.path}</span>
          <span className="tv-comment-lines">{commentPlace(comment)}</span>
        </button>
        {state && <span className={`badge${sent ? ' badge-accent' : ''}`}>{state}</span>}
      </header>
      {comment.quote !== '' && <pre className="tv-comment-quote">{comment.quote}</pre>}
      {editing ? (
        <CommentComposer
          label="Edit the comment"
          initial={comment.body}
          saveText="Save"
          onSave={async (body) => {
            await onUpdate(comment.id, { body });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <p className="tv-comment-body">{comment.body}</p>
          <div className="tv-comment-actions">
            {!sent && (
              <Button size="sm" variant="ghost" disabled={busy} onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            <Button size="sm" variant="ghost" disabled={busy} onClick={() => act(onUpdate(comment.id, { resolved: !comment.resolved }))} tip={resolveTip}>
              {comment.resolved ? 'Reopen' : 'Resolve'}
            </Button>
            <Button size="sm" variant="ghost" disabled={busy} onClick={() => act(onRemove(comment.id))}>
              Delete
            </Button>
          </div>
        </>
      )}
    </article>
  );
}
