// Runs the built core entry (out/main/core.js) the way Electron's utilityProcess would: with a
// `process.parentPort` whose messages arrive as `{data}`. Here the channel is Node's fork IPC.
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...args];
const wrapped = new Map();
process.parentPort = {
  postMessage: (message) => process.send(message),
  on(event, listener) {
    const fn = (data) => listener({ data });
    wrapped.set(listener, fn);
    process.on(event, fn);
  },
  off(event, listener) {
    process.off(event, wrapped.get(listener));
  },
};
await import(pathToFileURL(entry).href);
