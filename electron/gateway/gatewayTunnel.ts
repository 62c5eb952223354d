import { Duplex, Writable } from 'node:stream';
import type Docker from 'dockerode';
import { errorText } from '../errors.js';
import { RunnerFrameReader, type RunnerFrame } from '../sandbox/runnerFrames.js';
import { execUser } from '../sandbox/users.js';
import { GATEWAY_TUNNEL_SCRIPT } from './tunnelScript.js';

const HEADER_BYTES = 9;
const MAX_FRAME_PAYLOAD = 1024 * 1024;
const TUNNEL_KINDS: ReadonlySet<string> = new Set(['h', 'c', 'd', 'f']);
const READY_TIMEOUT_MS = 15_000;
const SCRIPT_VARIABLE = 'CODEBAY_GATEWAY_TUNNEL';

/** Where agent CLIs in a sandbox find the model gateway. */
export const GATEWAY_PORT = 8377;
export const GATEWAY_BASE_URL = `http://127.0.0.1:${GATEWAY_PORT}/v1`;

/**
 * The engine's end of the gateway's door in one sandbox (tunnelScript.ts): every connection
 * a CLI opens to 127.0.0.1:8377 in there becomes a stream here, handed to `accept`.
 */
export class GatewayTunnel {
  private readonly connections = new Map<number, Duplex>();
  // Only root's script writes this channel; a frame it cannot have sent means the channel broke.
  private readonly reader = new RunnerFrameReader(
    (frame) => this.onFrame(frame),
    () => this.close(),
    TUNNEL_KINDS,
  );
  private closed = false;

  private constructor(
    private readonly channel: Duplex,
    private readonly accept: (connection: Duplex) => void,
  ) {}

  /** Starts the door (as root, so the agent cannot reach its channel) and waits until it listens. */
  static async open(docker: Docker, container: Docker.Container, accept: (connection: Duplex) => void): Promise<GatewayTunnel> {
    const exec = await container.exec({
      Cmd: ['python3', '-c', `import os; exec(os.environ.pop('${SCRIPT_VARIABLE}'))`, String(GATEWAY_PORT)],
      User: execUser('root'),
      WorkingDir: '/',
      Env: [`${SCRIPT_VARIABLE}=${GATEWAY_TUNNEL_SCRIPT}`],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const channel = await exec.start({ hijack: true, stdin: true });
    const tunnel = new GatewayTunnel(channel, accept);
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const listening = new Promise<void>((resolve, reject) => {
      tunnel.onListening = resolve;
      timer = setTimeout(() => reject(new Error(`it did not report listening within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      channel.once('close', () => reject(new Error(`it ended first${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-1)[0]}` : ''}`)));
    });
    docker.modem.demuxStream(channel, sink((chunk) => tunnel.reader.push(chunk)), sink((chunk) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000))));
    channel.once('close', () => tunnel.close());
    channel.once('error', () => tunnel.close());
    try {
      await listening;
      clearTimeout(timer);
    } catch (error) {
      tunnel.close();
      clearTimeout(timer);
      throw new Error(`The model gateway could not open in sandbox ${container.id.slice(0, 12)} on 127.0.0.1:${GATEWAY_PORT}: ${errorText(error)}. Retry the task`, { cause: error });
    }
    return tunnel;
  }

  private onListening: (() => void) | undefined;

  /** Ends every connection and the door itself; the script exits when its stdin closes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.connections.values()) connection.destroy();
    this.connections.clear();
    this.channel.end();
    this.channel.destroy();
  }

  private onFrame({ kind, id, payload }: RunnerFrame): void {
    if (kind === 'h') this.onListening?.();
    else if (kind === 'c') this.opened(id);
    else if (kind === 'd') this.connections.get(id)?.push(Buffer.from(payload));
    else if (kind === 'f') this.connections.get(id)?.push(null);
  }

  private opened(id: number): void {
    const send = (kind: string, payload: Buffer = Buffer.alloc(0)): void => {
      if (this.closed) return;
      const header = Buffer.alloc(HEADER_BYTES);
      header.write(kind, 0, 'latin1');
      header.writeUInt32BE(id, 1);
      header.writeUInt32BE(payload.length, 5);
      this.channel.write(Buffer.concat([header, payload]));
    };
    const connection = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        for (let at = 0; at < chunk.length; at += MAX_FRAME_PAYLOAD) send('d', chunk.subarray(at, at + MAX_FRAME_PAYLOAD));
        callback();
      },
      final(callback) {
        send('f');
        callback();
      },
      destroy: (error, callback) => {
        if (this.connections.delete(id)) send('f');
        callback(error);
      },
    });
    connection.once('finish', () => this.connections.delete(id));
    this.connections.set(id, connection);
    this.accept(connection);
  }
}

function sink(onChunk: (chunk: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      onChunk(chunk);
      callback();
    },
  });
}
