import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ProviderConfig } from '../config/provider.js';

/** Tokens counted by the gateway for one task's turn. */
export interface GatewayUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What one token lets a sandbox do: reach this provider, for this task's turn, while it runs. */
export interface GatewayGrant {
  taskId: string;
  turn: number;
  provider: ProviderConfig;
  onUsage: (usage: GatewayUsage) => void;
}

const TOKEN_PREFIX = 'cbgw-';

/**
 * The gateway's tokens. Each running CLI turn gets a random one; it is the only credential
 * that enters the sandbox, it names no provider and no key, and it stops working the moment
 * the turn ends (or another process restarts the engine: nothing is persisted).
 */
export class GatewayGrants {
  private readonly byToken = new Map<string, GatewayGrant>();

  grant(grant: GatewayGrant): string {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    this.byToken.set(token, grant);
    return token;
  }

  revoke(token: string): void {
    this.byToken.delete(token);
  }

  /** The grant of a presented token; compared in constant time so timing reveals nothing of live tokens. */
  find(presented: string): GatewayGrant | undefined {
    if (!presented.startsWith(TOKEN_PREFIX)) return undefined;
    const wanted = Buffer.from(presented);
    for (const [token, grant] of this.byToken) {
      const known = Buffer.from(token);
      if (known.length === wanted.length && timingSafeEqual(known, wanted)) return grant;
    }
    return undefined;
  }
}
