/**
 * Splits a command line the way a POSIX shell splits words, without running a shell: whitespace
 * separates words; single quotes keep everything literally; double quotes keep everything but `\"`,
 * `\\`, `\$` and `` \` `` escapes; a backslash outside quotes escapes the next character. No expansion of
 * variables, globs or substitutions happens, so `--upstream-command` cannot inject shell syntax.
 */
import { LockdownError } from '../errors.ts';

export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string))
        word += line[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length)
        throw new LockdownError('ERR_INVALID_OPTION', 'command line ends with a lone backslash');
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== null)
    throw new LockdownError('ERR_INVALID_OPTION', `command line has an unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}
