/** Epoch milliseconds with sub-millisecond precision: the clock the model server stamps requests with. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
