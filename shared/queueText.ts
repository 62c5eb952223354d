export interface QueuePlace {
  /** 1 for the next to start. */
  position: number;
  running: number;
  limit: number;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** "Queued · 3rd in line (2 running of 2 allowed)". */
export function queueText(place: QueuePlace): string {
  return `Queued · ${ordinal(place.position)} in line (${place.running} running of ${place.limit} allowed)`;
}
