import { FIX_CALC_PATCH } from './calcRepo.js';
import type { StepFunction } from './modelServer/index.js';
import { answer, patch, resultsSinceLastPrompt, shell } from './scripts.js';

/** The fix plus a docstring: two lines added, one removed. */
export const FIX_WITH_DOCSTRING = ['*** Begin Patch', '*** Update File: calc.py', '@@ def add(a, b):', '+    """Adds a and b."""', '-    return a - b', '+    return a + b', '*** End Patch'].join('\n');

/**
 * Three attempts of one prompt, each taking a different road, in the order their first
 * requests arrive: one runs a command and then fixes the bug, one fixes it with a docstring,
 * one changes nothing.
 */
export function threeRoads(): StepFunction {
  let firsts = 0;
  return (request) => {
    const step = resultsSinceLastPrompt(request);
    if (step === 0) {
      const road = firsts++;
      if (road === 0) return shell(['echo', 'attempt-one']);
      if (road === 1) return patch(FIX_WITH_DOCSTRING);
      return answer('Nothing to change.');
    }
    if (step === 1 && JSON.stringify(request.body).includes('attempt-one')) return patch(FIX_CALC_PATCH);
    return answer('Done.');
  };
}
