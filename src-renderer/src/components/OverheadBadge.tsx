// The monitor's own cost, always in view: CPU (in % of one core, averaged over the last minute by
// the self collector) and memory of all its processes.
import { useEffect, useState } from 'react';
import type { MonitorApi } from '../../../src-main/shared/api';
import { formatBytes } from '../format';

export function OverheadBadge({ api }: { api: MonitorApi }) {
  const [cost, setCost] = useState<{ cpu: number | null; rss: number | null }>({ cpu: null, rss: null });
  useEffect(
    () =>
      api.subscribe((e) => {
        if (e.type !== 'samples' || e.batch.collector !== 'self') return;
        const v = e.batch.values;
        setCost((c) => ({ cpu: v.assistant_monitor_cpu_ratio ?? c.cpu, rss: v.assistant_monitor_resident_memory_bytes ?? c.rss }));
      }),
    [api],
  );
  if (cost.cpu === null && cost.rss === null) return null;
  return (
    <span className="muted overhead" data-testid="overhead" title="CPU (average over the last minute, in % of one core) and memory of the monitor itself, all its processes">
      monitor: {cost.cpu === null ? '–' : `${(cost.cpu * 100).toFixed(2)} % CPU`} · {cost.rss === null ? '–' : formatBytes(cost.rss)}
    </span>
  );
}
