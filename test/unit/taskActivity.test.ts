import { describe, expect, it } from 'vitest';
import { activityText } from '../../electron/tasks/taskActivity.js';

describe('the step an agent event starts', () => {
  it('names the command a shell runs, as typed, cut to its first line', () => {
    expect(activityText({ type: 'exec.begin', callId: 'c1', command: ['bash', '-lc', 'pytest -q'], cwd: '/workspace' })).toBe('running `pytest -q`');
    expect(activityText({ type: 'exec.begin', callId: 'c2', command: ['bash', '-lc', 'cd src\nmake'], cwd: '/workspace' })).toBe('running `cd src`');
    expect(activityText({ type: 'exec.begin', callId: 'c3', command: ['bash', '-lc', 'x'.repeat(300)], cwd: '/workspace' })?.length).toBeLessThan(135);
  });

  it('names the file an edit changed, and how many more', () => {
    expect(activityText({ type: 'patch.applied', callId: 'p1', ok: true, files: ['shop/cart.py'] })).toBe('editing cart.py');
    expect(activityText({ type: 'patch.applied', callId: 'p2', ok: true, files: ['a.py', 'b.py', 'c.py'] })).toBe('editing a.py and 2 more');
    expect(activityText({ type: 'patch.applied', callId: 'p3', ok: false, files: ['a.py'], error: 'no match' })).toBe('thinking');
  });

  it('is thinking while the model writes or reasons, and starts no step for other events', () => {
    expect(activityText({ type: 'agent.delta', text: 'So' })).toBe('thinking');
    expect(activityText({ type: 'agent.reasoning', text: 'Hm' })).toBe('thinking');
    expect(activityText({ type: 'exec.end', callId: 'c1', exitCode: 0, durationMs: 5, timedOut: false })).toBe('thinking');
    expect(activityText({ type: 'usage', inputTokens: 1, outputTokens: 1 })).toBeUndefined();
  });
});
