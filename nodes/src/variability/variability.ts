/**
 * Variability and faults for any memristive device model: `withVariability(model, spec)` returns a new,
 * pure `DeviceModel` that evaluates `model` with per-instance perturbed parameters, faults, quantised
 * conductance levels and read noise. Every random number is a counter-based draw (Philox4x32-10) of
 * (seed, instance, stream, counter): deterministic, independent of evaluation order and worker count.
 */
import { paramRefName, probe, resolveParamRef, type DeviceModel, type EvalContext, type InstanceView, type ParamRef, type ParamSpec, type StateSpec } from '@memflow/plugin-sdk';
import { normal, streamId, timeCounter, uniform } from './prng.js';
import { staircase } from './quantise.js';

export type Distribution = 'normal' | 'lognormal';
const DISTRIBUTIONS: readonly Distribution[] = ['normal', 'lognormal'];

/** Relative standard deviation (std/mean) of a parameter, and its distribution (default lognormal). */
export interface SigmaSpec {
  readonly sigma: number;
  readonly dist?: Distribution;
}

export interface VariabilitySpec {
  /** Id of the wrapped model; default `<model.id>+var`. */
  readonly id?: string;
  readonly title?: string;
  /** Default of the `seed` parameter. Default 1. */
  readonly seed?: number;
  /** Device-to-device variation: parameter name → relative sigma (defaults of `d2d_sigma_<name>`). */
  readonly d2d?: Readonly<Record<string, number | SigmaSpec>>;
  /** Cycle-to-cycle variation: parameter name → relative sigma, re-drawn at every reversal of direction. */
  readonly c2c?: Readonly<Record<string, number | SigmaSpec>>;
  /** Default of `c2c_min_rate`: |rate| at or below it gives no direction (state units per second). */
  readonly c2cMinRate?: number;
  /** Default of `read_noise`: relative sigma of the current noise. Default 0. */
  readonly readNoise?: number;
  /** Default of `noise_dt`: hold time of each noise sample (s); 0 = a new sample at every time point. */
  readonly noiseDt?: number;
  /** Defaults of `stuck_on_fraction` / `stuck_off_fraction`. Default 0. */
  readonly stuckOnFraction?: number;
  readonly stuckOffFraction?: number;
  /** Default of `levels` (0 = continuous) and `level_width` (fraction of a level spacing, default 0.1). */
  readonly levels?: number;
  readonly levelWidth?: number;
  /** The state that faults pin, levels quantise and cycles are counted on. Default: the first state. */
  readonly state?: string;
  /**
   * Which bound of that state is the ON (high-conductance) one. Default: found per instance by comparing
   * the current at both bounds under `readVoltage`.
   */
  readonly onBound?: 'min' | 'max';
  /** Voltage across the terminals for that comparison. Default 0.1 V. */
  readonly readVoltage?: number;
  /** SPICE `level=` spellings of the wrapped model. Default: each of the model's levels + `_var`. */
  readonly spiceLevel?: readonly string[];
}

/**
 * Parameters of a model that can vary: numeric, not enumerations. E.g. to let netlists set a sigma for
 * every one of them (all off by default): withVariability(m, { d2d: Object.fromEntries(variableParams(m).map((p) => [p, 0])) }).
 * Note that varying a parameter that bounds a state exposes that state normalised (see the description).
 */
export function variableParams(model: DeviceModel): string[] {
  return Object.entries(model.params)
    .filter(([, spec]) => !spec.choices)
    .map(([name]) => name);
}

const sigmaOf = (s: number | SigmaSpec): SigmaSpec => (typeof s === 'number' ? { sigma: s } : s);

interface Varied {
  readonly name: string;
  readonly d2d: boolean;
  readonly c2c: boolean;
  readonly d2dStream: number;
  readonly c2cStream: number;
  readonly min: number;
  readonly max: number;
  /** Names of its parameters and work arrays. */
  readonly sigD: string;
  readonly distD: string;
  readonly sigC: string;
  readonly distC: string;
  readonly eff: string;
  readonly zd: string;
  readonly zc: string;
  /** Cached multipliers and the (sigma, distribution) they were computed for; NaN = stale. */
  readonly md: string;
  readonly mdKey: string;
  readonly mc: string;
  readonly mcKey: string;
}

