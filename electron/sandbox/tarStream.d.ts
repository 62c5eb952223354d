// tar-stream ships without types; this declares the part of its 2.x API Codebay uses.
declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';

  export interface Headers {
    name: string;
    size?: number;
    mode?: number;
    mtime?: Date;
    type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo' | 'contiguous-file' | 'pax-header' | 'pax-global-header' | 'gnu-long-link-path' | 'gnu-long-path' | null;
    uid?: number;
    gid?: number;
    uname?: string;
    gname?: string;
    linkname?: string | null;
  }

  export interface Pack extends Readable {
    entry(headers: Headers, buffer?: string | Buffer, callback?: (error?: Error | null) => void): Writable;
    entry(headers: Headers, callback: (error?: Error | null) => void): Writable;
    finalize(): void;
  }

  export interface Extract extends Writable {
    on(event: 'entry', listener: (headers: Headers, stream: Readable, next: (error?: Error) => void) => void): this;
    on(event: string, listener: (...args: never[]) => void): this;
  }

  export function pack(): Pack;
  export function extract(): Extract;

  const tarStream: { pack: typeof pack; extract: typeof extract };
  export default tarStream;
}
