import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// The renderer's only door to the engine: one call channel, one event channel.
type Reply = { result: unknown } | { error: { message: string; code: string; field?: string } };

contextBridge.exposeInMainWorld('codebay', {
  call: async (method: string, params: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke('codebay:call', method, params)) as Reply;
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code, field: reply.error.field });
    return reply.result;
  },
  /** The OS folder picker, for choosing a repository; null when the user cancels. */
  pickFolder: (): Promise<string | null> => ipcRenderer.invoke('codebay:pickFolder') as Promise<string | null>,
  subscribe: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on('codebay:event', forward);
    return () => {
      ipcRenderer.removeListener('codebay:event', forward);
    };
  },
});
