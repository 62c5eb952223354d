import { useMemo, useState } from 'react';
import type { CommentView, TaskView } from '../../../shared/types';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { errorMessage } from '../ui/errorMessage';
import { Kbd } from '../ui/Kbd';
import { Spinner } from '../ui/Spinner';
import { CommentCard, commentPlace } from './CommentCard';
import { ADD_COMMENT_SHORTCUT } from './commentGutter';
import { CommentComposer } from './CommentComposer';
import type { CommentDraft, ReviewComments } from './useReviewComments';

interface ReviewPanelProps {
  review: ReviewComments;
  /** The lines a comment is being written on, until it is saved or let go. */
  draft: CommentDraft | null;
  onDraftDone: () => void;
  /** The comment whose marker was clicked last. */
  focus: { id: string; nonce: number } | null;
  onShow: (comment: CommentView) => void;
  /** While the agent works, comments can be written but not sent. */
  running: boolean;
  onSent: (task: TaskView) => void;
}

/** Open comments first, in the order written; then resolved ones; then those sent, latest turn first. */
function rank(c: CommentView): number {
  return c.sentTurn !== null ? 2 : c.resolved ? 1 : 0;
}

/** The comments beside the diff, the one being written, and the button that sends them to the agent. */
export function ReviewPanel({ review, draft, onDraftDone, focus, onShow, running, onSent }: ReviewPanelProps) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { comments } = review;
  const ordered = useMemo(() => [...(comments ?? [])].sort((a, b) => rank(a) - rank(b) || (b.sentTurn ?? 0) - (a.sentTurn ?? 0)), [comments]);
  const pending = ordered.filter((c) => rank(c) === 0).length;

  const send = (): void => {
    setSending(true);
    setError(null);
    review.send().then(
      (task) => {
        setSending(false);
        onSent(task);
      },
      (err: unknown) => {
        setSending(false);
        setError(errorMessage(err));
      },
    );
  };

  return (
    <aside className="tv-review" aria-label="Review comments">
      <header className="tv-review-head">
        <h2>Review comments</h2>
        <Button variant="primary" size="sm" busy={sending} disabled={pending === 0 || running} onClick={send} tip="Send the open comments to the agent as one follow-up">
          {pending === 0 ? 'Send comments' : `Send ${pending} comment${pending === 1 ? '' : 's'}`}
        </Button>
      </header>
      {running && pending > 0 && <p className="tv-review-note">The agent is working; you can send these when it finishes this turn.</p>}
      {error && <Alert className="tv-review-alert">{error}</Alert>}
      {review.loadError && (
        <Alert className="tv-review-alert" action={<Button size="sm" variant="ghost" onClick={review.reload}>Retry</Button>}>
          {review.loadError}
        </Alert>
      )}
      <div className="tv-review-list">
        {draft && (
          <section className="tv-comment is-draft" aria-label="New comment">
            <header className="tv-comment-head">
              <span className="tv-comment-place">
                <span className="tv-comment-path">{draft.path}</span>
                <span className="tv-comment-lines">{commentPlace(draft)}</span>
              </span>
            </header>
            {draft.quote !== '' && <pre className="tv-comment-quote">{draft.quote}</pre>}
            <CommentComposer
              // A new place starts a new text.
              key={`${draft.path}:${draft.side}:${draft.turn}:${draft.startLine}-${draft.endLine}`}
              label="New comment"
              initial=""
              saveText="Add comment"
              onSave={async (body) => {
                await review.add({ ...draft, body });
                onDraftDone();
              }}
              onCancel={onDraftDone}
            />
          </section>
        )}
        {ordered.map((comment) => (
          <CommentCard
            key={comment.id}
            comment={comment}
            focusNonce={focus?.id === comment.id ? focus.nonce : null}
            onShow={onShow}
            onUpdate={review.update}
            onRemove={review.remove}
            onError={setError}
          />
        ))}
        {comments === null && !review.loadError && (
          <p className="tv-loading-text">
            <Spinner /> Loading the comments…
          </p>
        )}
        {comments?.length === 0 && !draft && (
          <div className="tv-review-empty">
            <p>No comments yet.</p>
            <p>
              Hover a line and click <span className="tv-review-plus">+</span> beside its number, or select lines and press <Kbd keys={ADD_COMMENT_SHORTCUT} />. The
              comments go to the agent together, as one follow-up.
            </p>
          </div>
        )}
      </div>
    </aside>
  );
}
