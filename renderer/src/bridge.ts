import type { AppEvent, MethodName, MethodParams, MethodResult, PushFrame, ReplyFrame } from '../../shared/protocol';

/** What Electron's preload exposes; in a browser the WebSocket client plays the same part. */
interface RawBridge {
  call(method: string, params: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
  /** Only in Electron: the OS folder picker. */
  pickFolder?: () => Promise<string | null>;
}

declare global {
  interface Window {
    codebay?: RawBridge;
  }
}

export type AppEventType = AppEvent['type'];

export interface Bridge {
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  /** Listens for the pushed events of the given types; returns the unsubscribe. */
  subscribe<T extends AppEventType>(types: readonly T[], listener: (event: Extract<AppEvent, { type: T }>) => void): () => void;
  readonly transport: 'ipc' | 'websocket';
  /** The OS folder picker where the shell has one (Electron); undefined in a browser. */
  readonly pickFolder: (() => Promise<string | null>) | undefined;
}

/** Every listener with the event types it asked for; one raw subscription serves them all. */
class Listeners {
  private readonly byType = new Map<string, Set<(event: AppEvent) => void>>();

  add(types: readonly AppEventType[], listener: (event: AppEvent) => void): () => void {
    for (const type of types) {
      let set = this.byType.get(type);
      if (!set) this.byType.set(type, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const type of types) this.byType.get(type)?.delete(listener);
    };
  }

  wants(type: string): boolean {
    return (this.byType.get(type)?.size ?? 0) > 0;
  }

  deliver(event: AppEvent): void {
    const set = this.byType.get(event.type);
    if (set) for (const listener of [...set]) listener(event);
  }
}

function typed(raw: RawBridge, transport: Bridge['transport'], listeners = new Listeners()): Bridge {
  // Subscribed once, for the page's lifetime.
  let subscribed = false;
  return {
    transport,
    call: async (method, params) => (await raw.call(method, params)) as MethodResult<typeof method>,
    subscribe: (types, listener) => {
      if (!subscribed) {
        raw.subscribe((event) => listeners.deliver(event as AppEvent));
        subscribed = true;
      }
      return listeners.add(types, listener as (event: AppEvent) => void);
    },
    pickFolder: raw.pickFolder,
  };
}

const PUSH_PREFIX = '{"event":{"type":"';

/**
 * The type of a pushed frame, read off its first bytes (the engine writes `{ event }` with the
 * type first), or null when the frame does not start that way and must be parsed to tell.
 */
function pushedType(data: string): string | null {
  if (!data.startsWith(PUSH_PREFIX)) return null;
  const end = data.indexOf('"', PUSH_PREFIX.length);
  return end === -1 ? null : data.slice(PUSH_PREFIX.length, end);
}

/**
 * Speaks the protocol over the serve mode's WebSocket, reconnecting when it drops. Pushed frames
 * of a type nobody listens for are dropped unparsed: every page gets every task's output, and the
 * task list, for one, reads none of it.
 */
function webSocketBridge(wanted: Listeners): RawBridge {
  const url = new URL('/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(event: unknown) => void>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;

  const connect = (): void => {
    socket = new WebSocket(url);
    opened = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('Cannot reach the Codebay engine: is `codebay serve` still running?')), { once: true });
    });
    opened.catch(() => undefined);
    socket.addEventListener('message', (message: MessageEvent<string>) => {
      const type = pushedType(message.data);
      if (type !== null && !wanted.wants(type)) return;
      const frame = JSON.parse(message.data) as ReplyFrame | PushFrame;
      if ('event' in frame) {
        for (const listener of listeners) listener(frame.event);
        return;
      }
      const waiter = pending.get(frame.id);
      if (!waiter) return;
      pending.delete(frame.id);
      if ('error' in frame) waiter.reject(Object.assign(new Error(frame.error.message), { code: frame.error.code, field: frame.error.field }));
      else waiter.resolve(frame.result);
    });
    socket.addEventListener('close', () => {
      for (const waiter of pending.values()) waiter.reject(new Error('The connection to the Codebay engine closed; retrying.'));
      pending.clear();
      setTimeout(connect, 1000);
    });
  };
  connect();

  return {
    call: async (method, params) => {
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function createBridge(): Bridge {
  if (window.codebay) return typed(window.codebay, 'ipc');
  const listeners = new Listeners();
  return typed(webSocketBridge(listeners), 'websocket', listeners);
}

export const bridge: Bridge = createBridge();
