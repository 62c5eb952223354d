/** A command as a user would type it: `bash -lc "script"` shows the script. */
export function commandText(command: readonly string[]): string {
  const [program, flag, script] = command;
  if (command.length === 3 && script !== undefined && (program === 'bash' || program === 'sh') && (flag === '-lc' || flag === '-c')) return script;
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
