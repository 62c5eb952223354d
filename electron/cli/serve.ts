import { Api } from '../api.js';
import { createApp } from '../app.js';
import { errorText } from '../errors.js';
import { rendererDistDir } from '../paths.js';
import { startServer } from '../serve.js';
import { parseCommandArgs, UsageError } from './usage.js';

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { port: { type: 'string' } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}"`);
  const app = createApp();
  await app.startEngine().catch((error: unknown) => {
    process.stderr.write(`codebay: tasks cannot run yet: ${errorText(error)}\n`);
  });
  const server = await startServer(new Api(app, 'websocket'), { port, staticDir: rendererDistDir() });
  process.stdout.write(`Codebay is serving on ${server.origin} (this machine only).\nOpen: ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await app.close();
  return 0;
}
