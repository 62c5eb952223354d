import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EventBody } from '../../shared/events.js';
import type { CliStreamMapper, CliStreamOutcome } from '../../electron/agent/backends/cliStream.js';

/**
 * The captured streams under test/fixtures/cli-streams: real output of the real CLIs, run
 * against a scripted model on 127.0.0.1 (see the README there). Each ran in a temp git repo.
 */
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'cli-streams');

export function fixtureLines(name: string): string[] {
  return readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8').split('\n').filter((line) => line !== '');
}

/** Every outcome of a fixture, in order, as one mapper reads it line by line. */
export function play(mapper: CliStreamMapper, name: string): CliStreamOutcome[] {
  return fixtureLines(name).flatMap((line) => mapper.line(line));
}

export function eventsOf(outcomes: CliStreamOutcome[]): EventBody[] {
  return outcomes.flatMap((outcome) => (outcome.kind === 'event' ? [outcome.event] : []));
}

export function ofType<T extends EventBody['type']>(outcomes: CliStreamOutcome[], type: T): Extract<EventBody, { type: T }>[] {
  return eventsOf(outcomes).filter((event): event is Extract<EventBody, { type: T }> => event.type === type);
}

/** The turn's ending outcomes (finished, failed), which a correct mapper gives exactly once. */
export function endings(outcomes: CliStreamOutcome[]): CliStreamOutcome[] {
  return outcomes.filter((outcome) => outcome.kind === 'finished' || outcome.kind === 'failed');
}

export function sessions(outcomes: CliStreamOutcome[]): string[] {
  return outcomes.flatMap((outcome) => (outcome.kind === 'session' ? [outcome.id] : []));
}

/** A clock that moves 250 ms each time it is read, for durations the CLI does not report. */
export function steppingClock(): () => number {
  let now = 1_000_000;
  return () => (now += 250);
}
