/**
 * comlink's Endpoint over Electron's MessagePortMain (utility process side). MessagePortMain emits
 * `message` events with `{ data, ports }` through `on`, must be started, and carries transferred ports
 * beside the data instead of inside it; comlink puts a callback's port inside the message (a `proxy`
 * wire value), so incoming ports are put back there, each wrapped as an endpoint itself.
 */
import type { Endpoint } from 'comlink';

export interface MainPortLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on(event: 'message', listener: (e: { data: unknown; ports?: readonly MainPortLike[] }) => void): unknown;
  off(event: 'message', listener: (e: { data: unknown; ports?: readonly MainPortLike[] }) => void): unknown;
  start(): void;
}

type Listener = Parameters<Endpoint['addEventListener']>[1];
type WireValue = { type?: string; name?: string; value?: unknown };

/** Puts transferred ports back into comlink's `proxy` wire values, in order. */
export function reattachPorts(data: unknown, ports: readonly MainPortLike[]): unknown {
  if (ports.length === 0 || typeof data !== 'object' || data === null) return data;
  let next = 0;
  const fix = (v: unknown): unknown => {
    const w = v as WireValue;
    if (w && w.type === 'HANDLER' && w.name === 'proxy' && next < ports.length) return { ...w, value: portEndpoint(ports[next++]) };
    return v;
  };
  const msg = data as { argumentList?: unknown[]; value?: unknown };
  if (Array.isArray(msg.argumentList)) return { ...msg, argumentList: msg.argumentList.map(fix) };
  if (msg.value !== undefined) return { ...msg, value: fix(msg.value) };
  return data;
}

export function portEndpoint(port: MainPortLike): Endpoint & { start(): void } {
  const wrapped = new Map<Listener, (e: { data: unknown; ports?: readonly MainPortLike[] }) => void>();
  port.start();
  return {
    // Only MessagePortMain objects can be transferred from here; typed arrays are cloned.
    postMessage: (message) => port.postMessage(message),
    addEventListener: (_type: string, listener: Listener) => {
      const l = (e: { data: unknown; ports?: readonly MainPortLike[] }): void => {
        const event = { data: reattachPorts(e.data, e.ports ?? []) } as MessageEvent;
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
    start: () => port.start(),
  };
}
