// The demo assistant's logs, shaped like the reference design's: tracing-subscriber JSON lines
// (`timestamp`, `level`, `fields.message` and the event's fields, `target`, `threadId`,
// `filename`, `line_number`) in a file rolled daily as tracing-appender does,
// `assistant.log.YYYY-MM-DD` (UTC dates).
import { mkdirSync, createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export type DemoLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface DemoLogEvent {
  level: DemoLevel;
  message: string;
  target: string;
  fields?: Record<string, string | number | boolean>;
}

/** Where each target "lives" in the imaginary Rust source, for filename/line_number. */
const SOURCES: Record<string, [string, number]> = {
  'assistant::http': ['src/http/server.rs', 118],
  'assistant::voice': ['src/voice/pipeline.rs', 64],
  'assistant::knowledge': ['src/knowledge/search.rs', 92],
  'assistant::plugins': ['src/plugins/runner.rs', 41],
  'assistant::chat': ['src/chat/mod.rs', 57],
};

export class DailyJsonLog {
  private stream: WriteStream | null = null;
  private day = '';

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** The file for a day: `assistant.log.2026-11-27`. */
  fileFor(t: number): string {
    return join(this.dir, `assistant.log.${new Date(t).toISOString().slice(0, 10)}`);
  }

  write(event: DemoLogEvent): void {
    const t = this.now();
    const day = new Date(t).toISOString().slice(0, 10);
    if (day !== this.day) {
      // A new day: a new file; the old stream flushes what it holds and closes.
      this.stream?.end();
      this.stream = createWriteStream(this.fileFor(t), { flags: 'a' });
      this.day = day;
    }
    const [filename, line] = SOURCES[event.target] ?? ['src/main.rs', 1];
    const record = {
      timestamp: new Date(t).toISOString(),
      level: event.level,
      fields: { message: event.message, ...event.fields },
      target: event.target,
      threadId: `ThreadId(${1 + Math.floor(Math.random() * 8)})`,
      filename,
      line_number: line,
    };
    this.stream!.write(`${JSON.stringify(record)}\n`);
  }

  close(): Promise<void> {
    const s = this.stream;
    this.stream = null;
    return new Promise((resolve) => (s ? s.end(resolve) : resolve()));
  }
}
