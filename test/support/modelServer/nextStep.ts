import { errorText } from '../../../electron/errors.js';
import { ScriptError } from './scriptError.js';
import type { RecordedRequest, Script, Step } from './types.js';

export async function nextStep(script: Script, request: RecordedRequest, index: number): Promise<Step> {
  if (typeof script !== 'function') {
    const step = script[index];
    if (step === undefined) {
      throw new ScriptError(
        `model server script has no step ${index}: it has ${script.length} step(s), numbered from 0. ` +
          `Add a step for this request, or find out why the engine sent one request more than expected`,
      );
    }
    return step;
  }
  let step: unknown;
  try {
    step = await script(request, index);
  } catch (error) {
    throw new ScriptError(`model server step function threw at step ${index}: ${errorText(error)}. Fix the test's step function`);
  }
  if (typeof step !== 'object' || step === null) {
    throw new ScriptError(
      `model server step function returned ${String(step)} at step ${index}. Return a step object such as { text: '…' }`,
    );
  }
  return step as Step;
}
