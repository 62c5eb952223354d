import type { LiveWorkspace } from './liveWorkspace.js';

/** The live workspace of each Code turn this engine is running, for the Diff tab to read while the turn runs. */
export class RunningWorkspaces {
  private readonly byTask = new Map<string, LiveWorkspace>();

  open(taskId: string, workspace: LiveWorkspace): void {
    this.byTask.set(taskId, workspace);
  }

  get(taskId: string): LiveWorkspace | undefined {
    return this.byTask.get(taskId);
  }

  /** Stops reads of the task's workspace, waiting for those under way, before its turn commits; its last list stays readable. */
  async close(taskId: string): Promise<void> {
    await this.byTask.get(taskId)?.close();
  }

  /** The turn is over: its result is what the Diff tab shows now. */
  remove(taskId: string): void {
    this.byTask.delete(taskId);
  }
}
