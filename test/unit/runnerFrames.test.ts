import { describe, expect, it } from 'vitest';
import { RunnerFrameReader, type RunnerFrame } from '../../electron/sandbox/runnerFrames.js';

function frame(kind: string, id: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.write(kind, 0, 'latin1');
  header.writeUInt32BE(id, 1);
  header.writeUInt32BE(payload.length, 5);
  return Buffer.concat([header, payload]);
}

function readAll(chunks: Buffer[]): RunnerFrame[] {
  const frames: RunnerFrame[] = [];
  const reader = new RunnerFrameReader(
    (f) => frames.push({ ...f, payload: Buffer.from(f.payload) }),
    (reason) => {
      throw new Error(`a well-formed stream was reported corrupt: ${reason}`);
    },
  );
  for (const chunk of chunks) reader.push(chunk);
  return frames;
}

describe('RunnerFrameReader', () => {
  const stream = Buffer.concat([
    frame('h', 0, Buffer.alloc(0)),
    frame('o', 7, Buffer.from('héllo\n')),
    frame('e', 4_294_967_295, Buffer.from([0, 255, 10])),
    frame('x', 7, Buffer.from('{"code":3}')),
  ]);
  const expected = [
    { kind: 'h', id: 0, payload: Buffer.alloc(0) },
    { kind: 'o', id: 7, payload: Buffer.from('héllo\n') },
    { kind: 'e', id: 4_294_967_295, payload: Buffer.from([0, 255, 10]) },
    { kind: 'x', id: 7, payload: Buffer.from('{"code":3}') },
  ];

  it('reads frames delivered in one chunk', () => {
    expect(readAll([stream])).toEqual(expected);
  });

  it('reads the same frames however the stream is cut, down to single bytes', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      expect(readAll([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(expected);
    }
    expect(readAll([...stream].map((byte) => Buffer.from([byte])))).toEqual(expected);
  });

  it('holds a frame back until its whole payload has arrived', () => {
    const big = frame('o', 1, Buffer.alloc(200_000, 'x'));
    const frames: RunnerFrame[] = [];
    const reader = new RunnerFrameReader(
      (f) => frames.push(f),
      (reason) => {
        throw new Error(`a well-formed stream was reported corrupt: ${reason}`);
      },
    );
    reader.push(big.subarray(0, 100_000));
    expect(frames).toHaveLength(0);
    reader.push(big.subarray(100_000));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.payload.length).toBe(200_000);
  });

  it.each([
    ['text written into the channel', Buffer.from('../../forged-commit-id\n')],
    ['an oversized frame that would hold every later byte back', frame('o', 1, Buffer.alloc(0)).fill(0xff, 5, 9)],
  ])('reports %s as corrupt at once, and reads nothing after it', (_name, junk) => {
    const frames: RunnerFrame[] = [];
    const reasons: string[] = [];
    const reader = new RunnerFrameReader(
      (f) => frames.push(f),
      (reason) => reasons.push(reason),
    );
    reader.push(Buffer.concat([frame('o', 1, Buffer.from('real\n')), junk]));
    reader.push(frame('x', 1, Buffer.from('{"code":0}')));
    expect(frames.map((f) => f.kind)).toEqual(['o']);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/a frame of kind 0x[0-9a-f]{2} announcing \d+ bytes/);
  });
});
