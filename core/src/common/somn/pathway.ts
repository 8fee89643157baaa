/**
 * `somn-pathway` (issue 7 §3): a DC bias between the two electrodes of a random nanowire network makes
 * the conductance rise in steps, each step a junction switching ON, until a winner-takes-all conducting
 * path joins the electrodes (DOMAIN §6; Hochstetter et al. 2021, Fig. 2).
 *
 * Set-up: `generateNanowires` (seeded), `vbias` from e1 to ground, e2 grounded. The run goes through the
 * actor runtime (`Simulation`): the electrode current comes through a recorder at every accepted point,
 * the junctions' ON/OFF and switching crossings arrive as device events on their element actors (not
 * every state is recorded); the conductance G = |I|/V is resampled on a uniform grid of `samples`
 * intervals for the step count. At the end, every junction's current gives the backbone (junctions carrying more than
 * `backboneFraction` of the electrode current), compared with the graph's shortest path.
 */
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry } from '../compiler/registry.js';
import { generateNanowires, type NanowireNetwork } from '../generate/nanowire.js';
import type { ElementSpec, Network } from '../network/types.js';
import { Simulation } from '../runtime/simulation.js';
import { Kernel } from '../solver/kernel.js';
import { resolveOptions } from '../solver/options.js';
import { resolveProbe } from '../solver/probes.js';
import { compileSystem, type DeviceLookup } from '../solver/system.js';
import { transient, type TransientSpec } from '../solver/transient.js';
import { linePlotSvg } from '../plot/svg.js';
import {
  conductanceJumps,
  currentBackbone,
  matchJumps,
  resampleUniform,
  shortestPath,
  widestPath,
  type ConductanceJump,
  type SwitchEvent,
} from './analysis.js';

export interface PathwayConfig {
  readonly wires: number;
  readonly length: { readonly mean: number; readonly std: number };
  readonly size: { readonly w: number; readonly h: number };
  readonly seed: number;
  /** DC bias on e1 (V); e2 is grounded. */
  readonly vbias: number;
  /** Simulated time (s). */
  readonly tstop: number;
  /** Uniform samples of G for the step count (also the transient's largest step). */
  readonly samples: number;
  /** A step: a rise of log10 G by more than this (decades) between consecutive samples. */
  readonly jumpThreshold: number;
  /** Backbone: junctions carrying more than this fraction of the electrode current. */
  readonly backboneFraction: number;
  /** Junction parameters (memristor.nanowire); default: the model's (tunnelling). */
  readonly junctionParams: Readonly<Record<string, number>>;
}

/** Defaults sized to run in about two seconds: the bias is just above the shortest path's set threshold (16 junctions × vset = 0.16 V), so one path wins instead of the whole network switching ON (at 1 V, 151 of 470 junctions end ON). */
export function pathwayConfig(o: { seed?: number; wires?: number; tstop?: number; vbias?: number } = {}): PathwayConfig {
  return {
    wires: o.wires ?? 200,
    length: { mean: 10, std: 2 },
    size: { w: 50, h: 50 },
    seed: o.seed ?? 1,
    vbias: o.vbias ?? 0.2,
    tstop: o.tstop ?? 5,
    samples: 500,
    jumpThreshold: 0.05,
    backboneFraction: 0.01,
    junctionParams: {},
  };
}

export interface PathwayResult {
  readonly config: PathwayConfig;
  readonly generated: NanowireNetwork;
  /** Uniformly resampled conductance G(t) = |I|/V (S). */
  readonly t: Float64Array;
  readonly g: Float64Array;
  /** ON/OFF events at |Λ| = lcrit (the model's ON definition). */
  readonly events: readonly SwitchEvent[];
  /**
   * Switching events: |Λ| crossing `switchLevel`·lcrit, where the junction's conductance is the geometric
   * mean of its OFF and ON conductances (tunnelling mode; 1 in binary mode). In tunnelling mode the
   * conductance rises while the gap closes, before |Λ| reaches lcrit (measured: ~0.1 s before, at 0.2 V),
   * so the conductance steps are matched to these events rather than to the lcrit crossings.
   */
  readonly switchLevel: number;
  readonly switchEvents: readonly SwitchEvent[];
  readonly jumps: readonly ConductanceJump[];
  /** Per jump: the indices (into `switchEvents`) of the ON switchings within one sample of it. */
  readonly jumpEvents: readonly (readonly number[])[];
  readonly onFinal: number;
  /** Final junction currents (A, from e1's side of each junction: sign follows the junction's nodes). */
  readonly junctionCurrent: Float64Array;
  readonly electrodeCurrent: number;
  readonly backbone: readonly number[];
  /** Junctions of the BFS shortest path between the electrode wires. */
  readonly shortest: readonly number[];
  /** Shortest-path junctions that are in the backbone. */
  readonly overlap: number;
  /** Widest (maximin-current) path and the share of the electrode current its weakest junction carries. */
  readonly widest: readonly number[];
  readonly widestShare: number;
  /** Backbone junctions that are ON at the end. */
  readonly backboneOn: number;
  /** Accepted steps (points recorded after the operating point). */
  readonly steps: { accepted: number };
  /** G at every accepted point, as recorded through the runtime's recorder. */
  readonly trace: PathwayTrace;
  /** Per junction: the device events its element actor received (ON/OFF and switching crossings). */
  readonly actorEvents: readonly number[];
}

