import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import pkg from '../package.json' with { type: 'json' };
import type { DoctorReport } from '../shared/types.js';
import { agentsDir } from './agent/backends/installLayout.js';
import { CLI_BACKENDS } from './agent/backends/registry.js';
import { SecretStore } from './config/secretStore.js';
import { resolveTaskProvider } from './config/taskProvider.js';
import { runDoctor } from './doctor.js';
import { EnvironmentService } from './environments.js';
import { errorText } from './errors.js';
import { bridgeFor } from './gateway/bridges.js';
import { GatewayGrants } from './gateway/grants.js';
import { ModelGateway } from './gateway/modelGateway.js';
import { dataDir } from './paths.js';
import { Results } from './results.js';
import { createDocker } from './sandbox/docker.js';
import { sandboxImageTag } from './sandbox/image.js';
import { SandboxPool } from './sandbox/pool.js';
import { processAlive, reapOrphans, removeStoppedSandboxes } from './sandbox/reaper.js';
import { openStore, type Store } from './store/store.js';
import { LiveSandboxes } from './tasks/liveSandboxes.js';
import { RunningWorkspaces } from './tasks/runningWorkspaces.js';
import { TaskRunner } from './tasks/runner.js';
import { defaultConcurrency, Scheduler } from './tasks/scheduler.js';
import { SetupTrials } from './tasks/setupTrial.js';
import { TaskService } from './tasks/taskService.js';

export interface AppOptions {
  /** Overrides CODEBAY_HOME and the OS default. */
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** better-sqlite3 compiled for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
  concurrency?: number;
  poolSize?: number;
  /** Finished tasks whose sandbox is kept for follow-ups. */
  keptSandboxes?: number;
  imageTag?: string;
  /** Per task, the most bytes of command and setup output kept in the log (default 50 MiB); more is dropped with a marker. */
  logCapBytes?: number;
}

const CANCEL_POLL_MS = 500;
/** How often stopped sandboxes of this engine are looked for, besides after every task. */
const SWEEP_STOPPED_MS = 60_000;

/** "host:pid:instance": who runs a task. */
export function parseOwner(owner: string): { host: string; pid: number } {
  const [host = '', pid = '0'] = owner.split(':');
  return { host, pid: Number(pid) };
}

/**
 * The composition root: every long-lived part of the engine, built once per
 * process. Opening it only opens the store; `startEngine` adds what runs tasks.
 */
export class App {
  readonly version = pkg.version;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly docker: Docker;
  readonly imageTag: string;
  readonly store: Store;
  readonly secrets: SecretStore;
  readonly environments: EnvironmentService;
  readonly results: Results;
  readonly scheduler: Scheduler;
  readonly tasks: TaskService;
  /** "Test setup" runs of environment forms. */
  readonly setupTrials: SetupTrials;
  readonly instanceId = randomBytes(6).toString('hex');
  readonly owner: string;
  private readonly pool: SandboxPool;
  private readonly live: LiveSandboxes;
  /** Running Code turns' workspaces, read live by the Diff tab. */
  readonly workspaces = new RunningWorkspaces();
  private cancelPoll: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private engineStarted = false;

