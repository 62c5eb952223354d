import { describe, expect, it } from 'vitest';
import { repairConversation } from '../../electron/agent/conversation.js';
import { ChatToolCallAssembler, type ToolCallDelta } from '../../electron/agent/model/chatToolCalls.js';

function assemble(deltas: ToolCallDelta[]): ReturnType<ChatToolCallAssembler['finish']> {
  const assembler = new ChatToolCallAssembler();
  for (const delta of deltas) assembler.add(delta);
  return assembler.finish();
}

describe('ChatToolCallAssembler', () => {
  it('joins arguments split over chunks, keyed by index, with calls interleaved', () => {
    expect(
      assemble([
        { index: 0, id: 'a', function: { name: 'shell', arguments: '' } },
        { index: 1, id: 'b', function: { name: 'update_plan', arguments: '{"pl' } },
        { index: 0, function: { arguments: '{"command":' } },
        { index: 1, function: { arguments: 'an":[]}' } },
        { index: 0, function: { arguments: '["ls"]}' } },
      ]),
    ).toEqual([
      { callId: 'a', name: 'shell', arguments: '{"command":["ls"]}' },
      { callId: 'b', name: 'update_plan', arguments: '{"plan":[]}' },
    ]);
  });

  it('tells calls apart by id when a server reuses index 0 for each', () => {
    expect(
      assemble([
        { index: 0, id: 'a', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
        { index: 0, id: 'b', function: { name: 'shell', arguments: '{"command":["pwd"]}' } },
      ]).map((call) => call.callId),
    ).toEqual(['a', 'b']);
  });

  it('copes with calls that have no index, arguments sent as an object, and a name sent twice', () => {
    expect(
      assemble([
        { function: { name: 'shell', arguments: { command: ['ls'] } } },
        { function: { name: 'update_plan', arguments: '{"plan":[]}' } },
        { index: 5, id: 'c', function: { name: 'shell' } },
        { index: 5, function: { name: 'shell', arguments: '{}' } },
      ]),
    ).toEqual([
      { callId: undefined, name: 'shell', arguments: '{"command":["ls"]}' },
      { callId: undefined, name: 'update_plan', arguments: '{"plan":[]}' },
      { callId: 'c', name: 'shell', arguments: '{}' },
    ]);
  });

  it('drops empty deltas that make no call', () => {
    expect(assemble([{ index: 0 }])).toEqual([]);
  });
});

describe('repairConversation', () => {
  it('answers calls left without a result and drops results of no call', () => {
    const repaired = repairConversation([
      { role: 'user', text: 'go' },
      { role: 'tool_call', callId: 'a', name: 'shell', arguments: '{}' },
      { role: 'tool_call', callId: 'b', name: 'shell', arguments: '{}' },
      { role: 'tool_result', callId: 'b', output: 'fine' },
      { role: 'tool_result', callId: 'ghost', output: 'orphan' },
      { role: 'user', text: 'again' },
      { role: 'tool_call', callId: 'c', name: 'shell', arguments: '{}' },
    ]);
    expect(repaired.map((item) => (item.role === 'tool_result' ? `result ${item.callId}` : item.role))).toEqual([
      'user', 'tool_call', 'tool_call', 'result b', 'result a', 'user', 'tool_call', 'result c',
    ]);
  });
});
