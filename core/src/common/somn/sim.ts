/**
 * A fixed-step simulator for junction networks (nanowire networks, grids): the scheme of the Kuncic
 * group's network codes, generalised to any two-terminal device model with at most one state.
 *
 * Each step of length dt to t + dt:
 *  1. node voltages: Kirchhoff's current law with the junctions linearised at the present states
 *     (Newton on the voltages, one iteration for devices whose current is linear in v, which the
 *     memristor models are at a fixed state); driven nets are held at the voltages given for t + dt;
 *     the reduced nodal matrix is solved by the sparse LU of the solver (pattern analysed once,
 *     numeric refactorisation every step), so a step costs close to O(junctions);
 *  2. states: backward Euler per junction at the new voltages, x' = x + dt·f(v, x'), solved by a
 *     safeguarded Newton iteration (bisection inside a bracket) wherever the rate decreases with the
 *     state, then clamped to the state's bounds.
 *     Backward Euler is what DOMAIN §6 asks for the nanowire reset term: it stops at Λ = 0 instead of
 *     overshooting and chattering around it.
 * First order in dt (checked against the adaptive circuit transient in the tests). The devices are
 * the registry's own models (plugins and variability wrappers included), evaluated through their
 * vectorised `evaluate`, so this is not a second copy of any device equation.
 */
import type { ModelGroup, CircuitSystem, DeviceLookup } from '../solver/system.js';
import { compileSystem } from '../solver/system.js';
import { SparseLU } from '../solver/sparse/index.js';
import type { Network } from '../network/types.js';

export class SomnSimError extends Error {}

export interface SomnSimOptions {
  /** Time step (s). */
  readonly dt: number;
  /** Nets held at caller-given voltages (electrodes that drive or are grounded); all other nets float. */
  readonly driven: readonly string[];
  readonly lookup: DeviceLookup;
  /** Relative KCL residual at which the voltage Newton stops. Default 1e-10. */
  readonly kcltol?: number;
}

interface GroupPlan {
  readonly g: ModelGroup;
  /** Junction index of instance i. */
  readonly first: number;
  /** df entries: ∂i_p/∂v_p and ∂f_state/∂state (-1 when stateless). */
  readonly epp: number;
  readonly ess: number;
}

const MAX_NEWTON = 20;
const DRIVE_PREFIX = '__drive_';
const MAX_STATE_ITER = 80;

export class SomnSim {
  readonly dt: number;
  /** Floating nets (the unknowns), then the driven nets in the order given. */
  readonly nets: readonly string[];
  readonly unknowns: number;
  readonly junctions: number;
  /** Node index (into `v`) of each junction's p and n terminal; -1 = ground. */
  readonly p: Int32Array;
  readonly n: Int32Array;
  readonly ids: readonly string[];
  /** Node voltages (V), indexed like `nets`. */
  readonly v: Float64Array;
  /** Junction states (NaN for stateless devices). */
  readonly state: Float64Array;
  readonly stateLo: Float64Array;
  readonly stateHi: Float64Array;
  /** Junction currents p → n (A) and small-signal conductances (S) at the last evaluation. */
  readonly current: Float64Array;
  readonly conductance: Float64Array;
  /** State rates at the last evaluation. */
  readonly rate: Float64Array;
  time = 0;
  steps = 0;
  newtonIterations = 0;
  /** Backward-Euler state iterations (group evaluations) and junction-iterations, summed over steps. */
  stateIterations = 0;
  stateOpen = 0;
  private readonly sys: CircuitSystem;
  private readonly plans: GroupPlan[];
  private readonly lu: SparseLU;
  private readonly values: Float64Array;
  private readonly rhs: Float64Array;
  /** CSC positions of the (p,p), (n,n), (p,n), (n,p) entries per junction; -1 when not an unknown pair. */
  private readonly pos: Int32Array;
  private readonly dss: Float64Array;
  private readonly kcltol: number;

