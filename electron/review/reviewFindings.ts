import { capQuote } from '../../shared/comments.js';
import { FINAL_STATUSES } from '../../shared/events.js';
import { PRIORITY_LABELS } from '../../shared/findings.js';
import { ActionableError, errorText } from '../errors.js';
import { ensureMirror } from '../git/mirror.js';
import { committedFile } from '../git/treeEntry.js';
import type { Store } from '../store/store.js';
import type { Finding, Task } from '../store/types.js';
import type { TaskService } from '../tasks/taskService.js';
import { fenced } from './reviewPrompt.js';

/** Enough of a file to quote any range a finding names, and no more. */
const QUOTED_FILE_MAX_BYTES = 8 * 1024 * 1024;

export interface StartedFix {
  /** The task carrying the fix: the reviewed one, or a new one. */
  task: Task;
  turn: number;
  finding: Finding;
}

/** "line 4" or "lines 4-9". */
function lineRange(finding: Pick<Finding, 'startLine' | 'endLine'>): string {
  return finding.startLine === finding.endLine ? `line ${finding.startLine}` : `lines ${finding.startLine}-${finding.endLine}`;
}

/** The lines a finding is about, as the reviewed version holds them; null when they cannot be read. */
async function quotedLines(dataDir: string, review: Task, finding: Finding): Promise<string | null> {
  if (!review.baseCommit) return null;
  try {
    const mirror = await ensureMirror(dataDir, review.repoPath);
    const file = await committedFile(mirror, review.baseCommit, finding.path, QUOTED_FILE_MAX_BYTES);
    if (file.kind !== 'file') return null;
    const lines = file.content.toString('utf8').split('\n').slice(finding.startLine - 1, finding.endLine);
    return lines.length > 0 ? capQuote(lines.join('\n')) : null;
  } catch {
    return null;
  }
}

/** The Code prompt "Fix this" sends: the finding, where it is, the code it is about, and what the reviewer wrote. */
export function fixPrompt(finding: Finding, quote: string | null): string {
  const parts = [
    `A code review found this problem (${PRIORITY_LABELS[finding.priority]}). Fix it, and add or update a test that would have caught it when the repository has tests.`,
    `${finding.title}\n${finding.path}, ${lineRange(finding)}`,
  ];
  if (quote !== null) parts.push(fenced(quote));
  parts.push(finding.body);
  return parts.join('\n\n');
}

/**
 * What review tasks found, and what the user does with it: dismiss a finding, or have it fixed:
 * a follow-up on the reviewed task, or a new Code task on the reviewed branch or working tree.
 */
export class ReviewFindings {
  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
    private readonly tasks: Pick<TaskService, 'followUp' | 'create'>,
  ) {}

  list(taskId: string): Finding[] {
    this.requireTask(taskId);
    return this.store.findings.list(taskId);
  }

  dismiss(id: string, dismissed: boolean): Finding {
    const finding = this.requireFinding(id);
    if (finding.status === 'fixing' && dismissed) {
      throw new ActionableError(`The fix of “${finding.title}” was already started`, 'Cancel that task if the finding was wrong');
    }
    return this.store.findings.update(id, { status: dismissed ? 'dismissed' : 'open' }) ?? finding;
  }

  async fix(id: string): Promise<StartedFix> {
    const finding = this.requireFinding(id);
    if (finding.status === 'fixing' && finding.fixTaskId) {
      const turn = finding.fixTurn === null ? '' : `, turn ${finding.fixTurn}`;
      throw new ActionableError(`A fix of “${finding.title}” was already started (task ${finding.fixTaskId}${turn})`, 'Open that task to follow it');
    }
    const review = this.requireTask(finding.taskId);
    const target = review.reviewTarget;
    if (!target) throw new ActionableError(`Task “${review.title}” is not a review`, 'Only findings of a review can be fixed');
    const prompt = fixPrompt(finding, await quotedLines(this.dataDir, review, finding));
    let task: Task;
    if (target.kind === 'task') {
      const reviewed = this.store.tasks.get(target.taskId);
      if (!reviewed) throw new ActionableError(`The reviewed task ${target.taskId} was deleted`, 'Start a new Code task with the finding instead');
      if (!FINAL_STATUSES.includes(reviewed.status)) {
        throw new ActionableError(`Task “${reviewed.title}” is ${reviewed.status}, so it cannot take the fix yet`, 'Wait for it to finish, or cancel it, then choose Fix this again');
      }
      task = this.tasks.followUp(reviewed.id, prompt);
    } else {
      const environment = review.environmentId ? this.store.environments.get(review.environmentId) : undefined;
      if (!environment) throw new ActionableError(`The environment of review “${review.title}” was deleted`, 'Create it again, then choose Fix this');
      const created = await this.tasks
        .create({
          prompt,
          mode: 'code',
          environment,
          ...(target.kind === 'branch' ? { baseRef: target.branch } : { includeUncommitted: true }),
          title: `Fix: ${finding.title}`.slice(0, 200),
        })
        .catch((error: unknown) => {
          throw new ActionableError(`Could not start the fix of “${finding.title}”: ${errorText(error)}`, 'Fix the cause and choose Fix this again', { cause: error });
        });
      const first = created[0];
      if (!first) throw new Error('creating the fix task returned no task');
      task = first;
    }
    const turn = this.store.turns.list(task.id).at(-1)?.turn ?? 1;
    const marked = this.store.findings.update(id, { status: 'fixing', fixTaskId: task.id, fixTurn: turn }) ?? finding;
    return { task, turn, finding: marked };
  }

  private requireTask(taskId: string): Task {
    const task = this.store.tasks.get(taskId);
    if (!task) throw new ActionableError(`There is no task ${taskId}`, 'It may have been deleted; refresh the list');
    return task;
  }

  private requireFinding(id: string): Finding {
    const finding = this.store.findings.get(id);
    if (!finding) throw new ActionableError(`There is no finding ${id}`, 'Refresh the findings list');
    return finding;
  }
}
