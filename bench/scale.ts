import type { Task } from '../electron/store/types.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { startBenchEngine } from './fixtures/engine.js';
import { instanceContainers } from './probes/containers.js';
import { startRssSampler } from './probes/rss.js';
import type { Measurement } from './result.js';
import { makeCalcRepo } from '../test/support/calcRepo.js';
import { waitForTask } from '../test/support/taskWait.js';
import { answer, byPrompt, shell } from '../test/support/scripts.js';

const TASKS = 50;
const CONCURRENCY = 8;
const TOOL_STEPS = 20;

/**
 * 50 tasks queued at once, 8 running at a time, each running shell `true` 20
 * times before answering: all must succeed, the process's RSS stays bounded,
 * and no container of the engine outlives it.
 */
export const scale: Benchmark = {
  name: 'scale',
  async run(context: BenchContext): Promise<Measurement[]> {
    const repo = makeCalcRepo(context.tempDir);
    const plan = [...Array.from({ length: TOOL_STEPS }, () => shell(['true'])), answer('Done with the steps.')];
    const engine = await startBenchEngine(repo, byPrompt(() => plan), { concurrency: CONCURRENCY, poolSize: 2 });
    const { app, model } = engine;
    const rss = startRssSampler(100);
    // Bodies of a thousand recorded requests would be counted as the engine's memory.
    const forget = setInterval(() => model.requests.splice(0), 1000);
    let peakContainers = 0;
    const countContainers = setInterval(() => {
      void instanceContainers(app.docker, app.instanceId).then(
        (list) => (peakContainers = Math.max(peakContainers, list.length)),
        () => undefined,
      );
    }, 1000);
    const started = Date.now();
    let closed = false;
    try {
      const tasks: Task[] = [];
      for (let i = 1; i <= TASKS; i++) {
        const [task] = await app.tasks.create({ prompt: `scale task ${i}`, mode: 'code', environment: engine.environment });
        if (!task) throw new Error('tasks.create returned no task');
        tasks.push(task);
      }
      const finished = await Promise.all(tasks.map((task) => waitForTask(app, task.id, 30 * 60_000)));
      const seconds = (Date.now() - started) / 1000;
      clearInterval(countContainers);
      const succeeded = finished.filter((t) => t.status === 'succeeded').length;
      const failures = finished.filter((t) => t.status !== 'succeeded').map((t) => `${t.id} ${t.status}: ${t.error ?? ''}`);
      if (failures.length > 0) context.log(`not succeeded:\n${failures.join('\n')}`);
      const instanceId = app.instanceId;
      const docker = app.docker;
      await engine.close();
      closed = true;
      const { peakMiB, samples } = rss.stop();
      const left = await instanceContainers(docker, instanceId);
      context.log(`${succeeded}/${TASKS} succeeded in ${seconds.toFixed(1)} s; peak RSS ${peakMiB.toFixed(0)} MiB over ${samples} samples; ${left.length} container(s) left`);
      return [
        {
          name: 'scale, tasks succeeded',
          value: succeeded,
          unit: 'tasks',
          budget: TASKS,
          better: 'higher',
          notes: `${TASKS} tasks, ${CONCURRENCY} at a time, ${TOOL_STEPS} tool steps each, in ${seconds.toFixed(0)} s (${((TASKS * (TOOL_STEPS + 1)) / seconds).toFixed(1)} model steps/s); at most ${peakContainers} containers at once`,
        },
        {
          name: 'scale, peak RSS',
          value: peakMiB,
          unit: 'MiB',
          budget: 300,
          better: 'lower',
          notes: `process.memoryUsage().rss every 100 ms; includes the scripted model server in the same process`,
        },
        {
          name: 'scale, containers left after close',
          value: left.length,
          unit: 'containers',
          budget: 0,
          better: 'lower',
          ...(left.length > 0 ? { notes: left.map((c) => `${c.name} ${c.state}`).join(', ') } : {}),
        },
      ];
    } finally {
      clearInterval(forget);
      clearInterval(countContainers);
      rss.stop();
      if (!closed) await engine.close();
    }
  },
};
