import { WebSocket } from 'ws';
import type { TaskStatus } from '../../shared/events.js';
import type { MethodName, MethodParams, MethodResult, ReplyFrame } from '../../shared/protocol.js';
import type { TaskView } from '../../shared/types.js';
import type { ServeProcess } from '../support/serveProcess.js';

/**
 * The protocol spoken from the test itself, as the UI speaks it: tests set up
 * environments and tasks this way so they depend only on the task view under test.
 */
export class ProtocolClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ReplyFrame | { event: unknown };
      if ('event' in frame) return;
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

  /** Polls the task until its status is one of `statuses`. */
  async waitForStatus(id: string, statuses: TaskStatus[], timeoutMs = 60_000): Promise<TaskView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { task } = await this.call('tasks.get', { id });
      if (statuses.includes(task.status)) return task;
      if (Date.now() > deadline) throw new Error(`task ${id} is still ${task.status} after ${timeoutMs} ms (wanted ${statuses.join('/')}); error: ${task.error ?? 'none'}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  close(): void {
    this.socket.close();
  }
}
