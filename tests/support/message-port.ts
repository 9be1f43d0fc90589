import type { MessagePort } from 'node:worker_threads';
import type { PortLike } from '../../src-main/core/rpc/protocol';

/** A worker_threads MessagePort as the PortLike the core protocol speaks over. */
export function portOf<In, Out>(port: MessagePort): PortLike<In, Out> {
  return {
    post: (m) => port.postMessage(m),
    onMessage(handler) {
      const l = (m: unknown) => handler(m as In);
      port.on('message', l);
      return () => port.off('message', l);
    },
  };
}
