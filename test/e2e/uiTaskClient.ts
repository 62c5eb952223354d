import { WebSocket } from 'ws';
import type { TaskStatus } from '../../shared/events.js';
import type { MethodName, MethodParams, MethodResult, PushFrame, ReplyFrame } from '../../shared/protocol.js';
import type { TaskView } from '../../shared/types.js';
import type { ServeProcess } from '../support/serveProcess.js';

/**
 * The protocol spoken from the test itself, as the UI speaks it: tests set up
 * environments and tasks this way so they depend only on the task view under test.
 */
export class ProtocolClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly rowListeners = new Set<(task: TaskView) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ReplyFrame | PushFrame;
      if ('event' in frame) {
        if (frame.event.type === 'task.updated') for (const listener of this.rowListeners) listener(frame.event.task);
        return;
      }
      const waiter = this.pending.get(frame.id);
      if (!waiter) return;
      this.pending.delete(frame.id);
      if ('error' in frame) waiter.reject(new Error(`${frame.error.code}: ${frame.error.message}`));
      else waiter.resolve(frame.result);
    });
  }

  static connect(serve: ServeProcess): Promise<ProtocolClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { origin: serve.origin });
      socket.once('open', () => resolve(new ProtocolClient(socket)));
      socket.once('error', reject);
    });
  }

  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as MethodResult<M>), reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /**
   * Resolves with the task once its status is one of `statuses`: as it is now, or as the
   * engine pushes its row on every status change (the push the UI's list lives on).
   */
  waitForStatus(id: string, statuses: TaskStatus[], timeoutMs = 60_000): Promise<TaskView> {
    return new Promise((resolve, reject) => {
      let last: TaskView | undefined;
      const end = (): void => {
        clearTimeout(timer);
        this.rowListeners.delete(seen);
      };
      const seen = (task: TaskView): void => {
        if (task.id !== id) return;
        last = task;
        if (!statuses.includes(task.status)) return;
        end();
        resolve(task);
      };
      const timer = setTimeout(() => {
        end();
        reject(new Error(`task ${id} is still ${last?.status ?? 'unread'} after ${timeoutMs} ms (wanted ${statuses.join('/')}); error: ${last?.error ?? 'none'}`));
      }, timeoutMs);
      // Listening before reading, so a change between the two is not missed.
      this.rowListeners.add(seen);
      this.call('tasks.get', { id }).then(
        ({ task }) => seen(task),
        (error: unknown) => {
          end();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  close(): void {
    this.socket.close();
  }
}
