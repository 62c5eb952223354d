import { commandText } from '../../shared/commandText.js';
import type { EventBody } from '../../shared/events.js';
import type { TaskActivity } from '../../shared/types.js';
import type { Store } from '../store/store.js';

// Long scripts would crowd the row; the log has the whole command.
const MAX_TEXT = 120;

/** The step an agent event starts, or undefined when the event starts none. */
export function activityText(event: EventBody): string | undefined {
  switch (event.type) {
    case 'exec.begin': {
      const line = commandText(event.command).split('\n')[0] ?? '';
      return `running \`${line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line}\``;
    }
    case 'patch.applied': {
      if (!event.ok) return 'thinking';
      const [first, ...rest] = event.files.map((file) => file.split('/').at(-1) ?? file);
      return first === undefined ? 'thinking' : `editing ${first}${rest.length > 0 ? ` and ${rest.length} more` : ''}`;
    }
    case 'exec.end':
    case 'agent.delta':
    case 'agent.reasoning':
      return 'thinking';
    default:
      return undefined;
  }
}

/**
 * Keeps a running task's activity column: written only when the step changes, so a stream
 * of deltas costs one write, and the list can show what the agent is doing without events.
 */
export class ActivityTracker {
  private current: TaskActivity | null = null;

  constructor(
    private readonly store: Store,
    private readonly taskId: string,
  ) {}

  observe(event: EventBody): void {
    const text = activityText(event);
    if (text === undefined || text === this.current?.text) return;
    this.current = { text, since: Date.now() };
    this.store.tasks.update(this.taskId, { activity: this.current });
  }
}
