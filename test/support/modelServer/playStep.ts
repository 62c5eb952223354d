import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendAnswer } from './answer.js';
import { sendCutOff, sendGarbage, sendHttpFault } from './faults.js';
import { planAnswer, type CallIds } from './plan.js';
import type { ModelRequestBody, Step, Wire } from './types.js';

export interface PlayContext {
  wire: Wire;
  body: ModelRequestBody;
  /** The step's index in the script. */
  index: number;
  callIds: CallIds;
  /** Aborted when the server closes, so a delayed step does not outlive it. */
  closing: AbortSignal;
}

const cutOffText = 'This answer is cut off before it ends, as a scripted fault.';

export async function playStep(res: ServerResponse, step: Step, context: PlayContext): Promise<void> {
  const { wire, body, index, callIds } = context;
  if (step.delayMs !== undefined && step.delayMs > 0) {
    try {
      await sleep(step.delayMs, undefined, { signal: context.closing });
    } catch {
      return;
    }
  }
  switch (step.fault) {
    case undefined:
      sendAnswer(res, wire, planAnswer(step, body, callIds, index), body);
      return;
    case 'http':
      sendHttpFault(res, step, index);
      return;
    case 'stall':
    case 'drop': {
      const content = step.text === undefined && step.toolCalls === undefined ? { ...step, text: cutOffText } : step;
      await sendCutOff(res, step, wire, planAnswer(content, body, callIds, index), body);
      return;
    }
    case 'garbage':
      sendGarbage(res, wire, body);
      return;
  }
}
