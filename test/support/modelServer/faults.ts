import type { ServerResponse } from 'node:http';
import { answerBody, answerFrames } from './answer.js';
import type { AnswerPlan } from './plan.js';
import { errorBody, flushed, openEventStream, sendJson } from './reply.js';
import type { DropFaultStep, HttpFaultStep, ModelRequestBody, StallFaultStep, Wire } from './types.js';

export function sendHttpFault(res: ServerResponse, step: HttpFaultStep, index: number): void {
  const headers: Record<string, string> = {};
  if (step.retryAfter !== undefined) headers['retry-after'] = String(step.retryAfter);
  if (typeof step.body === 'string') {
    res.writeHead(step.status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(step.body);
    return;
  }
  const rateLimited = step.status === 429;
  const body =
    step.body ??
    errorBody(
      `scripted fault at step ${index}: HTTP ${step.status}`,
      rateLimited ? 'requests' : 'server_error',
      rateLimited ? 'rate_limit_exceeded' : null,
    );
  sendJson(res, step.status, body, headers);
}

/**
 * Starts a proper answer and stops partway: a stream after `afterChunks` frames, a plain
 * response after half its body. The last frame is never sent, so the answer is always incomplete.
 */
export async function sendCutOff(
  res: ServerResponse,
  step: StallFaultStep | DropFaultStep,
  wire: Wire,
  plan: AnswerPlan,
  body: ModelRequestBody,
): Promise<void> {
  if (body.stream === true) {
    const frames = answerFrames(wire, plan, body);
    openEventStream(res);
    for (const frame of frames.slice(0, Math.min(step.afterChunks ?? 2, frames.length - 1))) res.write(frame);
  } else {
    const json = JSON.stringify(answerBody(wire, plan));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(json.slice(0, Math.floor(json.length / 2)));
  }
  await flushed(res);
  // A stall leaves the socket open on purpose: the server's close() ends it.
  if (step.fault === 'drop') res.destroy();
}

export function sendGarbage(res: ServerResponse, wire: Wire, body: ModelRequestBody): void {
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('<html><body>upstream answered something that is not JSON {"choices": [');
    return;
  }
  openEventStream(res);
  if (wire === 'chat') {
    res.write('data: {"id":"chatcmpl-garbage","object":"chat.completion.chunk","choices":[{"delta":{"cont\n\n');
    res.write('data: not json at all\n\n');
    res.end('data: [DONE]\n\n');
  } else {
    res.write('event: response.created\ndata: {"type":"response.created","respo\n\n');
    res.end('event: response.completed\ndata: not json at all\n\n');
  }
}
