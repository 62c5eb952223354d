import { z } from 'zod';
import { runApplyPatch } from '../applyPatchTool.js';
import { defineTool } from '../tool.js';

export const applyPatch = defineTool({
  name: 'apply_patch',
  description: [
    'Edits files with a patch. Every change applies, or none does. The input is:',
    '*** Begin Patch',
    '*** Add File: path/new.py        (then every line of the new file, each starting with +)',
    '*** Delete File: path/old.py',
    '*** Update File: path/app.py',
    '*** Move to: path/renamed.py     (optional, right after Update File)',
    '@@ def handler():                (optional anchor: a line near the change, to find the right place)',
    ' context line (starts with a space)',
    '-removed line',
    '+added line',
    '*** End of File                  (optional, after a hunk that must match the end of the file)',
    '*** End Patch',
    'Paths are relative to the workspace root. Give about 3 lines of unchanged context before and after each change, ',
    'copied exactly; add @@ anchors when the context alone appears more than once. Several files and hunks may go in one patch.',
  ].join('\n'),
  args: z.object({
    input: z
      .string()
      .min(1, 'input must hold the whole patch, from *** Begin Patch to *** End Patch')
      .describe('The entire patch, from *** Begin Patch to *** End Patch.'),
  }),
  // Ask and Review keep no change, so they offer no way to write files.
  offeredIn: (mode) => mode.keepsChanges,
  emits: ['patch.applied'],
  notOffered: 'apply_patch is not available in this read-only task; files must not be changed.',
  run: (args, context, callId) => runApplyPatch(callId, args.input, context),
});
