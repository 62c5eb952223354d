import type Docker from 'dockerode';
import { APP_LABEL_VALUE, LABEL } from '../../electron/sandbox/labels.js';

export interface ContainerSummary {
  id: string;
  name: string;
  state: string;
}

/** Every container (running or not) Codebay made for one engine instance. */
export async function instanceContainers(docker: Docker, instanceId: string): Promise<ContainerSummary[]> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.app}=${APP_LABEL_VALUE}`, `${LABEL.instance}=${instanceId}`] },
  });
  return list.map((info) => ({ id: info.Id, name: (info.Names?.[0] ?? '').replace(/^\//, ''), state: info.State }));
}
