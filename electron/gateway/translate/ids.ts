import { randomUUID } from 'node:crypto';

/** An id in the style of the API it is for, e.g. `resp_…`, `call_…`, `toolu_…`, `chatcmpl-…`. */
export function newId(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '')}`;
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Hands out call ids that are unique within one answer. Clients match tool
 * results to calls by id, so a missing id gets a new one and a repeated id
 * (some servers reuse one for every call) gets a new one too.
 */
export class UniqueCallIds {
  private readonly used = new Set<string>();

  constructor(private readonly prefix: string) {}

  take(id: string | undefined): string {
    const unique = id === undefined || id === '' || this.used.has(id) ? newId(this.prefix) : id;
    this.used.add(unique);
    return unique;
  }
}
