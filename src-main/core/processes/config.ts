// The `processes` section of monitor.json: the assistant's processes to watch, each found one way.
import { z } from 'zod';
import { Problem, objectErrors, scalar } from '../../shared/schema-kit';
import type { ProcessTarget } from '../collectors/processes';
import { listSection } from '../config/section';
import { targetName } from '../config/values';

const WAYS = ['pidFile', 'process', 'cmdline', 'port'] as const;

const shape = {
  name: targetName(true),
  pidFile: scalar({ type: 'string', description: 'the file holding the process id' }, (raw) => {
    if (typeof raw !== 'string' || raw === '') throw new Problem('must be a file path');
    return raw;
  }).optional(),
  process: scalar({ type: 'string', description: 'process name as in /proc/PID/comm (1 to 15 characters)' }, (raw) => {
    if (typeof raw !== 'string' || raw === '' || raw.length > 15) throw new Problem('must be a process name of 1 to 15 characters (as in /proc/PID/comm)');
    return raw;
  }).optional(),
  cmdline: scalar({ type: 'string', description: 'regular expression over the command line' }, (raw) => {
    if (typeof raw !== 'string' || raw === '') throw new Problem('must be a regular expression');
    try {
      new RegExp(raw);
    } catch (err) {
      throw new Problem(`${JSON.stringify(raw)} is not a valid regular expression (${(err as Error).message})`);
    }
    return raw;
  }).optional(),
  port: scalar({ type: 'integer', description: 'TCP port the process listens on' }, (raw) => {
    if (!Number.isInteger(raw) || (raw as number) < 1 || (raw as number) > 65535) throw new Problem('must be a TCP port from 1 to 65535');
    return raw as number;
  }).optional(),
};

const processEntry: z.ZodType<ProcessTarget> = z
  .strictObject(shape, { error: objectErrors(shape, 'an object such as {"name": "assistant", "port": 8080}') })
  .check((ctx) => {
    const found = WAYS.filter((k) => ctx.value[k] !== undefined);
    if (found.length !== 1) {
      ctx.issues.push({ code: 'custom', message: `set exactly one of pidFile, process, cmdline or port (found ${found.length ? found.join(', ') : 'none'})`, input: ctx.value });
    }
  })
  .transform((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as ProcessTarget);

export const processesSection = listSection({
  key: 'processes',
  description: "The assistant's processes to watch, each with its children, found by one of pidFile, process, cmdline or port",
  what: 'process targets',
  entry: processEntry,
  duplicate: 'process target',
});
