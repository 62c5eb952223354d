import { vi } from 'vitest';

/**
 * Resolves with the first truthy result of `probe`, asked every 50 ms: for
 * conditions nothing announces (Docker state, another process's writes). A
 * task of this engine is better waited on with the waits in taskWait.ts.
 */
export function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (!value) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      return value;
    },
    { timeout: timeoutMs, interval: 50 },
  );
}
