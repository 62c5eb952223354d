import { describe, expect, it } from 'vitest';
import { BatchedText } from '../../electron/tasks/batchedText.js';
import { withSecretChanges } from '../../electron/tasks/setupTrial.js';

describe('a setup test’s secrets: the saved ones with the form’s changes', () => {
  it('keeps saved values, replaces changed ones, adds new ones and drops removed ones', () => {
    expect(withSecretChanges({ KEEP: 'k-value', CHANGE: 'old-value', DROP: 'd-value' }, { CHANGE: 'new-value', DROP: null, ADD: 'a-value' })).toEqual({
      KEEP: 'k-value',
      CHANGE: 'new-value',
      ADD: 'a-value',
    });
  });

  it('removing a secret that was never saved is no error', () => {
    expect(withSecretChanges({}, { GONE: null })).toEqual({});
  });
});

describe('output passed on in batches', () => {
  it('gathers the pieces of one moment into one batch and keeps the whole text', async () => {
    const batches: string[] = [];
    const text = new BatchedText((batch) => batches.push(batch), 1000, 20);
    text.add('a');
    text.add('b');
    text.add('');
    expect(batches).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(batches).toEqual(['ab']);
    text.add('c');
    text.flush();
    expect(batches).toEqual(['ab', 'c']);
    text.flush();
    expect(batches).toEqual(['ab', 'c']);
    expect(text.text).toBe('abc');
  });

  it('keeps only the end of a long text, and says that the start was cut', () => {
    const batches: string[] = [];
    const text = new BatchedText((batch) => batches.push(batch), 10);
    for (let i = 0; i < 100; i++) text.add(`${i % 10}`);
    text.flush();
    expect(batches.join('')).toHaveLength(100);
    expect(text.text).toBe('[… earlier output cut; the last 10 characters follow]\n0123456789');
  });
});
