import { useCallback, useEffect, useRef, useState } from 'react';
import type { SetupTestResult } from '../../../shared/protocol';
import { bridge } from '../bridge';
import { errorField, errorMessage } from '../ui/errorMessage';
import type { SetupTestParams } from './environmentDraft';

/** The log a page holds for one test; the engine returns the end of a longer one with the result. */
const LOG_KEPT_CHARS = 256 * 1024;

export type SetupTestState =
  | { status: 'idle' }
  | { status: 'running'; since: number }
  | { status: 'done'; result: SetupTestResult }
  | { status: 'failed'; message: string; field: string | undefined };

/** A fresh id for a test's pushed output (crypto.randomUUID needs a secure context, which a custom scheme may not be). */
function newRunId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function keepEnd(text: string): string {
  return text.length > LOG_KEPT_CHARS ? text.slice(-LOG_KEPT_CHARS) : text;
}

/** Runs "Test setup" for a form: its state, its live log, and start and stop. */
export function useSetupTest(environmentId: string | null) {
  const [state, setState] = useState<SetupTestState>({ status: 'idle' });
  const [log, setLog] = useState('');
  const runId = useRef<string | null>(null);

  useEffect(
    () =>
      bridge.subscribe(['environment.setupOutput'], (event) => {
        if (event.runId === runId.current) setLog((current) => keepEnd(current + event.text));
      }),
    [],
  );
  // A test left running when the form closes is stopped, so its sandbox goes at once.
  useEffect(
    () => () => {
      if (runId.current) void bridge.call('environments.stopSetupTest', { runId: runId.current }).catch(() => undefined);
    },
    [],
  );

  const start = useCallback(
    async (params: SetupTestParams): Promise<SetupTestState> => {
      const id = newRunId();
      runId.current = id;
      setLog('');
      setState({ status: 'running', since: Date.now() });
      let ended: SetupTestState;
      try {
        const result = await bridge.call('environments.testSetup', { ...params, runId: id, ...(environmentId ? { id: environmentId } : {}) });
        // The returned log is whole where pushed pieces may have been missed (a reconnect).
        setLog(result.output);
        ended = { status: 'done', result };
      } catch (error) {
        ended = { status: 'failed', message: errorMessage(error), field: errorField(error) };
      }
      if (runId.current === id) {
        runId.current = null;
        setState(ended);
      }
      return ended;
    },
    [environmentId],
  );

  const stop = useCallback(() => {
    if (runId.current) void bridge.call('environments.stopSetupTest', { runId: runId.current }).catch(() => undefined);
  }, []);

  return { state, log, start, stop };
}
