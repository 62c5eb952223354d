/**
 * The words of a POSIX shell line that uses quoting only, as Codex prints the argv of its
 * commands (`/bin/bash -lc 'ls -a'`). Undefined when a quote or an escape is left open.
 */
export function shellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line.charAt(i);
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (char === '"') {
      const quoted = doubleQuoted(line, i + 1);
      if (quoted === undefined) return undefined;
      word += quoted.text;
      i = quoted.end;
      inWord = true;
    } else if (char === '\\') {
      if (i + 1 >= line.length) return undefined;
      i += 1;
      // A backslash before a newline joins the lines; before anything else it quotes that character.
      if (line.charAt(i) !== '\n') word += line.charAt(i);
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

// Inside double quotes a backslash escapes only $ ` " \ and newline; elsewhere it stays as is.
function doubleQuoted(line: string, start: number): { text: string; end: number } | undefined {
  let text = '';
  for (let i = start; i < line.length; i += 1) {
    const char = line.charAt(i);
    if (char === '"') return { text, end: i };
    if (char === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line.charAt(i + 1))) {
      i += 1;
      if (line.charAt(i) !== '\n') text += line.charAt(i);
    } else {
      text += char;
    }
  }
  return undefined;
}
