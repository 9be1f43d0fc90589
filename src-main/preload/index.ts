// The only bridge between the sandboxed renderer and the app. Bundled to a single CommonJS
// file, as sandboxed preloads require.
import { contextBridge, ipcRenderer } from 'electron';
import { createMonitorBridge } from './monitor-bridge';

contextBridge.exposeInMainWorld('monitor', createMonitorBridge(ipcRenderer));