export interface PathwayHooks {
  onProgress?(fraction: number): void;
  lookup?: DeviceLookup;
}

export function pathwayNetwork(gen: NanowireNetwork, vbias: number): Network {
  const source: ElementSpec = { id: 'vbias', device: 'vsource', nodes: ['e1', '0'], source: { dc: vbias } };
  const ground: ElementSpec = { id: 'rgnd', device: 'vsource', nodes: ['e2', '0'], source: { dc: 0 } };
  return { ...gen.network, elements: [...gen.network.elements, source, ground] };
}

/** The network of a pathway run and what its analysis needs: junction parameters and levels, the transient. */
export interface PathwaySetup {
  readonly generated: NanowireNetwork;
  readonly network: Network;
  readonly lookup: DeviceLookup;
  readonly spec: TransientSpec;
  /** Junction ids j0, j1, ... (junction k is element `j${k}`). */
  readonly junctionIds: readonly string[];
  /** |Λ|/lcrit of a switching (see PathwayResult.switchLevel). */
  readonly switchLevel: number;
  /** A junction parameter (the config's, else the generated model's, else the device default). */
  readonly param: (name: string) => number;
}

export function pathwaySetup(cfg: PathwayConfig, lookup: DeviceLookup = new DeviceRegistry(builtinDevices).lookup): PathwaySetup {
  const gen = generateNanowires({
    wires: cfg.wires,
    length: cfg.length,
    size: cfg.size,
    seed: cfg.seed,
    junction: { device: 'memristor.nanowire', params: cfg.junctionParams },
  });
  const model = lookup('memristor.nanowire')!;
  const param = (name: string): number => cfg.junctionParams[name] ?? gen.network.models?.junction.params[name] ?? Number(model.params[name].default);
  return {
    generated: gen,
    network: pathwayNetwork(gen, cfg.vbias),
    lookup,
    spec: { tstep: cfg.tstop / cfg.samples, tstop: cfg.tstop },
    junctionIds: gen.junctions.map((_, k) => `j${k}`),
    switchLevel: (param('mode') | 0) === 1 ? tunnellingMidLevel(param) : 1,
    param,
  };
}

/** A trace at every accepted point of the transient: G = |i(vbias)|/V. */
export interface PathwayTrace {
  readonly t: Float64Array;
  readonly g: Float64Array;
}

/**
 * The reference for the runtime-driven run: the same network on the bare kernel (`transient`), G at every
 * accepted point and, if asked, every junction's Λ at every point (`lambda[k][point]`).
 */
export function runPathwayDirect(setup: PathwaySetup, vbias: number, o: { states?: boolean } = {}): PathwayTrace & { lambda?: Float64Array[] } {
  const kernel = new Kernel(compileSystem(setup.network, setup.lookup), resolveOptions(setup.network.options));
  const source = resolveProbe(kernel, 'i(vbias)');
  const states = o.states ? setup.junctionIds.map((id) => resolveProbe(kernel, `x(${id})`)) : [];
  const time: number[] = [];
  const cond: number[] = [];
  const lambda: number[][] = states.map(() => []);
  transient(kernel, setup.spec, {
    onPoint: (t) => {
      time.push(t);
      cond.push(Math.abs(source(kernel)) / Math.abs(vbias));
      for (let k = 0; k < states.length; k++) lambda[k].push(states[k](kernel));
    },
  });
  return { t: Float64Array.from(time), g: Float64Array.from(cond), lambda: o.states ? lambda.map((l) => Float64Array.from(l)) : undefined };
}

/**
 * Runs the pathway experiment through the actor runtime: the network is loaded into a `Simulation`, every
 * junction gets two device-event watches (|Λ| crossing lcrit — ON/OFF — and |Λ| crossing switchLevel·lcrit
 * — the conductance switching), which materialise the junctions' element actors and deliver the crossings
 * to them and to `deviceEvents$`; the electrode current comes through a flow-controlled recorder. The
 * report's events are those actor events, stamped with their step times.
 */
