import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../src-main/shared/contract';
import { __mock } from '../mocks/electron';

describe('preload', () => {
  it('exposes exactly window.monitor with the MonitorApi methods, nothing of ipcRenderer itself', async () => {
    __mock.reset();
    await import('../../src-main/preload/index');
    expect(Object.keys(__mock.exposed)).toEqual(['monitor']);
    const monitor = __mock.exposed.monitor as Record<string, unknown>;
    expect(Object.keys(monitor).sort()).toEqual([...API_METHODS, 'subscribe'].sort());
    expect(Object.values(monitor).every((v) => typeof v === 'function')).toBe(true);
  });
});
