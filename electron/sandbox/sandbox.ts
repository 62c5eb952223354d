import type Docker from 'dockerode';
import { errorText } from '../errors.js';
import { CommandRunner } from './commandRunner.js';
import { runExec } from './execCommand.js';
import type { ExecOptions, ExecResult } from './execCommand.js';
import { taskContainerName } from './labels.js';
import { limitsHostConfig } from './limits.js';
import type { SandboxLimits } from './limits.js';
import { extractSingleFile, packFiles, packLocalFile, readSingleFile } from './tarArchive.js';
import type { SandboxFile } from './tarArchive.js';
import type { SandboxUser } from './users.js';

const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
const OFFLINE_RESOLV_CONF = '# Codebay: this sandbox has no network.\nnameserver 127.0.0.1\noptions timeout:1 attempts:1\n';

function statusCode(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

/** One running sandbox container: commands, files, network and lifecycle. */
export class Sandbox {
  readonly container: Docker.Container;
  private runner: Promise<CommandRunner | undefined> | undefined;
  private runnerUnavailable = false;

  constructor(
    private readonly docker: Docker,
    readonly id: string,
    public name: string,
    /** Undefined while the sandbox waits in the pool. */
    public taskId: string | undefined,
  ) {
    this.container = docker.getContainer(id);
  }

  /** Short form for messages, like `docker ps` shows. */
  get label(): string {
    return `${this.name} (${this.id.slice(0, 12)})`;
  }

  /**
   * Runs a command. The agent's go through the sandbox's command runner, which forks them
   * in place; root's (setup, housekeeping) and any when the runner cannot start are a docker exec each.
   */
  async exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const runner = (options.user ?? 'agent') === 'agent' ? await this.commandRunner() : undefined;
    return runner ? runner.run(command, options) : runExec(this.docker, this.container, command, options);
  }

  /** Closes the command runner now, before something ends it from inside; the next agent command starts another. */
  dropCommandRunner(): void {
    void this.runner?.then((runner) => runner?.close());
    this.runner = undefined;
  }

  /** Starts the command runner ahead of the agent's first command. */
  warmUp(): void {
    void this.commandRunner();
  }

  private commandRunner(): Promise<CommandRunner | undefined> {
    if (this.runnerUnavailable) return Promise.resolve(undefined);
    if (this.runner === undefined) {
      // A runner that ends (its channel broke, or something outside killed it) is started again on next use.
      const runner: Promise<CommandRunner | undefined> = CommandRunner.start(this.docker, this.container, () => {
        if (this.runner === runner) this.runner = undefined;
      }).catch(() => {
        // Commands still work, each as its own docker exec, only slower.
        this.runnerUnavailable = true;
        if (this.runner === runner) this.runner = undefined;
        return undefined;
      });
      this.runner = runner;
    }
    return this.runner;
  }

  /** Writes files and directories (absolute paths) in one archive upload, keeping their owners. */
  async putFiles(files: readonly SandboxFile[]): Promise<void> {
    if (files.length === 0) return;
    await this.upload(packFiles(files), `${files.length} file(s)`);
  }

  /** Copies a local file (a git bundle, typically) into the sandbox without reading it into memory. */
  async copyBundleIn(localPath: string, containerPath: string, owner: SandboxUser = 'agent'): Promise<void> {
    await this.upload(await packLocalFile(localPath, containerPath, owner), `${localPath} as ${containerPath}`);
  }

  private async upload(tar: NodeJS.ReadableStream, what: string): Promise<void> {
    try {
      // copyUIDGID keeps the tar's owners; without it Docker makes everything root's.
      await this.container.putArchive(tar, { path: '/', copyUIDGID: '1' });
    } catch (error) {
      throw new Error(`Could not copy ${what} into sandbox ${this.label}: ${errorText(error)}. Check that the sandbox still exists and has free disk space`, { cause: error });
    }
  }

  /** The raw tar Docker returns for a path (a file or a whole directory). */
  async getArchive(containerPath: string): Promise<NodeJS.ReadableStream> {
    try {
      return await this.container.getArchive({ path: containerPath });
    } catch (error) {
      if (statusCode(error) === 404) {
        throw new Error(`Nothing at ${containerPath} in sandbox ${this.label}: check the path`, { cause: error });
      }
      throw new Error(`Could not read ${containerPath} from sandbox ${this.label}: ${errorText(error)}`, { cause: error });
    }
  }

  async getFile(containerPath: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): Promise<Buffer> {
    return readSingleFile(await this.getArchive(containerPath), `${containerPath} in sandbox ${this.label}`, maxBytes);
  }

  /** Streams one file of at most maxBytes out of the sandbox to a new local file (an existing one is never overwritten). */
  async copyFileOut(containerPath: string, localPath: string, maxBytes: number): Promise<void> {
    await extractSingleFile(await this.getArchive(containerPath), `${containerPath} in sandbox ${this.label}`, localPath, maxBytes);
  }

  /**
   * Detaches the sandbox from every network, leaving only loopback: no egress, no
   * other sandboxes, no host. Called before the agent phase unless agent network is on.
   */
  async disconnectNetwork(): Promise<string[]> {
    const info = await this.container.inspect();
    const networks = Object.keys(info.NetworkSettings.Networks ?? {});
    for (const network of networks) {
      try {
        await this.docker.getNetwork(network).disconnect({ Container: this.id, Force: true });
      } catch (error) {
        throw new Error(`Could not detach sandbox ${this.label} from network ${network}: ${errorText(error)}. Remove the sandbox rather than run the agent with network`, { cause: error });
      }
    }
    const after = await this.container.inspect();
    const left = Object.keys(after.NetworkSettings.Networks ?? {});
    if (left.length > 0) {
      throw new Error(`Sandbox ${this.label} is still attached to ${left.join(', ')} after disconnecting. Remove the sandbox rather than run the agent with network`);
    }
    // Docker's resolver is gone with the network, and glibc would retry it for ~20 s on
    // every lookup; loopback refuses at once, so tools fail fast and say why.
    // Written in place: the file is a bind mount Docker manages, so it cannot be replaced.
    const resolver = await this.exec(['sh', '-c', 'printf %s "$1" > /etc/resolv.conf', 'codebay-resolv', OFFLINE_RESOLV_CONF], {
      user: 'root',
      cwd: '/',
      timeoutMs: 10_000,
    });
    if (resolver.exitCode !== 0) {
      throw new Error(`Could not point /etc/resolv.conf of sandbox ${this.label} at loopback (exit ${resolver.exitCode}); name lookups will hang for ~20 s each. Check the sandbox is running`);
    }
    return networks;
  }

  /** Applies limits to the running container (used when a pooled container is claimed). */
  async applyLimits(limits: SandboxLimits): Promise<void> {
    try {
      await this.container.update(limitsHostConfig(limits));
    } catch (error) {
      throw new Error(`Could not apply limits to sandbox ${this.label}: ${errorText(error)}. Lower the memory/CPU/process limits or check the engine supports live updates`, { cause: error });
    }
  }

  /** Gives a pooled container to a task: renamed so the reaper can tell whose it was. */
  async assignTask(taskId: string): Promise<void> {
    const name = taskContainerName(taskId);
    await this.container.rename({ name });
    this.name = name;
    this.taskId = taskId;
  }

  async isRunning(): Promise<boolean> {
    try {
      return (await this.container.inspect()).State.Running;
    } catch (error) {
      if (statusCode(error) === 404) return false;
      throw error;
    }
  }

  async stop(timeoutSeconds = 2): Promise<void> {
    try {
      await this.container.stop({ t: timeoutSeconds });
    } catch (error) {
      // 304: already stopped; 404: already gone. Both are what the caller wanted.
      if (statusCode(error) !== 304 && statusCode(error) !== 404) throw error;
    }
  }

  async remove(): Promise<void> {
    void this.runner?.then((runner) => runner?.close());
    try {
      await this.container.remove({ force: true, v: true });
    } catch (error) {
      // 409: a removal is already under way.
      if (statusCode(error) !== 404 && statusCode(error) !== 409) {
        throw new Error(`Could not remove sandbox ${this.label}: ${errorText(error)}. Remove it with \`docker rm -f ${this.id.slice(0, 12)}\``, { cause: error });
      }
    }
  }
}
