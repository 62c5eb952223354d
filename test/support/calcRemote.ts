import path from 'node:path';
import type { Task } from '../../electron/store/types.js';
import { makeCalcRepo } from './calcRepo.js';
import type { EngineFixture } from './engineFixture.js';
import { sh } from './gitFixture.js';
import { waitForTask } from './taskWait.js';

export interface CalcTaskWithRemote {
  repo: string;
  /** A bare repository, the repo's origin; it keeps a reflog, so a push that rewrote a branch shows. */
  remote: string;
  /** The Code task, succeeded. */
  task: Task;
  /** Its first turn's result commit. */
  firstResult: string;
}

/** The calc repo with a bare origin, and a Code task on it run to its first result: where shipping tests start. */
export async function calcTaskWithRemote(engine: EngineFixture, prompt: string, prepareRepo: (repo: string) => void = () => undefined): Promise<CalcTaskWithRemote> {
  const repo = makeCalcRepo(engine.dirs.make());
  prepareRepo(repo);
  const remote = path.join(engine.dirs.make(), 'remote.git');
  sh(repo, ['init', '--quiet', '--bare', remote]);
  sh(remote, ['config', 'core.logAllRefUpdates', 'always']);
  sh(repo, ['remote', 'add', 'origin', remote]);
  const environment = await engine.app.environments.forRepo(repo);
  const [created] = await engine.app.tasks.create({ prompt, mode: 'code', environment });
  if (!created) throw new Error(`No task was created for "${prompt}"`);
  const task = await waitForTask(engine.app, created.id);
  if (task.status !== 'succeeded') throw new Error(`The task "${prompt}" ended ${task.status}: ${task.error ?? 'no error recorded'}`);
  const firstResult = (await engine.app.results.shipState(task.id)).latest?.commit;
  if (!firstResult) throw new Error(`The task "${prompt}" succeeded without a result`);
  return { repo, remote, task, firstResult };
}