export async function runPathway(cfg: PathwayConfig, hooks: PathwayHooks = {}): Promise<PathwayResult> {
  const setup = pathwaySetup(cfg, hooks.lookup);
  const gen = setup.generated;
  const nj = setup.junctionIds.length;
  const sim = new Simulation(setup.network, setup.lookup, { window: cfg.tstop / PATHWAY_WINDOWS, analysis: setup.spec });
  const index = new Map(setup.junctionIds.map((id, k) => [id, k]));
  for (const id of setup.junctionIds) {
    sim.watch({ element: id, level: 'lcrit', abs: true, name: ON_EVENT });
    sim.watch({ element: id, level: setup.switchLevel * sim.element(id).param('lcrit'), abs: true, name: SWITCH_EVENT });
  }
  const events: SwitchEvent[] = [];
  const switchEvents: SwitchEvent[] = [];
  const on = new Uint8Array(nj);
  const deviceSub = sim.deviceEvents$.subscribe((e) => {
    const k = index.get(e.element)!;
    const event = { time: e.time, junction: k, on: e.direction === 'reached' };
    if (e.name === ON_EVENT) {
      events.push(event);
      on[k] = event.on ? 1 : 0;
    } else switchEvents.push(event);
  });
  const time: number[] = [];
  const cond: number[] = [];
  sim.record('i(vbias)', (chunk) => {
    for (let i = 0; i < chunk.t.length; i++) {
      time.push(chunk.t[i]);
      cond.push(Math.abs(chunk.values[i]) / Math.abs(cfg.vbias));
    }
    if (chunk.t.length > 0) hooks.onProgress?.(chunk.t[chunk.t.length - 1] / cfg.tstop);
  });
  const status = await sim.run();
  deviceSub.unsubscribe();
  if (status !== 'done') {
    sim.dispose();
    throw new Error(`somn-pathway: the simulation ended ${status}`);
  }
  const trace = { t: Float64Array.from(time), g: Float64Array.from(cond) };
  const dt = setup.spec.tstep;
  const { t, y: g } = resampleUniform(time, cond, cfg.tstop, cfg.samples);
  const jumps = conductanceJumps(t, g, cfg.jumpThreshold);
  const jumpEvents = matchJumps(jumps, switchEvents, dt);

  const kernel = sim.kernel;
  const junctionCurrent = Float64Array.from(setup.junctionIds, (id) => resolveProbe(kernel, `i(${id})`)(kernel));
  const electrodeCurrent = Math.abs(resolveProbe(kernel, 'i(vbias)')(kernel));
  const accepted = time.length - 1;
  const actorEvents = Array.from(setup.junctionIds, (id) => sim.element(id).actor().getSnapshot().context.deviceEvents);
  sim.dispose();
  const backbone = currentBackbone(junctionCurrent, electrodeCurrent, cfg.backboneFraction);
  const graph = { a: gen.junctions.map((j) => j.a), b: gen.junctions.map((j) => j.b) };
  const [w1, w2] = gen.electrodes.map((e) => e.wire);
  const shortest = shortestPath(graph, w1, w2) ?? [];
  const inBackbone = new Set(backbone);
  const wide = widestPath(graph, junctionCurrent, w1, w2);
  return {
    config: cfg,
    generated: gen,
    t,
    g,
    trace,
    events,
    switchLevel: setup.switchLevel,
    switchEvents,
    actorEvents,
    jumps,
    jumpEvents,
    onFinal: on.reduce((a, b) => a + b, 0),
    junctionCurrent,
    electrodeCurrent,
    backbone,
    shortest,
    overlap: shortest.filter((k) => inBackbone.has(k)).length,
    widest: wide?.path ?? [],
    widestShare: wide ? wide.bottleneck / electrodeCurrent : 0,
    backboneOn: backbone.filter((k) => on[k] === 1).length,
    steps: { accepted },
  };
}

/** Windows of the runtime run (events and chunks are handed out at window ends; the steps do not depend on them). */
const PATHWAY_WINDOWS = 100;
const ON_EVENT = 'on';
const SWITCH_EVENT = 'switch';

/**
 * |Λ|/lcrit at which a tunnelling nanowire junction's conductance is the geometric mean of its OFF
 * (1/roff) and ON (1/ron + 1/roff) conductances: bisection on the gap s ∈ [0, s0] (G falls as s grows).
 */
