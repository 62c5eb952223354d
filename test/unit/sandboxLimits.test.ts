import { describe, expect, it } from 'vitest';
import { defaultCpus, resolveLimits } from '../../electron/sandbox/limits.js';

describe('the default CPU limit of a sandbox', () => {
  it.each([
    [1, 0.5],
    [2, 1],
    [3, 2],
    [16, 2],
  ])('on %i host cores is %d, below the host\'s whole', (cores, cpus) => {
    expect(defaultCpus(cores)).toBe(cpus);
    expect(defaultCpus(cores)).toBeLessThan(cores);
  });

  it('is what a sandbox gets unless its environment says otherwise', () => {
    expect(resolveLimits().cpus).toBe(defaultCpus());
    expect(resolveLimits({ cpus: 3 }).cpus).toBe(3);
  });
});
