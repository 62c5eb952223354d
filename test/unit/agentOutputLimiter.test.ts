import { describe, expect, it } from 'vitest';
import { OutputLimiter } from '../../electron/agent/tools/outputLimiter.js';

function numbered(count: number, prefix = 'line'): string {
  return Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}`).join('\n') + '\n';
}

function limit(text: string): string {
  const limiter = new OutputLimiter();
  limiter.push(text);
  return limiter.finish();
}

describe('OutputLimiter', () => {
  it('passes short output through unchanged', () => {
    expect(limit('hello\nworld\n')).toBe('hello\nworld');
    expect(limit('no newline at the end')).toBe('no newline at the end');
    expect(limit('')).toBe('');
  });

  it('keeps the first and last 128 lines of a long output and says what it left out', () => {
    const lines = limit(numbered(10_000)).split('\n');
    expect(lines).toHaveLength(257);
    expect(lines.slice(0, 128)).toEqual(Array.from({ length: 128 }, (_, i) => `line ${i + 1}`));
    expect(lines[128]).toMatch(/^\[… 9,744 lines \(\d+\.\d KiB\) omitted of 10,000: lines 129–9,872 …\]$/);
    expect(lines.slice(129)).toEqual(Array.from({ length: 128 }, (_, i) => `line ${9_873 + i}`));
  });

  it('keeps to about 10 KiB when lines are long', () => {
    const wide = numbered(1_000, 'x'.repeat(190));
    const shown = limit(wide);
    expect(Buffer.byteLength(shown)).toBeLessThanOrEqual(10 * 1024 + 200);
    const lines = shown.split('\n');
    expect(lines[0]).toBe(`${'x'.repeat(190)} 1`);
    expect(lines.at(-1)).toBe(`${'x'.repeat(190)} 1000`);
    const marker = lines.find((line) => line.startsWith('[…'));
    expect(marker).toMatch(/^\[… 9\d\d lines \(1\d\d\.\d KiB\) omitted of 1,000/);
  });

  it('gives the same result however the output is cut into chunks', () => {
    const text = numbered(600) + 'a last line without newline';
    const byChar = new OutputLimiter();
    for (const char of text) byChar.push(char);
    const byOddChunks = new OutputLimiter();
    for (let at = 0; at < text.length; at += 37) byOddChunks.push(text.slice(at, at + 37));
    expect(byChar.finish()).toBe(limit(text));
    expect(byOddChunks.finish()).toBe(limit(text));
    expect(limit(text).split('\n').at(-1)).toBe('a last line without newline');
  });

  it('keeps both ends of one huge line', () => {
    const shown = limit(`START${'=' .repeat(100_000)}END`);
    expect(shown.startsWith('START')).toBe(true);
    expect(shown.endsWith('END')).toBe(true);
    expect(shown).toMatch(/characters of this line omitted/);
    expect(shown.length).toBeLessThan(2_200);
  });

  it('holds a bounded amount however much is pushed', () => {
    const limiter = new OutputLimiter();
    const chunk = numbered(10_000, 'some build output that keeps coming');
    for (let round = 0; round < 100; round += 1) limiter.push(chunk);
    expect(limiter.heldChars).toBeLessThan(12 * 1024);
    const oneLine = 'y'.repeat(1024 * 1024);
    for (let round = 0; round < 50; round += 1) limiter.push(oneLine);
    expect(limiter.heldChars).toBeLessThan(14 * 1024);
    const shown = limiter.finish();
    expect(shown).toMatch(/^some build output that keeps coming 1\n/);
    expect(shown).toMatch(/omitted of 1,000,001: lines 129–/);
    expect(shown).toMatch(/y+$/);
  });
});
