// Chat Completions frames carry only `data:`; Responses frames name their event too.
export function dataFrame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export function eventFrame(type: string, payload: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export const doneFrame = 'data: [DONE]\n\n';
