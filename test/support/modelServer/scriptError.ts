/** The script cannot answer a request; sent back as HTTP 500 so the failing test shows why. */
export class ScriptError extends Error {
  override name = 'ScriptError';
}
