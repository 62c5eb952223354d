import { describeTarget, type ReviewTarget } from '../../../shared/findings';
import { openTask } from '../state/router';
import { useTaskList } from '../state/taskListStore';
import './findings.css';

/** What a review looks at, in words; a reviewed task is a link to it, named by its title when the list has it. */
export function ReviewTargetText({ target }: { target: ReviewTarget }) {
  const title = useTaskList((s) => (target.kind === 'task' ? s.tasks.find((t) => t.id === target.taskId)?.title : undefined));
  if (target.kind !== 'task') return <>{describeTarget(target)}</>;
  return (
    <button type="button" className="review-target-link" title="Open the reviewed task" onClick={() => openTask(target.taskId)}>
      {describeTarget(target, title)}
    </button>
  );
}
