import { shortcutLabel } from './keys';

/** A key or chord as the user presses it on this platform. */
export function Kbd({ keys }: { keys: string }) {
  return <kbd className="kbd">{shortcutLabel(keys)}</kbd>;
}
