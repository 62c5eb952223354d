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

export interface Bridge {
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
  readonly transport: 'ipc' | 'websocket';
  /** The OS folder picker where the shell has one (Electron); undefined in a browser. */
  readonly pickFolder: (() => Promise<string | null>) | undefined;
}

function typed(raw: RawBridge, transport: Bridge['transport']): Bridge {
  return {
    transport,
    call: async (method, params) => (await raw.call(method, params)) as MethodResult<typeof method>,
    subscribe: (listener) => raw.subscribe((event) => listener(event as AppEvent)),
    pickFolder: raw.pickFolder,
  };
}

/** Speaks the protocol over the serve mode's WebSocket, reconnecting when it drops. */
function webSocketBridge(): RawBridge {
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
      const frame = JSON.parse(message.data) as ReplyFrame | PushFrame;
      if ('event' in frame) {
        for (const listener of listeners) listener(frame.event);
        return;
      }
      const waiter = pending.get(frame.id);
      if (!waiter) return;
      pending.delete(frame.id);
      if ('error' in frame) waiter.reject(Object.assign(new Error(frame.error.message), { code: frame.error.code }));
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

export const bridge: Bridge = window.codebay ? typed(window.codebay, 'ipc') : typed(webSocketBridge(), 'websocket');
