import { useCallback, useEffect, useState } from 'react';
import type { MethodParams } from '../../../shared/protocol';
import type { CommentView, TaskView } from '../../../shared/types';
import { bridge } from '../bridge';
import { errorMessage } from '../ui/errorMessage';

export type NewComment = Omit<MethodParams<'comments.add'>, 'taskId'>;
/** Where a comment is being written, before it has words. */
export type CommentDraft = Omit<NewComment, 'body'>;

export interface ReviewComments {
  /** Null until the first load has come back. */
  comments: CommentView[] | null;
  /** Why the last load failed; the panel offers to load again. */
  loadError: string | null;
  reload(): void;
  add(comment: NewComment): Promise<CommentView>;
  update(id: string, patch: { body?: string; resolved?: boolean }): Promise<void>;
  remove(id: string): Promise<void>;
  /** Starts the follow-up that carries every unsent, open comment; returns the queued task. */
  send(): Promise<TaskView>;
}

/** A task's review comments as the engine keeps them; each change goes to the engine first. */
export function useReviewComments(taskId: string): ReviewComments {
  const [comments, setComments] = useState<CommentView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    bridge.call('comments.list', { taskId }).then(
      (list) => {
        if (!current) return;
        setComments(list);
        setLoadError(null);
      },
      (error: unknown) => current && setLoadError(errorMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [taskId, generation]);

  const replace = (comment: CommentView): void => setComments((list) => list?.map((c) => (c.id === comment.id ? comment : c)) ?? [comment]);

  return {
    comments,
    loadError,
    reload: useCallback(() => setGeneration((n) => n + 1), []),
    add: async (comment) => {
      const added = await bridge.call('comments.add', { taskId, ...comment });
      setComments((list) => [...(list ?? []), added]);
      return added;
    },
    update: async (id, patch) => replace(await bridge.call('comments.update', { id, ...patch })),
    remove: async (id) => {
      await bridge.call('comments.remove', { id });
      setComments((list) => list?.filter((c) => c.id !== id) ?? null);
    },
    send: async () => {
      const sent = await bridge.call('tasks.sendComments', { id: taskId });
      setComments(sent.comments);
      return sent.task;
    },
  };
}