/** Multiplier with mean 1 and standard deviation `sigma` for a standard normal z. */
function multiplier(z: number, sigma: number, dist: number): number {
  if (!(sigma > 0)) return 1;
  if (dist === 0) return 1 + sigma * z;
  const s2 = Math.log1p(sigma * sigma);
  return Math.exp(Math.sqrt(s2) * z - 0.5 * s2);
}

function resolveRef(ref: ParamRef | undefined, p: Readonly<Record<string, Float64Array>>, i: number, fallback: number): number {
  return resolveParamRef(ref, (name) => p[name]?.[i]) ?? fallback;
}

const W = (name: string) => `var.${name}`;
const NOISE_STREAM = streamId('noise');
const FAULT_STREAM = streamId('fault');

/**
 * Wraps a memristive model. The result declares the model's parameters plus:
 *  - `seed`, `instance` — the random stream of each instance is (seed, instance); instance −1 (default)
 *    means the instance's position among the elements of this model in the network;
 *  - `d2d_sigma_<p>`, `d2d_dist_<p>` for each parameter given in `spec.d2d`;
 *  - `c2c_sigma_<p>`, `c2c_dist_<p>` for each parameter given in `spec.c2c`, and `c2c_min_rate`;
 *  - `read_noise`, `noise_dt`;
 *  - `stuck_on_fraction`, `stuck_off_fraction`, `levels`, `level_width` when the chosen state has bounds.
 */