  constructor(network: Network, options: SomnSimOptions) {
    if (!(options.dt > 0)) throw new SomnSimError(`dt must be > 0, got ${options.dt}`);
    this.dt = options.dt;
    this.kcltol = options.kcltol ?? 1e-10;
    const driven = options.driven.map((d) => d.toLowerCase());
    if (network.elements.some((el) => el.id.startsWith(DRIVE_PREFIX))) throw new SomnSimError(`element ids starting with '${DRIVE_PREFIX}' are reserved`);
    // The compiler wants a DC path to ground from every net: the driven nets get one through a source
    // (which this simulator replaces by holding the net's voltage), and every net reaches a driven one.
    const sources = driven.map((d) => ({ id: `${DRIVE_PREFIX}${d}`, device: 'vsource', nodes: [d, '0'], source: { dc: 0 } }));
    this.sys = compileSystem({ ...network, elements: [...network.elements, ...sources] }, options.lookup);
    const sys = this.sys;
    for (const d of driven) if (!sys.nodeIndex.has(d)) throw new SomnSimError(`driven net '${d}' is not in the network`);
    const floating = [...sys.nodeIndex.keys()].filter((name) => !driven.includes(name));
    this.nets = [...floating, ...driven];
    this.unknowns = floating.length;
    const nodeOf = new Int32Array(sys.size).fill(-1);
    this.nets.forEach((name, k) => (nodeOf[sys.nodeIndex.get(name)!] = k));

    let total = 0;
    const junctionGroups = sys.groups.filter((g) => !g.ids.some((id) => id.startsWith(DRIVE_PREFIX)));
    this.plans = junctionGroups.map((g) => {
      const m = g.model;
      if (m.terminals.length !== 2 || (m.internalNodes?.length ?? 0) > 0 || (m.branches?.length ?? 0) > 0 || g.L - g.firstState > 1) {
        throw new SomnSimError(`device '${m.id}' cannot be a junction here: it needs two terminals, no internal nodes or branches and at most one state`);
      }
      const entry = (r: number, c: number) => {
        for (let e = 0; e < g.jfRow.length; e++) if (g.jfRow[e] === r && g.jfCol[e] === c) return e;
        return -1;
      };
      const plan = { g, first: total, epp: entry(0, 0), ess: g.L > 2 ? entry(2, 2) : -1 };
      total += g.n;
      return plan;
    });
    this.junctions = total;
    this.p = new Int32Array(total);
    this.n = new Int32Array(total);
    this.state = new Float64Array(total).fill(NaN);
    this.stateLo = new Float64Array(total).fill(-Infinity);
    this.stateHi = new Float64Array(total).fill(Infinity);
    const ids: string[] = [];
    for (const { g, first } of this.plans) {
      for (let i = 0; i < g.n; i++) {
        const k = first + i;
        ids.push(g.ids[i]);
        this.p[k] = g.idx[i] < 0 ? -1 : nodeOf[g.idx[i]];
        this.n[k] = g.idx[g.n + i] < 0 ? -1 : nodeOf[g.idx[g.n + i]];
        if (g.L > 2) {
          const row = g.idx[2 * g.n + i];
          this.state[k] = sys.stateInit[row];
          this.stateLo[k] = sys.stateLo[row];
          this.stateHi[k] = sys.stateHi[row];
        }
      }
    }
    this.ids = ids;
    this.v = new Float64Array(this.nets.length);
    this.current = new Float64Array(total);
    this.conductance = new Float64Array(total);
    this.rate = new Float64Array(total);
    this.dss = new Float64Array(total);

    // Symmetric pattern of the floating nets' nodal matrix.
    const U = this.unknowns;
    const cols: Set<number>[] = Array.from({ length: U }, (_, j) => new Set([j]));
    for (let k = 0; k < total; k++) {
      const a = this.p[k];
      const b = this.n[k];
      if (a >= 0 && a < U && b >= 0 && b < U && a !== b) {
        cols[a].add(b);
        cols[b].add(a);
      }
    }
    const colPtr = new Int32Array(U + 1);
    const rows: number[] = [];
    const where: Map<number, number>[] = [];
    for (let j = 0; j < U; j++) {
      const sorted = [...cols[j]].sort((x, y) => x - y);
      const m = new Map<number, number>();
      for (const r of sorted) {
        m.set(r, rows.length);
        rows.push(r);
      }
      where.push(m);
      colPtr[j + 1] = rows.length;
    }
    const at = (r: number, c: number) => (r >= 0 && r < U && c >= 0 && c < U ? where[c].get(r)! : -1);
    this.pos = new Int32Array(4 * total);
    for (let k = 0; k < total; k++) {
      const a = this.p[k];
      const b = this.n[k];
      this.pos.set([at(a, a), at(b, b), at(a, b), at(b, a)], 4 * k);
    }
    this.lu = new SparseLU({ n: U, colPtr, rowIdx: Int32Array.from(rows) });
    this.values = new Float64Array(rows.length);
    this.rhs = new Float64Array(U);
  }

