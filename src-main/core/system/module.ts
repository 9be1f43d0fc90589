// The machine: CPU, memory, load, disks, network, file systems and temperatures, plus the static
// facts read once at start (shown in the title bar).
import { cpus, hostname, release, totalmem, type } from 'node:os';
import type { MachineInfo } from '../../shared/api';
import type { Collector } from '../collector';
import { createSystemCollectors } from '../collectors/system';
import { jsonSection } from '../bundle/section';
import type { CoreModule, ModuleContext } from '../module';

export interface SystemModule extends CoreModule {
  readonly machine: MachineInfo;
}

/** `collectors` replaces the built-in ones (tests). */
export function systemModule(ctx: ModuleContext, collectors?: Collector[]): SystemModule {
  const { sampling } = ctx.config;
  const machine: MachineInfo = {
    os: `${type()} ${release()}`,
    kernel: release(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    totalMemoryBytes: totalmem(),
    hostname: hostname(),
  };
  return {
    name: 'system',
    machine,
    bundle: () => [jsonSection('system/machine.json', 'OS, kernel, CPU, memory and host of this machine', 'read at start', () => machine)],
    collectors: collectors ?? createSystemCollectors({ intervalMs: sampling.system, ioIntervalMs: sampling.io, fsIntervalMs: sampling.filesystems }),
    start() {
      // The distribution's name ("Debian GNU/Linux 12") needs systeminformation; once, in the background.
      import('systeminformation')
        .then((si) => si.osInfo())
        .then((o) => {
          if (o.distro) machine.os = `${o.distro}${o.release && o.release !== 'unknown' ? ` ${o.release}` : ''}`;
        })
        .catch(() => {});
    },
  };
}
