// NVIDIA GPUs through one long-lived nvidia-smi stream; per-process GPU memory feeds the
// process groups.
import { createGpuCollector, type GpuCollector } from '../collectors/gpu';
import type { CoreModule, ModuleContext } from '../module';

export interface GpuModule extends CoreModule {
  readonly gpu: GpuCollector;
}

export function gpuModule(ctx: ModuleContext): GpuModule {
  const gpu = createGpuCollector({ intervalMs: ctx.config.sampling.gpu });
  return { name: 'gpu', gpu, collectors: [gpu] };
}
