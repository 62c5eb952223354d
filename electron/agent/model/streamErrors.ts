/** The stream went silent for longer than the idle timeout, so it was aborted. */
export class StreamIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(`the stream sent nothing for ${(idleMs / 1000).toFixed(1)} s`);
    this.name = 'StreamIdleError';
  }
}

/** The stream closed before the answer's final event: the connection was dropped or cut. */
export class StreamIncompleteError extends Error {
  constructor(finalEvent: string) {
    super(`the stream ended before the answer was complete (no ${finalEvent} arrived)`);
    this.name = 'StreamIncompleteError';
  }
}

/** The server reported a failure inside a stream that had started well. */
export class StreamFailedError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'StreamFailedError';
  }
}
