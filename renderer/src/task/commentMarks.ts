import { useMemo } from 'react';
import type { CommentSide } from '../../../shared/comments';
import type { CommentView } from '../../../shared/types';
import type { CommentMark } from './commentGutter';
import type { DiffReview } from './MonacoDiff';
import type { CommentDraft } from './useReviewComments';

/**
 * The markers and the draft's lines for the file and diff on screen. Line numbers belong to
 * the pair of the diff they were written on, so only comments of this file and this turn's
 * diff (or all turns') are marked; the panel lists the others.
 */
export function useCommentMarks(comments: readonly CommentView[] | null, draft: CommentDraft | null, path: string | null, turn: number | null): Pick<DiffReview, 'marks' | 'draft'> {
  const marks = useMemo(() => {
    const bySide: Record<CommentSide, CommentMark[]> = { original: [], modified: [] };
    for (const c of comments ?? []) {
      if (c.path !== path || c.turn !== turn) continue;
      bySide[c.side].push({ id: c.id, startLine: c.startLine, endLine: c.endLine, body: c.body, open: c.sentTurn === null && !c.resolved });
    }
    return bySide;
  }, [comments, path, turn]);
  const shownDraft = useMemo(
    () => (draft && draft.path === path && draft.turn === turn ? { side: draft.side, startLine: draft.startLine, endLine: draft.endLine } : null),
    [draft, path, turn],
  );
  return { marks, draft: shownDraft };
}
