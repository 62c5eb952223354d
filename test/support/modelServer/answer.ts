import type { ServerResponse } from 'node:http';
import { chatCompletion, chatCompletionFrames } from './chatWire.js';
import type { AnswerPlan } from './plan.js';
import { openEventStream, sendJson } from './reply.js';
import { responseBody, responseFrames } from './responsesWire.js';
import type { ModelRequestBody, Wire } from './types.js';

export function answerBody(wire: Wire, plan: AnswerPlan): unknown {
  return wire === 'chat' ? chatCompletion(plan) : responseBody(plan);
}

export function answerFrames(wire: Wire, plan: AnswerPlan, body: ModelRequestBody): string[] {
  return wire === 'chat'
    ? chatCompletionFrames(plan, body.stream_options?.include_usage === true)
    : responseFrames(plan);
}

export function sendAnswer(res: ServerResponse, wire: Wire, plan: AnswerPlan, body: ModelRequestBody): void {
  if (body.stream !== true) {
    sendJson(res, 200, answerBody(wire, plan));
    return;
  }
  openEventStream(res);
  for (const frame of answerFrames(wire, plan, body)) res.write(frame);
  res.end();
}
