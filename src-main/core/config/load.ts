// Reading monitor.json from disk: a file that cannot be read or parsed means defaults, with the
// reason (and, for a syntax error, the line and column) as a problem.
import { readFileSync } from 'node:fs';
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
  } catch (err) {
    return { config: DEFAULT_CONFIG, problems: [`${file}: not valid JSON${where(text, (err as Error).message)}: ${reason((err as Error).message)}; running with defaults`] };
  }
  return validateConfig(raw, file);
}

/** ` at line L, column C` from the parser's offset, or '' when it gives none (end of input). */
function where(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return /end of JSON input/.test(message) ? ` at line ${text.split('\n').length}, column ${text.length - text.lastIndexOf('\n')}` : '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** The parser's words without its own position note, which `where` already gives. */
function reason(message: string): string {
  return message.replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '').trim();
}
