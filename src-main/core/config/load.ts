// Reading monitor.json from disk: a file that cannot be read or parsed means defaults, with the
// reason (and, for a syntax error, the line and column) as a problem.
import { readFileSync } from 'node:fs';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { DEFAULT_CONFIG, validateConfig, type LoadedConfig } from './schema';

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { config: DEFAULT_CONFIG, problems: [`${file}: cannot read the config file (${code ?? (err as Error).message}); running with defaults`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { config: DEFAULT_CONFIG, problems: [`${file}: not valid JSON ${syntaxError(text)}; running with defaults`] };
  }
  return validateConfig(raw, file);
}

/**
 * `at line L, column C: reason` for the first syntax error. JSON.parse's own message sometimes
 * quotes the whole file and gives no position, so a parser that reports offsets finds it.
 */
function syntaxError(text: string): string {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return 'at line 1, column 1: the file is not a JSON document';
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `at line ${line}, column ${column}: ${REASONS[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error)}`;
}

const REASONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected }',
  CloseBracketExpected: 'expected ]',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unfinished comment',
  UnexpectedEndOfString: 'unfinished string',
  UnexpectedEndOfNumber: 'unfinished number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};
