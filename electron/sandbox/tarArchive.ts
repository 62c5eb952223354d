import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import type { Pack } from 'tar-stream';
import { ACCOUNTS } from './users.js';
import type { SandboxUser } from './users.js';

/** A file or directory to write into a sandbox; `path` is absolute inside the container. */
export interface SandboxFile {
  path: string;
  /** Omitted for a directory. */
  content?: string | Buffer;
  mode?: number;
  owner?: SandboxUser;
}

function entryName(absolute: string): string {
  if (!path.posix.isAbsolute(absolute)) {
    throw new Error(`Sandbox path "${absolute}" is relative: give an absolute path such as /workspace/file.txt`);
  }
  const normal = path.posix.normalize(absolute).replace(/^\/+/, '');
  if (!normal) throw new Error('Cannot write to the sandbox root itself: give a file or directory below /');
  return normal;
}

function ownerIds(owner: SandboxUser = 'root'): { uid: number; gid: number } {
  const { uid, gid } = ACCOUNTS[owner];
  return { uid, gid };
}

/** A tar of in-memory entries, rooted at / so it is put with putArchive({path: '/'}). */
export function packFiles(files: readonly SandboxFile[]): Pack {
  const pack = tarStream.pack();
  for (const file of files) {
    const isDirectory = file.content === undefined;
    pack.entry(
      {
        name: entryName(file.path),
        type: isDirectory ? 'directory' : 'file',
        mode: file.mode ?? (isDirectory ? 0o755 : 0o644),
        ...ownerIds(file.owner),
      },
      isDirectory ? undefined : file.content,
    );
  }
  pack.finalize();
  return pack;
}

/** A tar holding one local file, streamed from disk so large bundles never sit in memory. */
export async function packLocalFile(localPath: string, containerPath: string, owner: SandboxUser): Promise<Pack> {
  const { size } = await stat(localPath);
  const pack = tarStream.pack();
  const entry = pack.entry({ name: entryName(containerPath), type: 'file', size, mode: 0o644, ...ownerIds(owner) }, (error) => {
    if (error) pack.destroy(error);
    else pack.finalize();
  });
  createReadStream(localPath)
    .on('error', (error) => pack.destroy(error))
    .pipe(entry);
  return pack;
}

/**
 * Calls onFile with the archive's first entry when it is a regular file; getArchive puts
 * the requested path itself first, so a directory or link there is refused, not searched.
 */
function withSingleFile(
  tar: NodeJS.ReadableStream,
  what: string,
  onFile: (size: number, stream: Readable) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const extract = tarStream.extract();
    let seen = false;
    extract.on('entry', (header, stream: Readable, next) => {
      if (seen) {
        stream.on('end', () => next()).resume();
        return;
      }
      seen = true;
      if (header.type !== 'file') {
        reject(new Error(`${what} is not a regular file (it is a ${header.type ?? 'special entry'})`));
        stream.on('end', () => next()).resume();
        return;
      }
      onFile(header.size ?? 0, stream).then(
        () => next(),
        // Destroying the extractor also ends Docker's response through the pipeline.
        (error: unknown) => extract.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    });
    extract.on('finish', () => {
      if (seen) resolve();
      else reject(new Error(`${what} came back as an empty archive`));
    });
    pipeline(tar, extract).catch(reject);
  });
}

/** Reads a file from a getArchive tar, refusing to buffer more than maxBytes. */
export async function readSingleFile(tar: NodeJS.ReadableStream, what: string, maxBytes: number): Promise<Buffer> {
  let content = Buffer.alloc(0);
  await withSingleFile(tar, what, async (size, stream) => {
    if (size > maxBytes) {
      stream.resume();
      throw new Error(`${what} is ${size} bytes, more than the ${maxBytes} allowed: read it with getArchive instead`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    content = Buffer.concat(chunks);
  });
  return content;
}

/** Streams a file from a getArchive tar to localPath, refusing one of more than maxBytes before writing anything. */
export function extractSingleFile(tar: NodeJS.ReadableStream, what: string, localPath: string, maxBytes: number): Promise<void> {
  return withSingleFile(tar, what, async (size, stream) => {
    if (size > maxBytes) {
      stream.resume();
      throw new Error(`${what} is ${size} bytes, more than the ${maxBytes} allowed`);
    }
    await pipeline(stream, createWriteStream(localPath, { flags: 'wx', mode: 0o600 }));
  });
}
