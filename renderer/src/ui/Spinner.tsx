/** A small rotating ring; decorative, so the surrounding text must say what is happening. */
export function Spinner({ size = 14, className }: { size?: number; className?: string }) {
  return <span className={className ? `spinner ${className}` : 'spinner'} style={{ width: size, height: size }} aria-hidden="true" />;
}
