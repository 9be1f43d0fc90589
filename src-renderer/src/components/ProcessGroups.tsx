// The assistant's processes: each watched group with its state, totals and per-process
// breakdown, and the restarts seen, with the kernel's word on why when it was readable.
import { useEffect, useState } from 'react';
import type { MonitorApi, ProcessGroupStatus, ProcessRestart } from '../../../src-main/shared/api';
import { formatBytes } from '../format';

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);

export function ProcessGroups({ api }: { api: MonitorApi }) {
  const [groups, setGroups] = useState<ProcessGroupStatus[]>([]);
  const [restarts, setRestarts] = useState<ProcessRestart[]>([]);
  useEffect(() => {
    let active = true;
    const load = () => {
      api.getProcesses().then((g) => active && setGroups(g), () => {});
      api.getRestarts().then((r) => active && setRestarts(r), () => {});
    };
    load();
    const timer = setInterval(load, 2000);
    const stop = api.subscribe((e) => {
      if (e.type === 'restart' || (e.type === 'connection' && e.connected)) load();
    });
    return () => {
      active = false;
      clearInterval(timer);
      stop();
    };
  }, [api]);

  if (groups.length === 0) return null;
  return (
    <section className="card" data-testid="process-groups">
      <h2>Assistant processes</h2>
      {groups.map((g) => {
        const cpu = g.processes.reduce((a, p) => a + (p.cpuRatio ?? 0), 0);
        const rss = g.processes.reduce((a, p) => a + p.rssBytes, 0);
        return (
          <div key={g.target} className={`process-group state-${g.state.replace(' ', '-')}`} data-testid={`process-${g.target}`}>
            <div className="process-head">
              <span className="dot" aria-hidden="true" /> <strong>{g.target}</strong> <span className="process-state">{g.state}</span>
              {g.state === 'running' ? (
                <span className="muted">
                  {' '}
                  · PID {g.rootPid} · {g.processes.length} process{g.processes.length === 1 ? '' : 'es'} · CPU {pct(cpu)} of a core · {formatBytes(rss)} resident · restarts {g.restarts}
                </span>
              ) : null}
            </div>
            {g.reason ? <div className="target-error">{g.reason}</div> : null}
            {g.processes.length > 0 ? (
              <table className="process-table">
                <thead>
                  <tr>
                    <th>PID</th>
                    <th>name</th>
                    <th>CPU</th>
                    <th>resident</th>
                    <th>threads</th>
                    <th>open files</th>
                  </tr>
                </thead>
                <tbody>
                  {g.processes.slice(0, 50).map((p) => (
                    <tr key={p.pid}>
                      <td>{p.pid}</td>
                      <td>{p.name}</td>
                      <td>{pct(p.cpuRatio)}</td>
                      <td>{formatBytes(p.rssBytes)}</td>
                      <td>{p.threads}</td>
                      <td>{p.openFds ?? 'no access'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        );
      })}
      {restarts.length > 0 ? (
        <>
          <h2>Restarts</h2>
          <ul className="restarts" data-testid="restarts">
            {restarts
              .slice(-10)
              .reverse()
              .map((r) => (
                <li key={`${r.target}-${r.at}`}>
                  {new Date(r.at).toLocaleString()} · <strong>{r.target}</strong> restarted: PID {r.oldPid ?? '?'} → {r.newPid}
                  {r.evidence.length > 0 ? <div className="target-error">{r.evidence.join('\n')}</div> : <span className="muted"> (no kernel message about it)</span>}
                </li>
              ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
