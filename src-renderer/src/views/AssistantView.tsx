// The assistant's own numbers: each scrape target's status and its preset panels (request rate,
// errors, latency, voice, search, activity), plus the charts pinned from the explorer.
import { useCallback, useEffect, useState } from 'react';
import type { DashboardPanel, MonitorApi, Pin, TargetStatus } from '../../../src-main/shared/api';
import { Panel } from '../components/Panel';
import { ProcessGroups } from '../components/ProcessGroups';
import { TargetStatusBar } from '../components/TargetStatusBar';

export function usePins(api: MonitorApi) {
  const [pins, setPins] = useState<Pin[]>([]);
  const reload = useCallback(() => {
    api.listPins().then(setPins, () => {});
  }, [api]);
  useEffect(reload, [reload]);
  return { pins, reload };
}

export function AssistantView({ api }: { api: MonitorApi }) {
  const [panels, setPanels] = useState<DashboardPanel[] | null>(null);
  const [targets, setTargets] = useState<TargetStatus[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const { pins, reload } = usePins(api);

  useEffect(() => {
    let active = true;
    const refreshTargets = () =>
      api.getTargets().then(
        (t) => {
          if (!active) return;
          setTargets(t);
          setNow(Date.now());
        },
        () => {},
      );
    api.getDashboard().then((p) => active && setPanels(p), () => {});
    void refreshTargets();
    const unsubscribe = api.subscribe((e) => {
      if (e.type === 'scraped' || (e.type === 'connection' && e.connected)) void refreshTargets();
    });
    const clock = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      active = false;
      clearInterval(clock);
      unsubscribe();
    };
  }, [api]);

  const removePin = (id: string) => {
    api.removePin(id).then(reload, () => {});
  };

  return (
    <>
      <ProcessGroups api={api} />
      <section className="card">
        <h2>Scrape targets</h2>
        <TargetStatusBar targets={targets} now={now} />
      </section>
      <div className="panels">
        {(panels ?? []).map((p) => (
          <Panel key={p.id} api={api} title={p.title} unit={p.unit} queries={p.queries} expects={p.expects} target={p.target} testId={`panel-${p.id}`} />
        ))}
      </div>
      {pins.length > 0 ? (
        <>
          <h2 className="section-title">Pinned from the explorer</h2>
          <div className="panels">
            {pins.map((pin) => (
              <Panel key={pin.id} api={api} title={pin.title} unit={pin.unit} queries={[{ expr: pin.expr, legend: pin.title }]} onRemove={() => removePin(pin.id)} testId={`pin-${pin.id}`} />
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}
