// The `sampling` section of monitor.json: how often each group of collectors samples, and how
// slowly the fast ones go while nobody watches.
import { scalar, Problem, show } from '../../shared/schema-kit';
import { fieldsSection } from './section';
import { durationBetween, readDuration } from './values';

export interface Sampling {
  system: number;
  io: number;
  filesystems: number;
  processes: number;
  gpu: number;
  /** Interval of the fast collectors while nobody watches; null keeps their own rate. */
  idleIntervalMs: number | null;
}

export const DEFAULT_SAMPLING: Sampling = { system: 1000, io: 5000, filesystems: 30_000, processes: 1000, gpu: 1000, idleIntervalMs: 5000 };

const interval = (what: string, dflt: string) => durationBetween(`${what} (default ${dflt})`, 500, 600_000);

const shape = {
  system: interval('CPU, memory, load and uptime', '1s'),
  io: interval('disks, network and temperatures', '5s'),
  filesystems: interval('file system usage', '30s'),
  processes: interval('watched processes', '1s'),
  gpu: interval('GPUs', '1s'),
  idleInterval: scalar({ type: ['string', 'number'], description: 'while no window or browser is open, the 1-second groups slow to this (default 5s); 0 keeps the full rate' }, (raw) => {
    if (raw === 0 || raw === false) return null;
    const ms = readDuration(raw);
    if (ms < 1000 || ms > 300_000) throw new Problem(`${show(raw)} must be between 1s and 5m (or 0 to keep full rate)`);
    return ms;
  }),
};

export const samplingSection = fieldsSection({
  key: 'sampling',
  description: 'Sampling interval per collector group',
  shape,
  example: '{"system": "1s", "idleInterval": "5s"}',
  default: DEFAULT_SAMPLING,
  apply: (value, field, parsed) => (field === 'idleInterval' ? { ...value, idleIntervalMs: parsed as number | null } : { ...value, [field]: parsed as number }),
});
