// Picks the transport: the preload's window.monitor in the desktop app, HTTP in a browser.
import type { MonitorApi } from '../../../src-main/shared/api';
import { createHttpBridge } from './http';

declare global {
  interface Window {
    monitor?: MonitorApi;
  }
}

export function connectMonitor(): MonitorApi {
  return window.monitor ?? createHttpBridge({ baseUrl: window.location.origin });
}
