/**
 * The engine worker (Node `worker_threads`): one live `Simulation` driven through comlink with a coarse
 * API. Signal chunks go to the subscribers' callbacks (comlink proxies) with their typed arrays
 * transferred, not copied. Loaded by file name — `dist/node/engine/engine-worker.js` from the tsc build
 * (see engineWorkerFile in engine.ts).
 */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import type { Network } from '../../common/network/types.js';
import { Simulation, type ElementEvent, type NetworkEvent, type Recorder, type RuntimeSnapshot, type SignalChunk, type SimulationStatus } from '../../common/runtime/index.js';
import type { TransientSpec } from '../../common/solver/transient.js';
import { defaultRegistry } from '../load.js';
import { PluginCatalog } from '../plugin-catalog.js';
import { devicesOf } from '../plugins/used.js';
import type { ChunkCallback, EngineLoadOptions, EngineStatus, ParamReply } from './engine-api.js';
import { nodeEndpoint } from './node-endpoint.js';
import { outputKey } from '../../common/network/outputs.js';

const MAX_ERRORS = 100;

/**
 * One signal's recorder (flow-controlled: a run started with `start` waits while MAX_IN_FLIGHT chunks
 * are unacknowledged by the receiving thread), fanned out to the engine subscriptions of that signal.
 */
interface Feed {
  readonly rx: Recorder;
  readonly callbacks: Map<number, ChunkCallback>;
}

/** Chunks of one signal posted but not yet acknowledged before `start`'s run waits. */
const MAX_IN_FLIGHT = 8;

export class EngineWorker {
  private registry = defaultRegistry();
  private catalogs: PluginCatalog[] = [];
  private sim?: Simulation;
  private errors: string[] = [];
  private lastError?: string;
  private feeds = new Map<string, Feed>();
  private feedOf = new Map<number, string>();
  /** Deliveries not yet acknowledged by the receivers. */
  private inFlight = new Set<Promise<void>>();
  private nextSub = 1;
  private running?: Promise<SimulationStatus>;

  /**
   * Makes the devices of the plugin packages in `dirs` (each DIR a package or a directory of packages)
   * available to later `load`s, from their manifests; a plugin's code is loaded — confined, in a worker of
   * its own started from this one — when a loaded network first uses one of its devices. A plugin that
   * faults during a run faults the simulation (status `faulted`, the message in `errors`); this worker,
   * the data already delivered and the other plugins stay. Resolves with the new device ids.
   */
  async usePlugins(dirs: string[]): Promise<string[]> {
    const catalog = PluginCatalog.read({ dirs, discover: false });
    this.catalogs.push(catalog);
    this.registry = defaultRegistry(this.catalogs.flatMap((c) => c.declared));
    // Plugins already loaded keep their code in the new registry.
    for (const c of this.catalogs) await c.use(this.registry, c.loaded.flatMap((l) => l.devices.map((d) => d.id)));
    return catalog.declared.map((d) => d.id);
  }

  /** Loads the code of the plugins `network` uses into the registry. */
  private async pluginsOf(network: Network): Promise<void> {
    const ids = devicesOf(network);
    for (const c of this.catalogs) await c.use(this.registry, ids);
  }

  /** Compiles `network` into a fresh simulation (disposing any previous one and its subscriptions). */
  async load(network: Network, options: EngineLoadOptions = {}): Promise<EngineStatus> {
    await this.pluginsOf(network);
    this.unload();
    const tran = options.analysis ?? (network.analyses?.find((a) => a.type === 'tran') as TransientSpec | undefined);
    const window = options.window ?? (tran ? tran.tstop / 100 : 1);
    this.attach(new Simulation(network, this.registry.lookup, { window, analysis: options.analysis }));
    return this.status();
  }

  /** Continues a simulation from `snapshot()` (bit-identical); rules are not carried across threads. */
  async restore(snapshot: RuntimeSnapshot): Promise<EngineStatus> {
    await this.pluginsOf(snapshot.network);
    this.unload();
    this.attach(Simulation.restore(snapshot, this.registry.lookup));
    return this.status();
  }

  /** The simulation's complete state (structured-cloned to the caller). */
  snapshot(): RuntimeSnapshot {
    return this.need().snapshot();
  }

  private attach(sim: Simulation): void {
    sim.errors$.subscribe((e) => {
      this.lastError = e.message;
      this.errors.push(e.message);
      if (this.errors.length > MAX_ERRORS) this.errors.shift();
    });
    this.sim = sim;
  }

  /**
   * Runs whole windows until the time reaches `t`, waiting for the receiving thread whenever a signal
   * has MAX_IN_FLIGHT chunks unacknowledged; resolves once every chunk has been received.
   */
  async runUntil(t: number): Promise<EngineStatus> {
    await this.need().runTo(t);
    await this.delivered();
    return this.status();
  }

