// Child process for the crash test: the real core writing 200 series at 20 Hz into a history
// file until it is killed. Bundled by the test with Vite.
import type { Collector } from '../../../src-main/core/collector';
import { DEFAULT_CONFIG } from '../../../src-main/core/config';
import { createCore } from '../../../src-main/core/monitor-service';

let n = 0;
const wide: Collector = {
  name: 'wide',
  intervalMs: 50,
  timeoutMs: 40,
  series: () => [],
  sample: () => {
    n++;
    return Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`load_${i}`, (n * (i + 1)) % 1000]));
  },
};
const core = createCore({ collectors: [wide], config: DEFAULT_CONFIG, historyFile: process.argv[2]! });
core.start();
process.stdout.write('ready\n');
// The core's timers do not hold the process open (a server does that in `serve`); this does.
setInterval(() => {}, 1 << 30);
