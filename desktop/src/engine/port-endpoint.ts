/**
 * comlink's Endpoint over Electron's MessagePortMain (utility process side): it emits `message` events
 * through `on` and must be started, where comlink expects a DOM-style port.
 */
import type { Endpoint } from 'comlink';

export interface MainPortLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  start(): void;
}

type Listener = Parameters<Endpoint['addEventListener']>[1];

export function portEndpoint(port: MainPortLike): Endpoint {
  const wrapped = new Map<Listener, (e: { data: unknown }) => void>();
  port.start();
  return {
    // MessagePortMain transfers only ports; typed arrays are cloned.
    postMessage: (message) => port.postMessage(message),
    addEventListener: (_type: string, listener: Listener) => {
      const l = (e: { data: unknown }): void => {
        const event = { data: e.data } as MessageEvent;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      wrapped.set(listener, l);
      port.on('message', l);
    },
    removeEventListener: (_type: string, listener: Listener) => {
      const l = wrapped.get(listener);
      if (l) port.off('message', l);
      wrapped.delete(listener);
    },
  };
}