export function tunnellingMidLevel(param: (name: string) => number): number {
  const [ron, roff, phi, c0, j1, a, s0] = ['ron', 'roff', 'phi', 'c0', 'j1', 'a', 's0'].map(param);
  const gOff = 1 / roff;
  const target = Math.sqrt(gOff * (1 / ron + gOff));
  const k = 2 / (a * Math.sqrt(phi) * j1);
  const g = (s: number) => 1 / (k * s * s * Math.exp(c0 * phi * phi * s) + ron) + gOff;
  let lo = 0;
  let hi = s0;
  for (let it = 0; it < 60; it++) {
    const mid = 0.5 * (lo + hi);
    if (g(mid) > target) lo = mid;
    else hi = mid;
  }
  return 1 - 0.5 * (lo + hi) / s0;
}

/** Headline figures of a pathway run (JSON-able). */
export function pathwayReport(r: PathwayResult) {
  const c = r.config;
  const s = r.generated.stats;
  const g0 = r.g[0];
  const g1 = r.g[r.g.length - 1];
  return {
    experiment: 'somn-pathway',
    seed: c.seed,
    network: { wires: s.wiresGenerated, wiresKept: s.wiresKept, junctions: s.junctions, meanDegree: s.meanDegree },
    bias: { volts: c.vbias, seconds: c.tstop, samples: c.samples },
    conductance: { initial: g0, final: g1, decades: Math.log10(g1 / g0) },
    steps: {
      count: r.jumps.length,
      thresholdDecades: c.jumpThreshold,
      matchedToSwitching: r.jumpEvents.filter((e) => e.length > 0).length,
      list: r.jumps.map((j, i) => ({ from: j.tFrom, to: j.tTo, decades: j.decades, switchings: r.jumpEvents[i].length })),
    },
    switching: {
      onEvents: r.events.filter((e) => e.on).length,
      offEvents: r.events.filter((e) => !e.on).length,
      onFinal: r.onFinal,
      midLevel: r.switchLevel,
      switchEvents: r.switchEvents.length,
      actorEvents: r.actorEvents.reduce((a, b) => a + b, 0),
    },
    path: {
      backbone: r.backbone.length,
      backboneFraction: c.backboneFraction,
      backboneOn: r.backboneOn,
      shortest: r.shortest.length,
      overlap: r.overlap,
      widest: r.widest.length,
      widestShare: r.widestShare,
    },
    transient: r.steps,
  };
}
export type PathwayReport = ReturnType<typeof pathwayReport>;

/** Plain-text summary table. */
export function pathwaySummary(p: PathwayReport, seconds: number): string {
  const e = (x: number) => x.toExponential(2);
  const rows: [string, string][] = [
    ['network', `${p.network.wires} wires (${p.network.wiresKept} kept), ${p.network.junctions} junctions, seed ${p.seed}`],
    ['bias', `${p.bias.volts} V DC e1→e2 for ${p.bias.seconds} s`],
    ['conductance', `${e(p.conductance.initial)} S → ${e(p.conductance.final)} S (${p.conductance.decades.toFixed(2)} decades)`],
    ['steps', `${p.steps.count} (> ${p.steps.thresholdDecades} decade per sample), ${p.steps.matchedToSwitching} coincide with a junction switching`],
    ['junctions ON', `${p.switching.onFinal} of ${p.network.junctions} at the end (${p.switching.onEvents} ON / ${p.switching.offEvents} OFF events)`],
    ['backbone', `${p.path.backbone} junctions carry > ${100 * p.path.backboneFraction} % of the current (${p.path.backboneOn} ON)`],
    ['shortest path', `${p.path.shortest} junctions, ${p.path.overlap} of them in the backbone`],
    ['widest path', `${p.path.widest} junctions, weakest carries ${(100 * p.path.widestShare).toFixed(1)} % of the current`],
    ['run', `${seconds.toFixed(2)} s, ${p.transient.accepted} steps, through the actor runtime (${p.switching.actorEvents} junction actor events)`],
  ];
  const steps = p.steps.list.map((j) => `  ${j.from.toFixed(3)}–${j.to.toFixed(3)} s  +${j.decades.toFixed(2)} decades  (${j.switchings} switching)`);
  return `somn-pathway\n${rows.map(([k, v]) => `${k.padEnd(15)}${v}`).join('\n')}\nconductance steps:\n${steps.join('\n')}\n`;
}

/** log10 G against time. */
export function pathwaySvg(r: PathwayResult): string {
  return linePlotSvg({
    title: `somn-pathway: conductance under ${r.config.vbias} V DC (seed ${r.config.seed})`,
    xLabel: 'time (s)',
    yLabel: 'log10 G (S)',
    series: [{ name: 'log10 G', x: r.t, y: Array.from(r.g, (v) => Math.log10(v)) }],
  });
}