  /** Runs to the end in the background, yielding between windows (so pause/stop/setParam get a turn). */
  start(): EngineStatus {
    const sim = this.need();
    this.running ??= sim.run();
    return this.status();
  }
  pause(): EngineStatus {
    this.need().pause();
    return this.status();
  }
  resume(): EngineStatus {
    this.need().resume();
    return this.status();
  }
  stop(): EngineStatus {
    this.need().stop();
    return this.status();
  }

  /** Resolves when a run started with `start` ends (done, faulted or stopped) and its chunks are received. */
  async finished(): Promise<EngineStatus> {
    if (this.running) await this.running;
    await this.delivered();
    return this.status();
  }

  /** Sets a parameter, applied at the next window end; rejected with the runtime's message if invalid. */
  setParam(element: string, name: string, value: number): ParamReply {
    return this.send(element, { type: 'SET_PARAM', name, value });
  }

  /** Sends any element event (SET_PARAM, PULSE, FAULT, CLEAR_FAULT, REMOVE), applied at the next window end. */
  send(element: string, event: ElementEvent): ParamReply {
    this.lastError = undefined;
    const accepted = this.need().send(element, event);
    return accepted ? { accepted } : { accepted, message: this.lastError ?? 'rejected' };
  }

  /** Sends a network event (ADD_ELEMENT, CONNECT). */
  sendNetwork(event: NetworkEvent): ParamReply {
    this.lastError = undefined;
    const accepted = this.need().sendNetwork(event);
    return accepted ? { accepted } : { accepted, message: this.lastError ?? 'rejected' };
  }

  status(): EngineStatus {
    const sim = this.sim;
    if (!sim) return { status: 'empty', time: 0, windows: 0, window: 0, errors: [...this.errors] };
    return { status: sim.status, time: sim.time, windows: sim.stats.windows, window: sim.window, errors: [...this.errors] };
  }

  /**
   * Subscribes `callback` to a signal: an output variable (`v(out)`, `i(v1)`, `x(m1)`) or an element's
   * signal as `element:name` (`c1:v`, `amem:r`). Every chunk is delivered (recorder-style), its arrays
   * transferred. Returns the subscription's id for `unsubscribe`.
   */
  subscribe(probe: string, callback: ChunkCallback): number {
    // `callback` is a comlink proxy: calling it posts the chunk and returns a promise of the receipt.
    const sim = this.need();
    const key = outputKey(probe);
    let feed = this.feeds.get(key);
    if (!feed) {
      const callbacks = new Map<number, ChunkCallback>();
      const rx = sim.record(key, (chunk) => this.deliver(chunk, [...callbacks.values()]), { maxPending: MAX_IN_FLIGHT });
      feed = { rx, callbacks };
      this.feeds.set(key, feed);
    }
    const id = this.nextSub++;
    feed.callbacks.set(id, callback);
    this.feedOf.set(id, key);
    return id;
  }

  unsubscribe(id: number): boolean {
    const key = this.feedOf.get(id);
    if (key === undefined) return false;
    this.feedOf.delete(id);
    const feed = this.feeds.get(key)!;
    feed.callbacks.delete(id);
    if (feed.callbacks.size === 0) {
      feed.rx.stop();
      this.feeds.delete(key);
    }
    return true;
  }

  /**
   * Sends a chunk to each callback: copies to all but the last, which gets the arrays themselves.
   * Resolves when every receiver has acknowledged it (the recorder's flow control waits on this).
   */
  private deliver(chunk: SignalChunk, callbacks: readonly ChunkCallback[]): Promise<unknown> {
    const receipts: Promise<void>[] = [];
    callbacks.forEach((callback, k) => {
      const t = k === callbacks.length - 1 ? chunk.t : chunk.t.slice();
      const values = k === callbacks.length - 1 ? chunk.values : chunk.values.slice();
      const moved = Comlink.transfer({ t0: chunk.t0, t, values }, [t.buffer as ArrayBuffer, values.buffer as ArrayBuffer]);
      const p: Promise<void> = Promise.resolve(callback(moved))
        .catch(() => undefined)
        .finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
      receipts.push(p);
    });
    return Promise.all(receipts);
  }

  /** Disposes the simulation and drops every subscription. */
  unload(): void {
    for (const id of [...this.feedOf.keys()]) this.unsubscribe(id);
    this.sim?.dispose();
    this.sim = undefined;
    this.running = undefined;
    this.errors = [];
  }

  private need(): Simulation {
    if (!this.sim) throw new Error('no network loaded: call load(network) first');
    return this.sim;
  }

  private async delivered(): Promise<void> {
    for (;;) {
      if (this.inFlight.size === 0) return;
      await Promise.all([...this.inFlight]);
    }
  }
}

if (parentPort) Comlink.expose(new EngineWorker(), nodeEndpoint(parentPort));
