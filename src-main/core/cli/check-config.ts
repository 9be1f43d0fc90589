// `assistant-monitor check-config FILE`: every problem in a config file, one per line, without
// starting anything. Exit 0 and "ok" when there is none.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load';
import { UsageError } from './usage-error';

export function parseCheckConfigArgs(argv: string[]): string {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  if (parsed.positionals.length !== 1) throw new UsageError('check-config needs exactly one file, e.g. assistant-monitor check-config monitor.json');
  return parsed.positionals[0]!;
}

/** Prints the problems (stdout, one per line) and returns the exit status. */
export function checkConfig(file: string): number {
  const { problems } = loadConfig(file);
  if (problems.length === 0) {
    console.log(`${file}: ok`);
    return 0;
  }
  for (const line of problems) console.log(line);
  return 1;
}
