/**
 * The engine as the Electron utility process serves it: comlink over a MessagePortMain-style port
 * (`on('message', e => e.data)`, `start()`), here emulated on a Node MessageChannel.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { nodeEndpoint } from '../../../core/src/node/engine/node-endpoint.js';
import { EngineCore } from '../../src/engine/engine.js';
import { portEndpoint, reattachPorts, type MainPortLike } from '../../src/engine/port-endpoint.js';

/** Electron's MessagePortMain shape over a Node port: listeners get `{ data }`. */
function mainPort(port: MessagePort): MainPortLike & { started: boolean } {
  const wrapped = new Map<(e: { data: unknown }) => void, (data: unknown) => void>();
  const p = {
    started: false,
    postMessage: (m: unknown) => port.postMessage(m),
    on: (_: 'message', l: (e: { data: unknown }) => void) => {
      const w = (data: unknown) => l({ data });
      wrapped.set(l, w);
      port.on('message', w);
    },
    off: (_: 'message', l: (e: { data: unknown }) => void) => port.off('message', wrapped.get(l)!),
    start: () => void (p.started = true),
  };
  return p;
}

describe('engine over a main-process port', () => {
  it('answers comlink calls and streams frames back: load, run to the end, status', async () => {
    const { port1, port2 } = new MessageChannel();
    const engineSide = mainPort(port1);
    Comlink.expose(new EngineCore(), portEndpoint(engineSide));
    expect(engineSide.started).toBe(true);
    const remote = Comlink.wrap<EngineCore>(nodeEndpoint(port2));
    const frames: string[] = [];
    await remote.onFrame(Comlink.proxy((f: { status: string }) => void frames.push(f.status)));
    const r = await remote.loadNetlist('* r\nV1 a 0 DC 1\nR1 a 0 2k\n.tran 1m 10m\n.end\n', 'r.cir');
    expect(r.ok).toBe(true);
    await remote.start();
    while ((await remote.status()).status === 'running') await new Promise((res) => setTimeout(res, 5));
    expect(await remote.status()).toMatchObject({ status: 'done', time: 0.01 });
    expect(frames[0]).toBe('created');
    expect(frames.filter((f) => f === 'running').length).toBeGreaterThan(10);
    expect(frames[frames.length - 1]).toBe('done');
    remote[Comlink.releaseProxy]();
    port1.close();
    port2.close();
  });

  it('puts ports that arrive beside the data back into comlink proxy values', () => {
    const fake = mainPort(new MessageChannel().port1);
    const msg = { id: '1', type: 'APPLY', path: ['onFrame'], argumentList: [{ type: 'HANDLER', name: 'proxy', value: {} }, { type: 'RAW', value: 3 }] };
    const fixed = reattachPorts(msg, [fake]) as typeof msg;
    const endpoint = fixed.argumentList[0].value as { postMessage?: unknown; addEventListener?: unknown; start?: unknown };
    expect(typeof endpoint.postMessage).toBe('function');
    expect(typeof endpoint.addEventListener).toBe('function');
    expect(fixed.argumentList[1]).toEqual({ type: 'RAW', value: 3 });
    expect(reattachPorts(msg, [])).toBe(msg);
    fake.started = false;
  });
});
