import { ActionableError } from '../../errors.js';

/** Every failure of apply_patch; the message is written to be sent back to the model. */
export class PatchError extends ActionableError {
  constructor(what: string, fix: string, options?: { cause?: unknown }) {
    super(what, fix, options);
    this.name = 'PatchError';
  }
}

export class PatchParseError extends PatchError {
  constructor(
    readonly line: number,
    problem: string,
    readonly expected: string,
  ) {
    super(
      `Invalid patch at line ${line}: ${problem}`,
      `Expected ${expected}. Nothing was changed; resend the whole patch in the apply_patch format ` +
        '(*** Begin Patch, then *** Add File / *** Update File / *** Delete File sections, then *** End Patch)',
    );
    this.name = 'PatchParseError';
  }
}

export class PatchPathError extends PatchError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(
      `Refused path ${JSON.stringify(path)}: it ${problem}`,
      'Use a path relative to the workspace root, such as src/app.ts, that stays inside it and outside .git/',
    );
    this.name = 'PatchPathError';
  }
}

export class PatchApplyError extends PatchError {
  constructor(
    readonly path: string,
    what: string,
    fix: string,
    readonly hunk?: number,
    options?: { cause?: unknown },
  ) {
    super(what, fix, options);
    this.name = 'PatchApplyError';
  }
}

/** Quotes a line so whitespace differences (tabs, trailing spaces) stay visible. */
export function quote(text: string, max = 160): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
