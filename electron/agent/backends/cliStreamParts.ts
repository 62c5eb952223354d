import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import type { EventBody, PlanStepStatus } from '../../../shared/events.js';
import { WORKSPACE_DIR } from '../../sandbox/containerConfig.js';
import type { CliStreamOutcome } from './cliStream.js';

export interface CliStreamOptions {
  /** Where the CLI runs (the sandbox's workspace); file paths inside it are shown relative to it. */
  cwd?: string;
  /**
   * Put before every call id. CLIs reuse ids from one run to the next (Codex numbers its items
   * anew in every process), so each mapper gets its own tag and a task's calls never collide.
   */
  callIdTag?: string;
  /** The clock for durations the CLI does not report; tests pass their own. */
  now?: () => number;
}

export const DEFAULT_CWD = WORKSPACE_DIR;

export function newCallIdTag(): string {
  return randomBytes(4).toString('hex');
}

/**
 * The line as the schema reads it, or undefined for anything else: not JSON, or a shape the
 * mapper has no use for. A CLI's output is untrusted, so nothing here may throw.
 */
export function readJsonLine<S extends z.ZodType>(text: string, schema: S): z.output<S> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A file as the task shows it: relative to the workspace when inside it, absolute otherwise. */
export function workspacePath(cwd: string, file: string): string {
  const absolute = path.posix.resolve(cwd, file);
  const relative = path.posix.relative(cwd, absolute);
  return relative === '' || relative === '..' || relative.startsWith('../') ? absolute : relative;
}

/** A command the CLI ran as one shell line. */
export function shellLine(command: string): string[] {
  return ['bash', '-lc', command];
}

export function planStatus(status: string): PlanStepStatus {
  return status === 'in_progress' || status === 'completed' ? status : 'pending';
}

export function event(body: EventBody): CliStreamOutcome {
  return { kind: 'event', event: body };
}

/** The text, unless it says nothing. */
export function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** Whole milliseconds from start to end; never negative, whatever clocks the CLI used. */
export function elapsedMs(start: number, end: number): number {
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, Math.round(end - start)) : 0;
}