  constructor(private readonly options: AppOptions = {}) {
    this.env = options.env ?? process.env;
    this.home = options.home ?? dataDir(this.env);
    this.owner = `${os.hostname()}:${process.pid}:${this.instanceId}`;
    this.docker = createDocker();
    this.imageTag = options.imageTag ?? this.env.CODEBAY_IMAGE?.trim() ?? sandboxImageTag();
    this.store = openStore(path.join(this.home, 'codebay.db'), {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.logCapBytes === undefined ? {} : { eventLog: { logCapBytes: options.logCapBytes } }),
    });
    this.secrets = new SecretStore(this.home);
    this.environments = new EnvironmentService(this.store, this.secrets);
    this.results = new Results(this.store, this.home);
    const logError = (error: unknown): void => void process.stderr.write(`codebay: ${errorText(error)}\n`);
    // Mounted read-only in every sandbox, and read there by its agent user: not private like the rest of the data dir.
    const agentCliDir = agentsDir(this.home);
    mkdirSync(agentCliDir, { recursive: true });
    chmodSync(agentCliDir, 0o755);
    this.pool = new SandboxPool({
      docker: this.docker,
      image: this.imageTag,
      instanceId: this.instanceId,
      agentsDir: agentCliDir,
      size: options.poolSize ?? Number(this.setting('poolSize') ?? 2),
      onError: logError,
    });
    this.live = new LiveSandboxes(options.keptSandboxes ?? 4, logError);
    const grants = new GatewayGrants();
    const runner = new TaskRunner({
      store: this.store,
      docker: this.docker,
      pool: this.pool,
      live: this.live,
      workspaces: this.workspaces,
      dataDir: this.home,
      owner: this.owner,
      provider: (task) => resolveTaskProvider(this.store, this.secrets, this.env, task),
      environmentSecrets: (id) => this.environments.secretValues(id),
      userInstructions: () => this.setting('userInstructions') as string | undefined,
      cli: { docker: this.docker, dataDir: this.home, gateway: new ModelGateway(grants, bridgeFor), grants, backends: CLI_BACKENDS },
    });
    this.scheduler = new Scheduler({
      concurrency: options.concurrency ?? Number(this.setting('concurrency') ?? defaultConcurrency()),
      run: async (job, signal) => {
        try {
          await runner.run(job, signal);
        } finally {
          this.sweepStoppedSandboxes();
        }
      },
      onError: (job, error) => logError(`task ${job.taskId}: ${errorText(error)}`),
    });
    this.tasks = new TaskService(this.store, this.scheduler, this.live, this.home, this.owner);
    this.setupTrials = new SetupTrials({ pool: this.pool, dataDir: this.home });
  }

  doctor(): Promise<DoctorReport> {
    return runDoctor({ docker: this.docker, imageTag: this.imageTag, dataDir: this.home, provider: resolveTaskProvider(this.store, this.secrets, this.env, {}) });
  }

  /**
   * For processes that run tasks: removes sandboxes left by dead engines and
   * marks their tasks interrupted, picks up queued tasks nobody runs, warms the pool.
   */
  async startEngine(): Promise<void> {
    if (this.engineStarted) return;
    this.engineStarted = true;
    await this.recoverOrphans();
    for (const task of this.store.tasks.list({ statuses: ['queued'] }, { limit: 10_000 }).reverse()) {
      if (task.owner === null) this.tasks.enqueue(task);
    }
    void this.pool.fill().catch(() => undefined);
    this.cancelPoll = setInterval(() => {
      if (this.scheduler.runningCount() > 0) this.tasks.pollCancelRequests();
    }, CANCEL_POLL_MS);
    this.cancelPoll.unref();
    this.sweepTimer = setInterval(() => this.sweepStoppedSandboxes(), SWEEP_STOPPED_MS);
    this.sweepTimer.unref();
  }

  /** In the background, one sweep at a time; a failure (Docker down) waits for the next. */
  private sweepStoppedSandboxes(): void {
    if (this.sweeping) return;
    this.sweeping = removeStoppedSandboxes(this.docker, this.instanceId)
      .then(() => undefined, () => undefined)
      .finally(() => {
        this.sweeping = undefined;
      });
  }

  private async recoverOrphans(): Promise<void> {
    const reaped = await reapOrphans(this.docker, this.instanceId);
    const orphaned = new Set(reaped.taskIds);
    for (const task of this.store.tasks.list({ statuses: ['preparing', 'running'] }, { limit: 10_000 })) {
      const owner = task.owner ? parseOwner(task.owner) : undefined;
      const ownerAlive = task.owner === this.owner || (owner ? processAlive(owner.pid, owner.host) : false);
      if (orphaned.has(task.id) || !ownerAlive) {
        this.tasks.finishUnrun(task, 'interrupted', 'Codebay stopped while this task ran; its log is kept. Send a follow-up or retry to continue');
      }
    }
    // A queued task whose claimant died before preparing it can run again.
    for (const task of this.store.tasks.list({ statuses: ['queued'] }, { limit: 10_000 })) {
      const owner = task.owner ? parseOwner(task.owner) : undefined;
      if (owner && !processAlive(owner.pid, owner.host)) this.store.tasks.update(task.id, { owner: null });
    }
  }

  setting(key: string): unknown {
    return this.store.settings.get(key);
  }

  async close(): Promise<void> {
    clearInterval(this.cancelPoll);
    clearInterval(this.sweepTimer);
    await Promise.all([this.scheduler.shutdown(), this.setupTrials.close()]);
    await this.sweeping;
    await Promise.all([this.pool.close(), this.live.close()]);
    this.store.close();
  }
}

export function createApp(options: AppOptions = {}): App {
  return new App(options);
}
