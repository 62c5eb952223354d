import { makeRepo } from './gitFixture.js';

export const BUGGY_CALC = 'def add(a, b):\n    return a - b\n';

/** A tiny Python project with a failing test, the classic first task. */
export function makeCalcRepo(dir: string): string {
  return makeRepo(dir, {
    'calc.py': BUGGY_CALC,
    'test_calc.py': [
      'import unittest',
      'from calc import add',
      '',
      'class AddTest(unittest.TestCase):',
      '    def test_add(self):',
      '        self.assertEqual(add(2, 3), 5)',
      '',
      "if __name__ == '__main__':",
      '    unittest.main()',
      '',
    ].join('\n'),
    'AGENTS.md': '# Working here\nRun the tests with `python3 -m unittest -q`.\n',
  });
}

export const FIX_CALC_PATCH = [
  '*** Begin Patch',
  '*** Update File: calc.py',
  '@@ def add(a, b):',
  '-    return a - b',
  '+    return a + b',
  '*** End Patch',
].join('\n');

/** The usual follow-ups on the fixed calc: a docstring for add, then a sub function. */
export const DOCSTRING_PATCH = ['*** Begin Patch', '*** Update File: calc.py', '@@ def add(a, b):', '+    """Return the sum of a and b."""', '     return a + b', '*** End Patch'].join('\n');
export const SUBTRACT_PATCH = ['*** Begin Patch', '*** Update File: calc.py', '@@', '     return a + b', '+', '+def sub(a, b):', '+    return a - b', '*** End Patch'].join('\n');
