/**
 * One live session: a core `Simulation` driven window by window (so each window end can report a
 * frame of conductances), its accepted events logged for snapshots, and its signal subscriptions.
 * Browser-safe: runs in a Web Worker or in Electron's utility process.
 */
import { CircuitError, resolveProbe, Simulation, type Network, type TransientSpec } from '@memflow/core';
import type { DeviceLookup } from '@memflow/core';
import type { Subscription } from 'rxjs';
import type { ElementInfo, EngineStatus, EngineStatusName, LoadInfo, LoggedEvent, ParamReply, SignalChunkData, Snapshot } from '../shared/engine-api.js';

const MAX_ERRORS = 100;
const SOURCES = new Set(['vsource', 'isource']);

export class Session {
  readonly sim: Simulation;
  readonly info: LoadInfo;
  private readonly events: LoggedEvent[] = [];
  private readonly errors: string[] = [];
  private lastError?: string;
  private readonly edgeReaders: (() => number)[] = [];
  private readonly subs = new Map<number, Subscription>();
  private realTime = 0;

  constructor(
    readonly network: Network,
    lookup: DeviceLookup,
    window?: number,
  ) {
    const tran = network.analyses?.find((a) => a.type === 'tran') as TransientSpec | undefined;
    if (!tran) throw new CircuitError('a live simulation needs a transient analysis: add .tran to the netlist');
    const w = window ?? tran.tstop / 200;
    this.sim = new Simulation(network, lookup, { window: w });
    this.sim.errors$.subscribe((e) => {
      this.lastError = e.message;
      this.errors.push(`error: ${e.message}`);
      if (this.errors.length > MAX_ERRORS) this.errors.shift();
    });
    const elements: ElementInfo[] = [];
    const edges: string[] = [];
    const electrodes = new Set<string>();
    for (const [id, { group, i }] of this.sim.sys.elements) {
      const model = group.model;
      const spec = network.elements.find((e) => e.id.toLowerCase() === id);
      const nodes = spec?.nodes ?? [];
      const params: Record<string, number> = {};
      const paramInfo: Record<string, { unit?: string; min?: number; max?: number; doc?: string }> = {};
      for (const [name, p] of Object.entries(model.params)) {
        const row = group.p[name];
        if (row) params[name] = row[i];
        paramInfo[name] = { unit: p.unit, min: typeof p.min === 'number' ? p.min : undefined, max: typeof p.max === 'number' ? p.max : undefined, doc: p.doc };
      }
      elements.push({ id, device: model.id, kind: model.kind, nodes, params, paramInfo, states: Object.keys(model.states ?? {}) });
      if (SOURCES.has(model.id)) for (const n of nodes) if (n !== '0' && n.toLowerCase() !== 'gnd') electrodes.add(n);
      if (model.terminals.length === 2 && !SOURCES.has(model.id)) {
        edges.push(id);
        const v = resolveProbe(this.sim.kernel, `v(${nodes[0] ?? '0'},${nodes[1] ?? '0'})`);
        const cur = resolveProbe(this.sim.kernel, `i(${id})`);
        const kernel = this.sim.kernel;
        this.edgeReaders.push(() => {
          const vv = v(kernel);
          return Math.abs(vv) > 1e-12 ? Math.abs(cur(kernel) / vv) : NaN;
        });
      }
    }
    // Driven sources (a waveform or a non-zero DC value): their currents are the network's response.
    const driven = network.elements.filter((e) => SOURCES.has(e.device) && e.source && (e.source.wave || e.source.dc !== 0));
    const suggested = driven.map((e) => `i(${e.id.toLowerCase()})`);
    this.info = {
      title: network.title ?? 'untitled network',
      elements,
      layout: network.layout ?? {},
      electrodes: [...electrodes],
      edges,
      tstop: tran.tstop,
      window: w,
      suggested: suggested.slice(0, 2),
      network,
    };
  }

  get status(): EngineStatusName {
    return this.sim.status;
  }

  /** Runs one window (starting the simulation if it is new); returns false when it can run no more. */
  step(): boolean {
    const sim = this.sim;
    if (sim.status === 'created') sim.start();
    if (sim.status !== 'running') return false;
    const t0 = performance.now();
    // Past the current time by a hair: the kernel's time can run ahead of a window end (it reports its last
    // accepted point), so "the next window end" is not a reliable target; this runs the windows up to the
    // next point in time, normally exactly one.
    sim.runUntil(sim.time + 1e-9 * sim.window);
    this.realTime += (performance.now() - t0) / 1000;
    return sim.status === 'running';
  }

  /** Runs whole windows until `windows` have completed (for restoring a snapshot). */
  runWindows(windows: number): void {
    while (this.sim.stats.windows < windows && this.step());
  }

  conductances(): Float64Array {
    return Float64Array.from(this.edgeReaders, (read) => read());
  }

  statusData(): EngineStatus {
    const sim = this.sim;
    return { status: sim.status, time: sim.time, tstop: this.info.tstop, windows: sim.stats.windows, realTime: this.realTime, errors: [...this.errors] };
  }

  setParam(element: string, name: string, value: number): ParamReply {
    this.lastError = undefined;
    const windows = this.sim.stats.windows;
    const accepted = this.sim.send(element, { type: 'SET_PARAM', name, value });
    if (!accepted) return { accepted, message: `error: ${this.lastError ?? 'rejected'}` };
    this.events.push({ windows, element: element.toLowerCase(), name, value });
    return { accepted };
  }

  snapshot(): Snapshot {
    return { network: this.network, window: this.sim.window, windows: this.sim.stats.windows, events: [...this.events] };
  }

  /** Replays a snapshot's events at the window counts they were sent at, then runs to its window count. */
  replay(snapshot: Snapshot): void {
    for (const e of snapshot.events) {
      this.runWindows(e.windows);
      this.setParam(e.element, e.name, e.value);
    }
    this.runWindows(snapshot.windows);
  }

  /** Subscribes to an output variable (`v(a)`, `i(v1)`, `x(m1)`) or an element signal (`m1:v`). */
  subscribe(id: number, probe: string, callback: (chunk: SignalChunkData) => void): void {
    const key = probe.replace(/\s+/g, '').toLowerCase();
    const colon = key.indexOf(':');
    const signal$ = colon < 0 ? this.sim.signal$(key) : this.sim.element(key.slice(0, colon)).signal$(key.slice(colon + 1));
    this.subs.set(
      id,
      signal$.subscribe((chunk) => callback({ t0: chunk.t0, t: chunk.t, values: chunk.values })),
    );
  }

  unsubscribe(id: number): boolean {
    const sub = this.subs.get(id);
    sub?.unsubscribe();
    return this.subs.delete(id);
  }

  dispose(): void {
    for (const sub of this.subs.values()) sub.unsubscribe();
    this.subs.clear();
    this.sim.dispose();
  }
}
