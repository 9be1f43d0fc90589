// Electron IPC channel names, shared by the preload and the main process: one invoke channel per
// row of the contract table.
import type { ApiMethod } from './contract';

export const invokeChannel = (method: ApiMethod): string => `monitor:${method}`;
export const SUBSCRIBE_CHANNEL = 'monitor:subscribe';
export const UNSUBSCRIBE_CHANNEL = 'monitor:unsubscribe';
export const EVENT_CHANNEL = 'monitor:event';
