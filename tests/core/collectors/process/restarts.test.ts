import { describe, expect, it } from 'vitest';
import { createRestartLog } from '../../../../src-main/core/collectors/process/restarts';

describe('restart log', () => {
  it('records a restart with the kernel’s evidence, even lines read at an earlier restart', () => {
    const batches = [['Out of memory: Killed process 100 (app)'], ['eth0: link up']];
    const log = createRestartLog(() => batches.shift() ?? [], () => 1_700_000_000_000);
    log.record('other', 50, 51);
    const r = log.record('assistant', 100, 101);
    expect(r).toEqual({ target: 'assistant', at: 1_700_000_000_000, oldPid: 100, newPid: 101, evidence: ['Out of memory: Killed process 100 (app)'] });
    expect(log.list().map((x) => x.target)).toEqual(['other', 'assistant']);
  });

  it('works without kernel access, and hands out copies', () => {
    const log = createRestartLog(() => null, () => 5);
    log.record('assistant', 1, 2);
    log.list()[0]!.evidence.push('tampered');
    expect(log.list()[0]!.evidence).toEqual([]);
  });

  it('tells listeners until they unsubscribe, and keeps the last 200', () => {
    const log = createRestartLog(() => null, () => 0);
    const heard: number[] = [];
    const off = log.onRestart((r) => heard.push(r.newPid));
    log.record('a', 1, 2);
    off();
    log.record('a', 2, 3);
    expect(heard).toEqual([2]);
    for (let i = 0; i < 250; i++) log.record('a', i, i + 1);
    expect(log.list()).toHaveLength(200);
    expect(log.list()[0]!.newPid).toBe(51);
  });
});
