// Child process for the crash test: the real core writing 200 series at 20 Hz into a history
// file until it is killed. Bundled by the test with Vite.
import { DEFAULT_CONFIG } from '../../../src-main/core/config/schema';
import { createCore } from '../../../src-main/core/create-core';
import { wideCollector } from '../../support/wide-collector';

const core = createCore({ collectors: [wideCollector(200)], config: DEFAULT_CONFIG, historyFile: process.argv[2]! });
core.start();
process.stdout.write('ready\n');
// The core's timers do not hold the process open (a server does that in `serve`); this does.
setInterval(() => {}, 1 << 30);
