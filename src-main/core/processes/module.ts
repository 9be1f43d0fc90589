// The assistant's processes (and, through the same /proc scan, the monitor's own tree): groups,
// per-process numbers and restarts, which also go out as events.
import { createProcessCollector, type ProcessCollector } from '../collectors/processes';
import { SELF_TARGET } from '../collectors/self';
import type { GpuCollector } from '../collectors/gpu';
import { jsonSection } from '../bundle/section';
import type { CoreModule, ModuleContext } from '../module';

export interface ProcessesModule extends CoreModule {
  /** null where processes cannot be watched (not Linux and nothing configured). */
  readonly tree: ProcessCollector | null;
}

export function processesModule(ctx: ModuleContext, options: { appPid: number; gpu: GpuCollector | null }): ProcessesModule {
  const targets = ctx.config.processes;
  const tree =
    process.platform === 'linux' || targets.length > 0
      ? createProcessCollector([...targets, { name: SELF_TARGET, pid: options.appPid }], {
          intervalMs: ctx.config.sampling.processes,
          gpuMemory: options.gpu ? () => options.gpu!.processMemory() : undefined,
        })
      : null;
  const stopForwarding = tree?.onRestart((restart) => ctx.events.emit({ type: 'restart', restart }));
  return {
    name: 'processes',
    tree,
    collectors: tree ? [tree] : [],
    api: {
      getProcesses: () => tree?.groups().filter((g) => g.target !== SELF_TARGET) ?? [],
      getRestarts: () => tree?.restarts() ?? [],
    },
    bundle: () => [
      jsonSection('assistant/processes.json', 'Watched process groups with every process: state, CPU, memory, threads, files', 'process collector', () => tree?.groups() ?? []),
      jsonSection('assistant/restarts.json', 'Restarts of watched processes with the kernel log lines about the old process', 'process collector', () => tree?.restarts() ?? []),
    ],
    stop: () => stopForwarding?.(),
  };
}
