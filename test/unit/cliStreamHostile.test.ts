import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/events.js';
import type { CliStreamMapper, CliStreamOutcome } from '../../electron/agent/backends/cliStream.js';
import { ClaudeStreamMapper } from '../../electron/agent/backends/claudeStream.js';
import { CodexStreamMapper } from '../../electron/agent/backends/codexStream.js';
import { OpencodeStreamMapper } from '../../electron/agent/backends/opencodeStream.js';
import { fixtureLines } from './cliStreamFixture.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const CLIS: { name: string; make: () => CliStreamMapper; fixtures: string[] }[] = [
  { name: 'codex', make: () => new CodexStreamMapper(), fixtures: ['codex-tools', 'codex-http500', 'codex-midfail', 'codex-retry', 'codex-resume'] },
  {
    name: 'claude',
    make: () => new ClaudeStreamMapper(),
    fixtures: ['claude-tools', 'claude-http500', 'claude-http400', 'claude-midfail', 'claude-retry', 'claude-resume'],
  },
  {
    name: 'opencode',
    make: () => new OpencodeStreamMapper(),
    fixtures: ['opencode-tools', 'opencode-patch', 'opencode-http500', 'opencode-http400', 'opencode-midfail', 'opencode-resume'],
  },
];

/** Values that break naive code: edges of numbers, odd strings, wrong shapes. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', ' ', '\0', '\u202e', 'x'.repeat(100_000), '../../etc/passwd', 'Exit code 99999999999999999999\n', 0, -1, 1.5, -0, 1e308, true, false, null),
  fc.constantFrom('__proto__', 'constructor', 'toString', [], {}, [[]], { __proto__: { polluted: true } }),
  fc.jsonValue(),
);

const isCount = (value: number): boolean => Number.isInteger(value) && value >= 0;

/** What every outcome must hold whatever the input: the rest of Codebay trusts these fields. */
function wellFormed(outcome: CliStreamOutcome): boolean {
  if (outcome.kind === 'session') return typeof outcome.id === 'string';
  if (outcome.kind === 'finished') return typeof outcome.summary === 'string';
  if (outcome.kind === 'failed') return typeof outcome.error === 'string' && outcome.error !== '';
  const event: EventBody = outcome.event;
  switch (event.type) {
    case 'exec.begin':
      return event.command.length > 0 && event.command.every((word) => typeof word === 'string') && typeof event.cwd === 'string';
    case 'exec.end':
      return Number.isInteger(event.exitCode) && Number.isFinite(event.durationMs) && event.durationMs >= 0;
    case 'usage':
      return isCount(event.inputTokens) && isCount(event.outputTokens);
    case 'patch.applied':
      return event.files.every((file) => typeof file === 'string');
    case 'plan.updated':
      return event.plan.every((step) => typeof step.step === 'string' && ['pending', 'in_progress', 'completed'].includes(step.status));
    default:
      return true;
  }
}

/** The value at a path of a JSON object replaced; indices pick among the keys there. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  const [index, ...rest] = path;
  if (index === undefined || typeof value !== 'object' || value === null) return replacement;
  const copy: Record<string, unknown> = Array.isArray(value) ? { ...value } : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[index % keys.length] ?? '';
  copy[key] = mutate(copy[key], rest, replacement);
  return Array.isArray(value) ? Object.values(copy) : copy;
}

function readAll(mapper: CliStreamMapper, lines: string[]): CliStreamOutcome[] {
  return lines.flatMap((line) => mapper.line(line));
}

describe.each(CLIS)('$name stream reader on hostile input', ({ make, fixtures }) => {
  const lines = fixtures.flatMap((name) => fixtureLines(name));

  it('ignores what is not a JSON line of a known shape', () => {
    const mapper = make();
    for (const line of ['', '   ', 'not json', '{', '[]', 'null', '42', '"text"', '{}', '{"type":42}', '{"type":"no.such.type"}', 'WARNING: proceeding']) {
      expect(mapper.line(line)).toEqual([]);
    }
  });

  it('never throws on any string, and what it gives is well formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(make().line(text).every(wellFormed)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on real lines with any field replaced, after any prefix of a real run', () => {
    const parsed: unknown[] = lines.map((line) => JSON.parse(line));
    fc.assert(
      fc.property(
        fc.nat({ max: lines.length - 1 }),
        fc.integer({ min: 0, max: parsed.length - 1 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        oddValue,
        (prefix, pick, path, replacement) => {
          const mapper = make();
          const before = readAll(mapper, lines.slice(0, prefix));
          const after = mapper.line(JSON.stringify(mutate(parsed[pick], path, replacement)) ?? '');
          expect([...before, ...after].every(wellFormed)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