  /** Index of a net in `v` (case-insensitive). */
  net(name: string): number {
    const k = this.nets.indexOf(name.toLowerCase());
    if (k < 0) throw new SomnSimError(`net '${name}' is not in the network`);
    return k;
  }

  /** Sets the driven nets' voltages (in the order given to the constructor). */
  drive(values: ArrayLike<number>): void {
    for (let d = 0; d < this.nets.length - this.unknowns; d++) this.v[this.unknowns + d] = values[d];
  }

  /** Evaluates every junction at the present voltages and `state` (or `trial` states). */
  private evaluate(trial: Float64Array = this.state): void {
    for (const { g, first, epp, ess } of this.plans) {
      const [xp, xn, xs] = g.x;
      for (let i = 0; i < g.n; i++) {
        const k = first + i;
        xp[i] = this.p[k] < 0 ? 0 : this.v[this.p[k]];
        xn[i] = this.n[k] < 0 ? 0 : this.v[this.n[k]];
        if (xs) xs[i] = trial[k];
      }
      const ctx = g.ctx;
      ctx.mode = 'tran';
      ctx.time = this.time;
      ctx.dcSources = false;
      ctx.sourceScale = 1;
      ctx.gmin = 0;
      ctx.firstIteration = false;
      ctx.noncon = 0;
      g.model.evaluate(ctx);
      const fp = g.f[0];
      const gpp = epp >= 0 ? g.df[epp] : undefined;
      const fs = g.L > 2 ? g.f[2] : undefined;
      const gss = ess >= 0 ? g.df[ess] : undefined;
      for (let i = 0; i < g.n; i++) {
        const k = first + i;
        this.current[k] = fp[i];
        this.conductance[k] = gpp ? gpp[i] : 0;
        this.rate[k] = fs ? fs[i] : 0;
        this.dss[k] = gss ? gss[i] : 0;
      }
    }
  }

  /** Largest KCL mismatch at a floating net, relative to the largest junction current. */
  kclResidual(): number {
    const U = this.unknowns;
    const sum = new Float64Array(U);
    let scale = 0;
    for (let k = 0; k < this.junctions; k++) {
      const i = this.current[k];
      scale = Math.max(scale, Math.abs(i));
      if (this.p[k] >= 0 && this.p[k] < U) sum[this.p[k]] += i;
      if (this.n[k] >= 0 && this.n[k] < U) sum[this.n[k]] -= i;
    }
    let worst = 0;
    for (let j = 0; j < U; j++) worst = Math.max(worst, Math.abs(sum[j]));
    return scale > 0 ? worst / scale : worst;
  }

  /** Solves the node voltages at the present states (and evaluates the junctions there). */
  solveVoltages(): void {
    const U = this.unknowns;
    this.evaluate();
    for (let it = 0; it < MAX_NEWTON; it++) {
      this.values.fill(0);
      this.rhs.fill(0);
      for (let k = 0; k < this.junctions; k++) {
        const g = this.conductance[k];
        const a = this.p[k];
        const b = this.n[k];
        const va = a < 0 ? 0 : this.v[a];
        const vb = b < 0 ? 0 : this.v[b];
        // Linearised: i = I0 + g·(v_a − v_b − v0); stamps g and moves I0 − g·v0 (and driven nets) right.
        const c = this.current[k] - g * (va - vb);
        const q = 4 * k;
        if (this.pos[q] >= 0) this.values[this.pos[q]] += g;
        if (this.pos[q + 1] >= 0) this.values[this.pos[q + 1]] += g;
        if (this.pos[q + 2] >= 0) this.values[this.pos[q + 2]] -= g;
        if (this.pos[q + 3] >= 0) this.values[this.pos[q + 3]] -= g;
        if (a >= 0 && a < U) {
          this.rhs[a] -= c;
          if (b >= U) this.rhs[a] += g * vb;
        }
        if (b >= 0 && b < U) {
          this.rhs[b] += c;
          if (a >= U) this.rhs[b] += g * va;
        }
      }
      this.lu.refactor(this.values);
      this.lu.solve(this.rhs);
      this.v.set(this.rhs.subarray(0, U));
      this.newtonIterations++;
      this.evaluate();
      if (this.kclResidual() <= this.kcltol) return;
    }
    throw new SomnSimError(`t = ${this.time}: the node voltages did not converge in ${MAX_NEWTON} Newton iterations (KCL residual ${this.kclResidual().toExponential(2)})`);
  }