export function withVariability(model: DeviceModel, spec: VariabilitySpec = {}): DeviceModel {
  const innerStates = model.states ?? {};
  const stateNames = Object.keys(innerStates);
  if (stateNames.length === 0) throw new Error(`withVariability: '${model.id}' has no state; it wraps memristive models`);
  const primaryName = spec.state ?? stateNames[0];
  const primary = stateNames.indexOf(primaryName);
  if (primary < 0) throw new Error(`withVariability: '${model.id}' has no state '${primaryName}' (states: ${stateNames.join(', ')})`);
  const nT = model.terminals.length;
  const nNodes = nT + (model.internalNodes?.length ?? 0);
  const firstState = nNodes + (model.branches?.length ?? 0);
  const primarySpec = innerStates[primaryName];
  const bounded = primarySpec.min !== undefined && primarySpec.max !== undefined;

  // Parameters that vary.
  const d2d = spec.d2d ?? {};
  const c2c = spec.c2c ?? {};
  const varied: Varied[] = [];
  for (const name of new Set([...Object.keys(d2d), ...Object.keys(c2c)])) {
    const ps = model.params[name];
    if (!ps) throw new Error(`withVariability: '${model.id}' has no parameter '${name}'`);
    if (ps.choices) throw new Error(`withVariability: parameter '${name}' of '${model.id}' is an enumeration and cannot vary`);
    varied.push({
      name,
      d2d: name in d2d,
      c2c: name in c2c,
      d2dStream: streamId(`d2d:${name}`),
      c2cStream: streamId(`c2c:${name}`),
      min: ps.min ?? -Infinity,
      max: ps.max ?? Infinity,
      sigD: `d2d_sigma_${name}`,
      distD: `d2d_dist_${name}`,
      sigC: `c2c_sigma_${name}`,
      distC: `c2c_dist_${name}`,
      eff: `var.eff.${name}`,
      zd: `var.zd.${name}`,
      zc: `var.zc.${name}`,
      md: `var.md.${name}`,
      mdKey: `var.mdk.${name}`,
      mc: `var.mc.${name}`,
      mcKey: `var.mck.${name}`,
    });
  }
  const variedNames = new Set(varied.map((v) => v.name));
  const anyC2c = varied.some((v) => v.c2c);

  // States whose bounds vary per instance are exposed normalised to [0, 1] (see the description).
  const refVaries = (r: ParamRef | undefined) => typeof r === 'string' && variedNames.has(paramRefName(r));
  const remapped = stateNames.map((s) => refVaries(innerStates[s].min) || refVaries(innerStates[s].max));
  remapped.forEach((r, s) => {
    if (r && (innerStates[stateNames[s]].min === undefined || innerStates[stateNames[s]].max === undefined)) {
      throw new Error(`withVariability: state '${stateNames[s]}' of '${model.id}' has one varying bound and no other`);
    }
  });
  const nominal = (r: ParamRef | undefined): number => resolveParamRef(r, (name) => model.params[name]?.default) ?? NaN;

  // Declared parameters.
  const added: Record<string, ParamSpec> = {
    seed: { default: spec.seed ?? 1, min: 0, max: 2 ** 53 - 1, doc: 'Seed of every random draw of this instance (an integer)' },
    instance: {
      default: -1,
      min: -1,
      max: 2 ** 32 - 1,
      doc: 'Identity of the instance in the random stream; −1 = its position among this model’s elements in the network',
    },
  };
  for (const v of varied) {
    if (v.d2d) {
      const s = sigmaOf(d2d[v.name]);
      added[`d2d_sigma_${v.name}`] = { default: s.sigma, min: 0, doc: `Device-to-device relative standard deviation of ${v.name}` };
      added[`d2d_dist_${v.name}`] = { default: DISTRIBUTIONS.indexOf(s.dist ?? 'lognormal'), choices: DISTRIBUTIONS, doc: `Distribution of ${v.name} across devices` };
    }
    if (v.c2c) {
      const s = sigmaOf(c2c[v.name]);
      added[`c2c_sigma_${v.name}`] = { default: s.sigma, min: 0, doc: `Cycle-to-cycle relative standard deviation of ${v.name}` };
      added[`c2c_dist_${v.name}`] = { default: DISTRIBUTIONS.indexOf(s.dist ?? 'lognormal'), choices: DISTRIBUTIONS, doc: `Distribution of ${v.name} across cycles` };
    }
  }
  if (anyC2c) {
    added.c2c_min_rate = {
      default: spec.c2cMinRate ?? 0,
      min: 0,
      doc: `A rate of state '${primaryName}' at or below this magnitude sets no direction (state units per second; the normalised state if it is normalised)`,
    };
  }
  added.read_noise = { default: spec.readNoise ?? 0, min: 0, doc: 'Relative standard deviation of the Gaussian read-current noise' };
  added.noise_dt = { default: spec.noiseDt ?? 0, unit: 's', min: 0, doc: 'Hold time of a noise sample; 0 = a new sample at every time point' };
  if (bounded) {
    added.stuck_on_fraction = { default: spec.stuckOnFraction ?? 0, min: 0, max: 1, doc: 'Fraction of instances stuck at the ON bound' };
    added.stuck_off_fraction = { default: spec.stuckOffFraction ?? 0, min: 0, max: 1, doc: 'Fraction of instances stuck at the OFF bound' };
    added.levels = { default: spec.levels ?? 0, min: 0, doc: 'Number of conductance levels (0 = continuous; otherwise ≥ 2)' };
    added.level_width = { default: spec.levelWidth ?? 0.1, min: 1e-6, max: 1, doc: 'Width of a smoothed step between levels, as a fraction of the level spacing' };
  } else if (spec.levels || spec.stuckOnFraction || spec.stuckOffFraction) {
    throw new Error(`withVariability: faults and levels need state '${primaryName}' of '${model.id}' to have both bounds`);
  }
  for (const name of Object.keys(added)) {
    if (name in model.params) throw new Error(`withVariability: '${model.id}' already has a parameter '${name}'`);
  }
  const params: Record<string, ParamSpec> = { ...model.params, ...added };

  // Scratch per instance (the kernel allocates and keeps it).
  const work = [
    ...(model.work ?? []),
    W('ok'),
    W('seed'),
    W('inst'),
    W('fault'),
    ...varied.flatMap((v) => [v.eff, ...(v.d2d ? [v.zd, v.md, v.mdKey] : []), ...(v.c2c ? [v.zc, v.mc, v.mcKey] : [])]),
    ...(anyC2c ? ['cn', 'cdir', 'has', 'pt', 'pdir', 'hasc', 'tc', 'bn', 'bdir', 'zcn', 'zcok'].map(W) : []),
    W('nok'),
    W('nt'),
    W('nz'),
    ...stateNames.flatMap((s) => [W(`x.${s}`), W(`chain.${s}`), W(`span.${s}`)]),
  ];
  for (const w of model.work ?? []) if (w.startsWith('var.')) throw new Error(`withVariability: '${model.id}' declares work '${w}', a reserved name`);

  // Jacobian entries by role.
  const names = [...model.terminals, ...(model.internalNodes ?? []), ...(model.branches ?? []), ...stateNames];
  const rowOf = (e: readonly [string, string]) => names.indexOf(e[0]);
  const colOf = (e: readonly [string, string]) => names.indexOf(e[1]);
  const byCol = stateNames.map((_, s) => Int32Array.from(model.jacobian.flatMap((e, k) => (colOf(e) === firstState + s ? [k] : []))));
  const byColQ = stateNames.map((_, s) => Int32Array.from((model.charges?.jacobian ?? []).flatMap((e, k) => (colOf(e) === firstState + s ? [k] : []))));
  const byRow = stateNames.map((_, s) => Int32Array.from(model.jacobian.flatMap((e, k) => (rowOf(e) === firstState + s ? [k] : []))));
  const nodeRows = Int32Array.from(model.jacobian.flatMap((e, k) => (rowOf(e) < nNodes ? [k] : [])));
  const transformed = stateNames.map((_, s) => remapped[s] || (bounded && s === primary));

  const states: Record<string, StateSpec> = {};
  stateNames.forEach((s, k) => {
    const inner = innerStates[s];
    if (!remapped[k]) {
      states[s] = inner;
      return;
    }
    const span = nominal(inner.max) - nominal(inner.min);
    states[s] = {
      init: 0,
      min: 0,
      max: 1,
      unit: '1',
      doc: `${inner.doc ?? s}, normalised: (${s} − ${String(inner.min)})/(${String(inner.max)} − ${String(inner.min)}) with this instance's varied bounds`,
      abstol: inner.abstol !== undefined && span > 0 ? inner.abstol / span : undefined,
    };
  });

  /** Effective value of varied parameter v of instance i, given its d2d and c2c standard normals. */
  const effective = (p: Readonly<Record<string, Float64Array>>, v: Varied, i: number, zd: number, zc: number): number => {
    let value = p[v.name][i];
    if (v.d2d) value *= multiplier(zd, p[v.sigD][i], p[v.distD][i]);
    if (v.c2c) value *= multiplier(zc, p[v.sigC][i], p[v.distC][i]);
    return Math.min(Math.max(value, v.min), v.max);
  };
  const instanceOf = (p: Readonly<Record<string, Float64Array>>, i: number): number => (p.instance[i] >= 0 ? p.instance[i] : i);
  /** 0 = healthy, 1 = stuck ON, 2 = stuck OFF. */
  const faultOf = (p: Readonly<Record<string, Float64Array>>, i: number, u: number): number => {
    if (!bounded) return 0;
    const on = p.stuck_on_fraction[i];
    if (u < on) return 1;
    if (u < on + p.stuck_off_fraction[i]) return 2;
    return 0;
  };

  const stair = new Float64Array(2);
  const readVoltage = spec.readVoltage ?? 0.1;

  /** For stuck instances: 1 when the state's max bound conducts more than its min bound. */
  const onIsMax = (eff: Record<string, Float64Array>, inits: Float64Array[], list: number[]): Uint8Array => {
    const out = new Uint8Array(list.length);
    if (spec.onBound) return out.fill(spec.onBound === 'max' ? 1 : 0);
    const pr = probe(model, 2 * list.length);
    for (const [name, arr] of Object.entries(pr.ctx.p)) list.forEach((i, j) => (arr[2 * j] = arr[2 * j + 1] = eff[name][i]));
    const spS = innerStates[primaryName];
    list.forEach((i, j) => {
      for (const [b, bound] of [spS.min, spS.max].entries()) {
        const vals = names.map((_, k) => (k === 0 ? readVoltage : k >= firstState ? inits[k - firstState][i] : 0));
        vals[firstState + primary] = resolveRef(bound, eff, i, 0);
        pr.set(2 * j + b, vals);
      }
    });
    pr.evaluate();
    list.forEach((_, j) => (out[j] = Math.abs(pr.ctx.f[0][2 * j + 1]) > Math.abs(pr.ctx.f[0][2 * j]) ? 1 : 0));
    return out;
  };

  const id = spec.id ?? `${model.id}+var`;
  const summary = [
    varied.filter((v) => v.d2d).length ? `device-to-device: ${varied.filter((v) => v.d2d).map((v) => v.name).join(', ')}` : '',
    anyC2c ? `cycle-to-cycle: ${varied.filter((v) => v.c2c).map((v) => v.name).join(', ')}` : '',
  ].filter(Boolean);

  const wrapped: DeviceModel = {
    id,
    version: model.version,
    title: spec.title ?? `${model.title} with variability`,
    kind: model.kind,
    citation: `${model.citation ?? ''}${model.citation ? ' ' : ''}Random numbers: J. K. Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11 (Philox4x32-10).`,
    description: [
      `${model.title} (${model.id}) with seeded variability and faults${summary.length ? ` (${summary.join('; ')})` : ''}.`,
      'Randomness: every draw is Philox4x32-10 of (seed, instance, stream, counter), so an instance gets the same numbers whatever the order of evaluation, the number of other instances or of workers. `instance` −1 uses the position among this model’s elements; set it explicitly for an identity that survives editing the network.',
      'Device-to-device (d2d_sigma_<p>): p·m with m of mean 1 and standard deviation sigma — normal: 1 + sigma·z; lognormal: exp(s·z − s²/2), s² = ln(1 + sigma²) — then clamped to the parameter’s range; use lognormal for large sigma.',
      `Cycle-to-cycle (c2c_sigma_<p>): a further factor re-drawn with counter = cycle index. The direction of state '${primaryName}' is the sign of its rate at accepted time points (|rate| ≤ c2c_min_rate gives none); the cycle index counts reversals of that direction (SET→RESET and RESET→SET each count one). An evaluation at a later time than the previous one commits the previous one, which the integrator has then accepted; one level of roll-back undoes a commit when the time goes back (a rejected TR-BDF2 step). The parameter thus changes only between accepted steps, never inside a Newton solve. .op and .dc count no cycles.`,
      'A state whose bound is a varied parameter (e.g. rmin/rmax of the XSPICE model) is exposed normalised to [0, 1] between its per-instance bounds, so the kernel keeps it exactly inside them; the physical value is min + s·(max − min) (bounds that cross under large normal sigmas pin the instance at min).',
      'Read noise (read_noise): the node currents are multiplied by 1 + read_noise·z(seed, instance, time), z standard normal, drawn per time point (noise_dt = 0) or held over (k·noise_dt, (k+1)·noise_dt] with breakpoints at the hold boundaries. Within a time point the Jacobian is exact (z is fixed), but the noise is not a smooth function of time: the step control sees it as fast dynamics, so use it for reads (.op, read pulses), not for long programming transients.',
      `Faults (stuck_on_fraction, stuck_off_fraction): an instance with uniform draw u < f_on is stuck ON, f_on ≤ u < f_on + f_off stuck OFF; its '${primaryName}' starts at the ON (higher-current, found per instance or given by onBound) or OFF bound, every state rate is 0, and the device is evaluated exactly at that bound (round-off the integrator's history leaves on a zero-rate state does not reach the current).`,
      `Levels (levels = N ≥ 2): the device is evaluated at a quantised state q(x) — N plateaus between the bounds of '${primaryName}', joined by C¹ smoothsteps level_width spacings wide (exact plateaus elsewhere) — while x itself integrates the rate evaluated at q(x): programming accumulates continuously, the conductance reads as one of N values. Rounding exactly would leave Newton with a zero or undefined ∂i/∂x.`,
    ].join('\n'),
    terminals: model.terminals,
    internalNodes: model.internalNodes,
    branches: model.branches,
    params,
    states,
    work,
    jacobian: model.jacobian,
    charges: model.charges,
    spice: model.spice ? { ...model.spice, level: spec.spiceLevel ?? (model.spice.level ? model.spice.level.map((l) => `${l}_var`) : ['var']) } : undefined,

    initialState(p, n, out) {
      const eff: Record<string, Float64Array> = { ...p };
      for (const v of varied) {
        const arr = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const inst = instanceOf(p, i);
          const seed = p.seed[i];
          arr[i] = effective(p, v, i, v.d2d ? normal(seed, inst, v.d2dStream, 0) : 0, v.c2c ? normal(seed, inst, v.c2cStream, 0) : 0);
        }
        eff[v.name] = arr;
      }
      const inits = stateNames.map((s) => {
        const arr = new Float64Array(n);
        for (let i = 0; i < n; i++) arr[i] = resolveRef(innerStates[s].init, eff, i, 0);
        return arr;
      });
      model.initialState?.(eff, n, inits);
      stateNames.forEach((s, k) => {
        for (let i = 0; i < n; i++) {
          const lo = resolveRef(innerStates[s].min, eff, i, -Infinity);
          const hi = resolveRef(innerStates[s].max, eff, i, Infinity);
          inits[k][i] = Math.min(Math.max(inits[k][i], lo), hi);
        }
      });
      if (bounded) {
        const stuck: number[] = [];
        const kinds: number[] = [];
        for (let i = 0; i < n; i++) {
          const f = faultOf(p, i, uniform(p.seed[i], instanceOf(p, i), FAULT_STREAM, 0));
          if (f) {
            stuck.push(i);
            kinds.push(f);
          }
        }
        if (stuck.length > 0) {
          const maxIsOn = onIsMax(eff, inits, stuck);
          stuck.forEach((i, j) => {
            const toMax = (kinds[j] === 1) === (maxIsOn[j] === 1);
            inits[primary][i] = resolveRef(toMax ? primarySpec.max : primarySpec.min, eff, i, 0);
          });
        }
      }
      stateNames.forEach((s, k) => {
        for (let i = 0; i < n; i++) {
          if (!remapped[k]) {
            out[k][i] = inits[k][i];
            continue;
          }
          const lo = resolveRef(innerStates[s].min, eff, i, 0);
          const hi = resolveRef(innerStates[s].max, eff, i, 0);
          out[k][i] = hi > lo ? (inits[k][i] - lo) / (hi - lo) : 0;
        }
      });
    },

    breakpoints(instance: InstanceView, t0: number, t1: number): number[] {
      const out = model.breakpoints ? model.breakpoints(instance, t0, t1) : [];
      const dt = instance.param('noise_dt');
      if (instance.param('read_noise') > 0 && dt > 0) {
        for (let k = Math.max(1, Math.floor(t0 / dt)); k * dt <= t1; k++) if (k * dt > t0) out.push(k * dt);
        out.sort((a, b) => a - b);
      }
      return out;
    },

    evaluate(ctx: EvalContext) {
      const { n, p } = ctx;
      const wk = ctx.work;
      const ok = wk[W('ok')];
      const wSeed = wk[W('seed')];
      const wInst = wk[W('inst')];
      const fault = wk[W('fault')];
      const tran = ctx.mode === 'tran';
      const T = ctx.time;
      const nok = wk[W('nok')];
      const zcok = anyC2c ? wk[W('zcok')] : undefined;

      // 1. Per-instance draws that depend only on (seed, instance), cached in work.
      for (let i = 0; i < n; i++) {
        const inst = instanceOf(p, i);
        const seed = p.seed[i];
        if (ok[i] === 1 && wSeed[i] === seed && wInst[i] === inst) continue;
        for (const v of varied) {
          if (!v.d2d) continue;
          wk[v.zd][i] = normal(seed, inst, v.d2dStream, 0);
          wk[v.mdKey][i] = NaN;
        }
        fault[i] = uniform(seed, inst, FAULT_STREAM, 0);
        wSeed[i] = seed;
        wInst[i] = inst;
        ok[i] = 1;
        nok[i] = 0;
        if (zcok) zcok[i] = 0;
      }

      // 2. Cycles: commit the previous evaluation when time has moved past it (see the description).
      if (anyC2c) {
        const cn = wk[W('cn')];
        const cdir = wk[W('cdir')];
        const has = wk[W('has')];
        const pt = wk[W('pt')];
        const pdir = wk[W('pdir')];
        const hasc = wk[W('hasc')];
        const tc = wk[W('tc')];
        const bn = wk[W('bn')];
        const bdir = wk[W('bdir')];
        const zcn = wk[W('zcn')];
        for (let i = 0; i < n; i++) {
          if (tran) {
            if (has[i] === 1 && T > pt[i]) {
              bn[i] = cn[i];
              bdir[i] = cdir[i];
              tc[i] = pt[i];
              hasc[i] = 1;
              const d = pdir[i];
              if (d !== 0) {
                if (cdir[i] !== 0 && d !== cdir[i]) cn[i]++;
                cdir[i] = d;
              }
            } else if (hasc[i] === 1 && T <= tc[i]) {
              cn[i] = bn[i];
              cdir[i] = bdir[i];
              hasc[i] = 0;
            }
          }
          if (zcok![i] !== 1 || zcn[i] !== cn[i]) {
            const inst = instanceOf(p, i);
            for (const v of varied) {
              if (!v.c2c) continue;
              wk[v.zc][i] = normal(p.seed[i], inst, v.c2cStream, cn[i]);
              wk[v.mcKey][i] = NaN;
            }
            zcn[i] = cn[i];
            zcok![i] = 1;
          }
        }
      }

      // 3. Effective parameters.
      const innerP: Record<string, Float64Array> = { ...p };
      for (const v of varied) {
        // Multipliers are cached per instance with the (sigma, distribution) they were made for: the
        // exponentials are paid once per draw, not per evaluation.
        const eff = wk[v.eff];
        const base = p[v.name];
        if (v.d2d) {
          const zd = wk[v.zd];
          const md = wk[v.md];
          const key = wk[v.mdKey];
          const sig = p[v.sigD];
          const dist = p[v.distD];
          for (let i = 0; i < n; i++) {
            const k = sig[i] + 2 * dist[i];
            if (key[i] !== k) {
              md[i] = multiplier(zd[i], sig[i], dist[i]);
              key[i] = k;
            }
          }
        }
        if (v.c2c) {
          const zc = wk[v.zc];
          const mc = wk[v.mc];
          const key = wk[v.mcKey];
          const sig = p[v.sigC];
          const dist = p[v.distC];
          for (let i = 0; i < n; i++) {
            const k = sig[i] + 2 * dist[i];
            if (key[i] !== k) {
              mc[i] = multiplier(zc[i], sig[i], dist[i]);
              key[i] = k;
            }
          }
        }
        const md = v.d2d ? wk[v.md] : undefined;
        const mc = v.c2c ? wk[v.mc] : undefined;
        for (let i = 0; i < n; i++) {
          let value = base[i];
          if (md) value *= md[i];
          if (mc) value *= mc[i];
          eff[i] = value < v.min ? v.min : value > v.max ? v.max : value;
        }
        innerP[v.name] = eff;
      }

      // 4. States: normalised → physical, quantised.
      const innerX = ctx.x.slice();
      for (let s = 0; s < stateNames.length; s++) {
        if (!transformed[s]) continue;
        const sp = innerStates[stateNames[s]];
        const xo = ctx.x[firstState + s];
        const xi = wk[W(`x.${stateNames[s]}`)];
        const chain = wk[W(`chain.${stateNames[s]}`)];
        const span = wk[W(`span.${stateNames[s]}`)];
        const quantise = s === primary && bounded;
        for (let i = 0; i < n; i++) {
          const lo = resolveRef(sp.min, innerP, i, 0);
          const hi = resolveRef(sp.max, innerP, i, 0);
          const width = hi - lo;
          const levels = quantise ? p.levels[i] : 0;
          if (quantise && faultOf(p, i, fault[i]) !== 0) {
            // Stuck: evaluated exactly at the bound it was pinned to, whatever round-off the integrator's
            // history leaves on the (zero-rate) state.
            const nearLo = remapped[s] ? xo[i] < 0.5 : xo[i] - lo < hi - xo[i];
            xi[i] = nearLo ? lo : hi;
            chain[i] = 0;
            span[i] = remapped[s] && width > 0 ? width : 1;
            continue;
          }
          if (remapped[s] && !(width > 0)) {
            // Varied bounds that crossed (possible with large normal sigmas): pinned at min.
            xi[i] = lo;
            chain[i] = 0;
            span[i] = 1;
          } else if (remapped[s]) {
            let u = xo[i];
            let du = 1;
            if (levels >= 2) {
              staircase(u, levels, p.level_width[i], stair);
              u = stair[0];
              du = stair[1];
            }
            xi[i] = lo + u * width;
            chain[i] = width * du;
            span[i] = width;
          } else {
            span[i] = 1;
            if (levels >= 2 && width > 0) {
              staircase((xo[i] - lo) / width, levels, p.level_width[i], stair);
              xi[i] = lo + stair[0] * width;
              chain[i] = stair[1];
            } else {
              xi[i] = xo[i];
              chain[i] = 1;
            }
          }
        }
        innerX[firstState + s] = xi;
      }

      // 5. The model itself.
      const inner: EvalContext = {
        n,
        mode: ctx.mode,
        time: T,
        dcSources: ctx.dcSources,
        sourceScale: ctx.sourceScale,
        gmin: ctx.gmin,
        firstIteration: ctx.firstIteration,
        noncon: 0,
        x: innerX,
        p: innerP,
        data: ctx.data,
        work: wk,
        f: ctx.f,
        q: ctx.q,
        df: ctx.df,
        dq: ctx.dq,
      };
      model.evaluate(inner);
      ctx.noncon += inner.noncon;

      // 6. Chain rule for transformed states; rates of normalised states in normalised units.
      for (let s = 0; s < stateNames.length; s++) {
        if (!transformed[s]) continue;
        const chain = wk[W(`chain.${stateNames[s]}`)];
        for (const e of byCol[s]) {
          const d = ctx.df[e];
          for (let i = 0; i < n; i++) d[i] *= chain[i];
        }
        for (const e of byColQ[s]) {
          const d = ctx.dq[e];
          for (let i = 0; i < n; i++) d[i] *= chain[i];
        }
        if (!remapped[s]) continue;
        const span = wk[W(`span.${stateNames[s]}`)];
        const f = ctx.f[firstState + s];
        for (let i = 0; i < n; i++) f[i] /= span[i];
        for (const e of byRow[s]) {
          const d = ctx.df[e];
          for (let i = 0; i < n; i++) d[i] /= span[i];
        }
      }

      // 7. Faults: pinned states.
      if (bounded) {
        for (let i = 0; i < n; i++) {
          if (faultOf(p, i, fault[i]) === 0) continue;
          for (let s = 0; s < stateNames.length; s++) {
            ctx.f[firstState + s][i] = 0;
            for (const e of byRow[s]) ctx.df[e][i] = 0;
          }
        }
      }

      // 8. Direction of the pending evaluation.
      if (anyC2c && tran) {
        const rate = ctx.f[firstState + primary];
        const minRate = p.c2c_min_rate;
        const pt = wk[W('pt')];
        const pdir = wk[W('pdir')];
        const has = wk[W('has')];
        for (let i = 0; i < n; i++) {
          pdir[i] = rate[i] > minRate[i] ? 1 : rate[i] < -minRate[i] ? -1 : 0;
          pt[i] = T;
          has[i] = 1;
        }
      }

      // 9. Read noise on the node currents.
      const noise = p.read_noise;
      const nt = wk[W('nt')];
      const nz = wk[W('nz')];
      for (let i = 0; i < n; i++) {
        const sigma = noise[i];
        if (!(sigma > 0)) continue;
        if (nok[i] !== 1 || nt[i] !== T) {
          const dt = p.noise_dt[i];
          const counter = dt > 0 ? Math.max(0, Math.ceil(T / dt - 1e-9) - 1) : timeCounter(T);
          nz[i] = normal(p.seed[i], instanceOf(p, i), NOISE_STREAM, counter);
          nt[i] = T;
          nok[i] = 1;
        }
        const m = 1 + sigma * nz[i];
        for (let k = 0; k < nNodes; k++) ctx.f[k][i] *= m;
        for (const e of nodeRows) ctx.df[e][i] *= m;
      }
    },
  };
  return wrapped;
}
