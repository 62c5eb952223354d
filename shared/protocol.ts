import { z } from 'zod';
import type { DoctorReport } from './types.js';

/**
 * The one contract between the engine and every shell. Each method names the
 * schema its params must pass at the edge and, in MethodResults, what it returns.
 */
export const paramSchemas = {
  'app.info': z.object({}).strict(),
  'doctor.run': z.object({}).strict(),
} as const satisfies Record<string, z.ZodType>;

export interface AppInfo {
  version: string;
  dataDir: string;
  sandboxImage: string;
  transport: 'ipc' | 'websocket';
}

export interface MethodResults {
  'app.info': AppInfo;
  'doctor.run': DoctorReport;
}

export type MethodName = keyof typeof paramSchemas & keyof MethodResults;
export type MethodParams<M extends MethodName> = z.input<(typeof paramSchemas)[M]>;
export type MethodResult<M extends MethodName> = MethodResults[M];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(paramSchemas, name);
}

/** Events pushed from the engine to every subscriber. */
export type AppEvent = { type: 'doctor.progress'; line: string };

/** WebSocket frames: a request, its reply, or a pushed event. */
export const requestFrameSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().min(1),
  params: z.unknown().optional(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export interface ErrorBody {
  message: string;
  code: 'invalid_params' | 'unknown_method' | 'failed' | 'bad_frame';
}

export type ReplyFrame = { id: number; result: unknown } | { id: number; error: ErrorBody };
export type PushFrame = { event: AppEvent };
