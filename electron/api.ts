import type { z } from 'zod';
import {
  type AppEvent,
  type ErrorBody,
  isMethodName,
  type MethodName,
  type MethodResult,
  paramSchemas,
} from '../shared/protocol.js';
import type { App } from './app.js';
import { errorText } from './errors.js';

type Handlers = {
  [M in MethodName]: (params: z.output<(typeof paramSchemas)[M]>) => Promise<MethodResult<M>>;
};

export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export type EventListener = (event: AppEvent) => void;

/** Implements every protocol method; transports only move frames to and from here. */
export class Api {
  private readonly listeners = new Set<EventListener>();
  private readonly handlers: Handlers;

  constructor(
    private readonly app: App,
    transport: 'ipc' | 'websocket',
  ) {
    this.handlers = {
      'app.info': async () => ({
        version: app.version,
        dataDir: app.home,
        sandboxImage: app.imageTag,
        transport,
      }),
      'doctor.run': () => this.app.doctor(),
    };
  }

  async call(method: string, params: unknown): Promise<unknown> {
    if (!isMethodName(method)) {
      throw new ApiError({ code: 'unknown_method', message: `unknown method "${method}"; see shared/protocol.ts for the list` });
    }
    const parsed = paramSchemas[method].safeParse(params ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
      throw new ApiError({ code: 'invalid_params', message: `invalid params for ${method}: ${issues}` });
    }
    const handler = this.handlers[method] as (params: unknown) => Promise<unknown>;
    try {
      return await handler(parsed.data);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError({ code: 'failed', message: `${method} failed: ${errorText(error)}` });
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
