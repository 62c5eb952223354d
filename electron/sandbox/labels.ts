import { randomBytes } from 'node:crypto';
import os from 'node:os';

/** Labels on every container Codebay creates; the reaper finds them by APP. */
export const LABEL = {
  app: 'dev.codebay.app',
  task: 'dev.codebay.task',
  instance: 'dev.codebay.instance',
  pool: 'dev.codebay.pool',
  pid: 'dev.codebay.pid',
  host: 'dev.codebay.host',
} as const;

export const APP_LABEL_VALUE = 'codebay';

/** Docker's rule for container names, which carry the task id of claimed pool containers. */
const TASK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const POOL_NAME_PREFIX = 'codebay-pool-';
const TASK_NAME_PREFIX = 'codebay-task-';
const SUFFIX_LENGTH = 8;

export function assertTaskId(taskId: string): void {
  if (!TASK_ID_PATTERN.test(taskId)) {
    throw new Error(
      `Task id "${taskId}" cannot name a sandbox container: use letters, digits, '_', '.' or '-', starting with a letter or digit`,
    );
  }
}

export interface SandboxLabelInput {
  instanceId: string;
  /** Empty while the container waits in the pool. */
  taskId: string;
  pooled: boolean;
}

export function sandboxLabels(input: SandboxLabelInput): Record<string, string> {
  return {
    [LABEL.app]: APP_LABEL_VALUE,
    [LABEL.task]: input.taskId,
    [LABEL.instance]: input.instanceId,
    [LABEL.pool]: input.pooled ? '1' : '0',
    // Let a reaper in another Codebay process tell a live owner from a dead one.
    [LABEL.pid]: String(process.pid),
    [LABEL.host]: os.hostname(),
  };
}

function suffix(): string {
  return randomBytes(SUFFIX_LENGTH).toString('hex').slice(0, SUFFIX_LENGTH);
}

export function poolContainerName(): string {
  return `${POOL_NAME_PREFIX}${suffix()}`;
}

/**
 * Docker cannot relabel a container, so a pooled container claimed by a task is
 * renamed to carry the task id; the reaper reads it back with taskIdFromName.
 */
export function taskContainerName(taskId: string): string {
  assertTaskId(taskId);
  return `${TASK_NAME_PREFIX}${taskId}-${suffix()}`;
}

export function taskIdFromName(name: string): string | undefined {
  const bare = name.startsWith('/') ? name.slice(1) : name;
  if (!bare.startsWith(TASK_NAME_PREFIX)) return undefined;
  const rest = bare.slice(TASK_NAME_PREFIX.length);
  const cut = rest.length - SUFFIX_LENGTH - 1;
  if (cut <= 0 || rest[cut] !== '-') return undefined;
  return rest.slice(0, cut);
}

/** The task a container belongs to: its label when created for a task, else its claimed name. */
export function taskIdOfContainer(labels: Record<string, string> | undefined, names: readonly string[]): string | undefined {
  const labelled = labels?.[LABEL.task];
  if (labelled) return labelled;
  for (const name of names) {
    const fromName = taskIdFromName(name);
    if (fromName) return fromName;
  }
  return undefined;
}
