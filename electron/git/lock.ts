const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `work` after every earlier call with the same key has settled. Git takes
 * ref and pack locks per repository and fails rather than waits when two
 * commands collide, so ref-writing work on one mirror goes through here.
 */
export function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
