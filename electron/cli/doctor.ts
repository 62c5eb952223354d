import { withApp } from './context.js';
import { parseCommandArgs } from './usage.js';

export async function doctorCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } });
  return withApp(async (app) => {
    const report = await app.doctor();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      const lines = ['Codebay doctor'];
      for (const check of report.checks) {
        lines.push(`  ${check.ok ? (check.warning ? 'warn' : 'ok  ') : 'FAIL'}  ${check.label.padEnd(14)} ${check.detail}`);
        if (check.fix) lines.push(`        ${''.padEnd(14)} fix: ${check.fix}`);
      }
      lines.push(report.ok ? 'All checks passed.' : `${report.checks.filter((c) => !c.ok).length} problem(s) found.`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return report.ok ? 0 : 1;
  });
}