  /**
   * One step to t + dt with the driven nets at `drive` (their voltages at t + dt): voltages at the
   * present states, then backward Euler on the states at those voltages.
   */
  step(drive: ArrayLike<number>): void {
    this.drive(drive);
    this.time += this.dt;
    this.solveVoltages();
    this.updateStates();
    this.steps++;
  }

  private updateStates(): void {
    const J = this.junctions;
    // Keep the currents of the voltage solve (the step's reported currents, which satisfy KCL).
    const current = Float64Array.from(this.current);
    const conductance = Float64Array.from(this.conductance);
    const h = this.dt;
    const old = Float64Array.from(this.state);
    const x = new Float64Array(J);
    const lo = new Float64Array(J);
    const hi = new Float64Array(J);
    const open: number[] = [];
    for (let k = 0; k < J; k++) {
      if (Number.isNaN(old[k])) {
        x[k] = NaN;
        continue;
      }
      const explicit = old[k] + h * this.rate[k];
      x[k] = Math.min(this.stateHi[k], Math.max(this.stateLo[k], explicit));
      // A rate that does not depend on the state makes explicit and implicit Euler the same step; one
      // that grows with it (no built-in model) is stepped explicitly.
      // The rate depends on the state and decreases with it: the implicit root lies between the old
      // state and the explicit step (the residual r(x) = x − x_n − h·f(x) is increasing there).
      // A step that crosses 0 is solved implicitly too: a rate with a sgn(x) factor (the nanowire reset)
      // has no slope in x away from its narrow smoothed layer at 0 (tanh saturates to exactly ±1 beyond
      // ~20 layer widths), so a small decaying state would otherwise step across 0 and back every step.
      if (this.dss[k] < 0 || old[k] * explicit < 0) {
        lo[k] = Math.min(old[k], explicit);
        hi[k] = Math.max(old[k], explicit);
        // First guess: the linearised implicit step (exact where the rate is linear in the state); for a
        // step across 0, 0 itself (a decay lands there; a state-independent rate is one Newton step away).
        x[k] = old[k] * explicit < 0 ? 0 : old[k] + (h * this.rate[k]) / (1 - h * this.dss[k]);
        open.push(k);
      }
    }
    let active = open;
    for (let it = 0; it < MAX_STATE_ITER && active.length > 0; it++) {
      this.stateIterations++;
      this.stateOpen += active.length;
      this.evaluate(x);
      const next: number[] = [];
      for (const k of active) {
        const r = x[k] - old[k] - h * this.rate[k];
        if (r === 0) continue; // the root itself (e.g. a state-independent rate across 0)
        if (r > 0) hi[k] = x[k];
        else lo[k] = x[k];
        const slope = 1 - h * this.dss[k];
        let y = x[k] - r / slope;
        if (!(y > lo[k] && y < hi[k])) y = 0.5 * (lo[k] + hi[k]);
        const tol = 1e-14 * Math.max(1, Math.abs(old[k])) + 1e-300;
        if (Math.abs(y - x[k]) > tol && hi[k] - lo[k] > tol) next.push(k);
        x[k] = y;
      }
      active = next;
    }
    for (let k = 0; k < J; k++) {
      if (Number.isNaN(x[k])) continue;
      // A decay towards 0 (the nanowire reset) shrinks a landed state geometrically into subnormal
      // numbers, where the iteration's rounding can leave it on either side of 0 and arithmetic slows
      // down: below 1e-300 it is 0.
      const v = Math.abs(x[k]) < 1e-300 ? 0 : x[k];
      this.state[k] = Math.min(this.stateHi[k], Math.max(this.stateLo[k], v));
    }
    this.current.set(current);
    this.conductance.set(conductance);
  }

  /** Current the driven net `net` delivers into the network (A). */
  netCurrent(net: number): number {
    let s = 0;
    for (let k = 0; k < this.junctions; k++) {
      if (this.p[k] === net) s += this.current[k];
      if (this.n[k] === net) s -= this.current[k];
    }
    return s;
  }

  /** Copies another simulator's dynamic state (same network), e.g. to start a twin run. */
  copyFrom(other: SomnSim): void {
    this.state.set(other.state);
    this.v.set(other.v);
    this.time = other.time;
  }
}
