import type Docker from 'dockerode';
import { APP_LABEL_VALUE, LABEL } from './labels.js';

/**
 * The bridge network sandboxes use while their setup runs. Inter-container traffic is
 * off (enable_icc=false), so sandboxes cannot reach each other; egress goes through
 * Docker's NAT. The host stays reachable through the gateway address while a sandbox
 * is attached: blocking that needs host firewall rules Codebay does not own, which is
 * why the agent phase detaches from every network (see Sandbox.disconnectNetwork).
 */
export const SANDBOX_NETWORK = 'codebay-sandboxes';

function statusCode(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

export async function ensureSandboxNetwork(docker: Docker, name: string = SANDBOX_NETWORK): Promise<string> {
  try {
    await docker.getNetwork(name).inspect();
    return name;
  } catch (error) {
    if (statusCode(error) !== 404) throw error;
  }
  try {
    await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      // Without it Docker accepts a second network of the same name when two engines race.
      CheckDuplicate: true,
      Labels: { [LABEL.app]: APP_LABEL_VALUE },
      Options: { 'com.docker.network.bridge.enable_icc': 'false' },
    });
  } catch (error) {
    if (statusCode(error) !== 409) {
      throw new Error(`Could not create the sandbox network ${name}: ${(error as Error).message}. Check that Docker has a free address pool (docker network ls / prune)`, { cause: error });
    }
  }
  return name;
}
