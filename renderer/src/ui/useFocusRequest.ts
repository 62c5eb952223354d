import { type RefObject, useEffect, useRef } from 'react';
import { type FocusTarget, useFocusRequests } from '../state/focusRequests';

/** Focuses `ref` whenever a shortcut requests `target` (not on mount). */
export function useFocusRequest(target: FocusTarget, ref: RefObject<HTMLElement | null>): void {
  const counter = useFocusRequests((state) => state.counters[target]);
  const seen = useRef(counter);
  useEffect(() => {
    if (counter === seen.current) return;
    seen.current = counter;
    ref.current?.focus();
  }, [counter, ref]);
}
