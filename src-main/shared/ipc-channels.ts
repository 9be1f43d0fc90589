// Electron IPC channel names, shared by the preload and the main process.
import type { ApiMethod } from './api';

export const INVOKE_CHANNEL: Record<ApiMethod, string> = {
  getInfo: 'monitor:getInfo',
  listSeries: 'monitor:listSeries',
  findSeries: 'monitor:findSeries',
  queryRange: 'monitor:queryRange',
  getCollectorStatus: 'monitor:getCollectorStatus',
  queryExpr: 'monitor:queryExpr',
  listMetrics: 'monitor:listMetrics',
  getTargets: 'monitor:getTargets',
  getDashboard: 'monitor:getDashboard',
  getProcesses: 'monitor:getProcesses',
  getRestarts: 'monitor:getRestarts',
  listPins: 'monitor:listPins',
  addPin: 'monitor:addPin',
  removePin: 'monitor:removePin',
};
export const SUBSCRIBE_CHANNEL = 'monitor:subscribe';
export const UNSUBSCRIBE_CHANNEL = 'monitor:unsubscribe';
export const EVENT_CHANNEL = 'monitor:event';
