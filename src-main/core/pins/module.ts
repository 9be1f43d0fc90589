// Charts pinned from the metric explorer, kept in the data dir across restarts.
import type { CoreModule, ModuleContext } from '../module';
import { PinStore } from './store';

export function pinsModule(ctx: ModuleContext): CoreModule {
  const pins = new PinStore(ctx.dataDir, (line) => ctx.notices.push(line));
  return {
    name: 'pins',
    api: {
      listPins: () => pins.list(),
      addPin: (pin) => pins.add(pin),
      removePin: (id) => pins.remove(id),
    },
  };
}
