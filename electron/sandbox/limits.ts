import { availableParallelism } from 'node:os';

/** Resource limits of one sandbox; applied at creation and again when a pooled container is claimed. */
export interface SandboxLimits {
  memoryBytes: number;
  cpus: number;
  pids: number;
}

/**
 * Two CPUs at most, and always less than the whole host, so a runaway sandbox leaves the
 * engine, the UI and the other tasks a core (on 2 cores: 1; on 1 core: half).
 */
export function defaultCpus(hostCores: number = availableParallelism()): number {
  return hostCores > 1 ? Math.min(2, hostCores - 1) : 0.5;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  memoryBytes: 4 * 1024 ** 3,
  cpus: defaultCpus(),
  pids: 1024,
};

/** Docker refuses memory limits below 6 MiB; keep a margin so the sandbox can still run git. */
const MIN_MEMORY_BYTES = 64 * 1024 ** 2;

export function resolveLimits(partial: Partial<SandboxLimits> = {}): SandboxLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  if (!Number.isFinite(limits.memoryBytes) || limits.memoryBytes < MIN_MEMORY_BYTES) {
    throw new Error(`Sandbox memory limit ${limits.memoryBytes} bytes is too small: give at least ${MIN_MEMORY_BYTES} bytes (64 MiB)`);
  }
  if (!Number.isFinite(limits.cpus) || limits.cpus <= 0) {
    throw new Error(`Sandbox CPU limit ${limits.cpus} is not a positive number: give e.g. 2 for two CPUs`);
  }
  if (!Number.isInteger(limits.pids) || limits.pids < 16) {
    throw new Error(`Sandbox process limit ${limits.pids} is too small: give an integer of at least 16`);
  }
  return limits;
}

/** The HostConfig fields for the limits, usable both at create and with container.update. */
export function limitsHostConfig(limits: SandboxLimits): { Memory: number; MemorySwap: number; NanoCpus: number; PidsLimit: number } {
  return {
    Memory: limits.memoryBytes,
    // Equal to Memory: no swap on top, so the memory limit is a real ceiling.
    MemorySwap: limits.memoryBytes,
    NanoCpus: Math.round(limits.cpus * 1e9),
    PidsLimit: limits.pids,
  };
}
