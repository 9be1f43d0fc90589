// Entry of the `assistant-monitor` command. Bad usage exits 2 with one line; a failure to start
// exits 1 with one line.
import { checkConfig, parseCheckConfigArgs } from './check-config';
import { demoAssistant, parseDemoArgs } from './demo-assistant';
import { serve, parseServeArgs, SERVE_USAGE } from './serve';
import { UsageError, wantsHelp } from './usage-error';

const USAGE = `usage: assistant-monitor <command> [options]

commands:
  serve [--host 127.0.0.1] [--port 8740] [--allow-host NAME]... [--config FILE] [--data-dir DIR] [--export]
        run the monitor with its web dashboard (assistant-monitor serve --help for details)
  demo-assistant [--port 8080] [--log-dir DIR] [--fault NAME]...
        run a demo AI assistant to watch (faults: slow-voice, error-burst, db-down, memory-leak, crash)
  check-config FILE
        print every problem in a config file (exit 1), or ok (exit 0)`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        if (wantsHelp(rest)) {
          console.log(SERVE_USAGE);
          return 0;
        }
        await serve(parseServeArgs(rest));
        return 0;
      case 'demo-assistant':
        await demoAssistant(parseDemoArgs(rest));
        return 0;
      case 'check-config':
        return checkConfig(parseCheckConfigArgs(rest));
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; try assistant-monitor --help`);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`assistant-monitor: ${message}`);
    return err instanceof UsageError ? 2 : 1;
  }
}
