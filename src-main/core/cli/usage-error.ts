/** A bad command line: printed as one line, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Turns a node:util parseArgs error into one plain line. Its own wording for a flag given
 * without a value ("Option '--port <value>' argument missing", or three lines when the next
 * word is another flag) reads like a stack trace to users.
 */
export function argsError(err: unknown, hints: Record<string, string> = {}): UsageError {
  const message = (err as Error).message;
  const missing = /^Option '--([\w-]+)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(message);
  if (missing) {
    const flag = missing[1]!;
    return new UsageError(`--${flag} needs a value${hints[flag] ? `: ${hints[flag]}` : ''}`);
  }
  return new UsageError(message.split('\n')[0]!);
}

/** `--help` or `-h` anywhere among a command's arguments. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
