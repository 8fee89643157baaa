/**
 * Assembly and Newton–Raphson over a compiled system.
 *
 * Every equation is written as a residual R(y) = 0 and solved by J·Δ = −R:
 *  - DC:         node/branch rows  R = F(y);                 state rows  R = y − x_held
 *  - transient:  node/branch rows  R = F(y) + α·(Q(y) − H);  state rows  R = y − clamp(H + g(y)/α, lo, hi)
 * where α and H come from the integration formula (see transient.ts). Writing the state update as a
 * projection makes a state pushed against its bound stop exactly there (a semismooth Newton step).
 */
import type { SolverOptions } from './options.js';
import { UnknownKind, type CircuitSystem, type HeldNodes, type ModelGroup } from './system.js';
import { SingularMatrixError, SparseLU, type LUFactorsState } from './sparse/index.js';
import { CircuitError, ConvergenceError } from './errors.js';
import { condenseJacobian, condenseRhs, recoverStates } from './condense.js';
import { gatherLocals, scatterCurrents, updateRatio } from './passes.js';
import { bindTwoTerminal, planTwoTerminal, type TwoTerminalArrays, type TwoTerminalPasses, type TwoTerminalPlan, type UpdateExtreme } from './two-terminal.js';

/** The conductance that holds a pinned net (SPICE uses the same for `.ic` and `.nodeset`). */
const PIN_CONDUCTANCE = 1e10;

export interface NewtonResult {
  readonly converged: boolean;
  readonly iterations: number;
  /** Unknown with the largest normalised update at the last iteration. */
  readonly worst: number;
  /** Set when a device produced a non-finite value. */
  readonly nonFinite?: { readonly element: string; readonly model: string };
}

export interface NewtonOptions {
  /**
   * Accept the first iterate when every update is within this fraction of its tolerance. Newton's
   * error after a step is about the square of the step, so a step this small from a good predictor
   * leaves an error far below tolerance; saves the confirming iteration SPICE always makes.
   */
  readonly firstUpdateTolerance?: number;
  /**
   * Let the first iteration reuse the last factorisation when α and the set of clamped states are
   * unchanged since it was made (modified Newton). Its iterate is accepted only if its update was within
   * `firstUpdateTolerance` AND the residual there passes SPICE's current test; otherwise the next
   * iteration refactors, so a stale Jacobian can slow a solve but never decide its answer.
   */
  readonly reuseFactor?: boolean;
}

/** One model group's part of a kernel state: parameters, per-instance work, the condensation in use. */
export interface GroupState {
  readonly model: string;
  readonly ids: readonly string[];
  readonly params: Record<string, Float64Array>;
  readonly work: Record<string, Float64Array>;
  readonly aInv: Float64Array;
  readonly c: Float64Array;
  readonly w: Float64Array;
}

/**
 * Everything a kernel carries from one solve to the next: unknowns, held states, clamping, the
 * factorisation and condensation a modified-Newton iteration may reuse, devices' work arrays (e.g. the
 * last limited junction voltage) and parameters. Plain data and typed arrays: structured-clone-able.
 */
export interface KernelState {
  readonly size: number;
  readonly y: Float64Array;
  readonly held: Float64Array;
  readonly clamped: Uint8Array;
  readonly mode: 'dc' | 'tran';
  readonly dcSources: boolean;
  readonly time: number;
  readonly alpha: number;
  readonly sourceScale: number;
  readonly gshunt: number;
  readonly factorizations: number;
  readonly reusedFactorizations: number;
  readonly factorAlpha: number;
  /** Clamping changes so far and at the factorisation. */
  readonly clampEpoch?: number;
  readonly factorClampEpoch?: number;
  readonly groups: readonly GroupState[];
  readonly lu: LUFactorsState | undefined;
}

const copyRecord = (r: Record<string, Float64Array>): Record<string, Float64Array> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.slice()]));

export class Kernel {
  private readonly yFull: Float64Array;
  private readonly residualFull: Float64Array;
  private readonly jacFull: Float64Array;
  private readonly qFull: Float64Array;
  private readonly deltaFull: Float64Array;
  /** Per row, the sum of the magnitudes of what was added into it: the scale of its residual. */
  private readonly scaleFull: Float64Array;
  /** The last assembly summed `scaleFull`: a residual test may follow it. */
  private scaleAssembled = false;
  /**
   * The condensed right-hand side's correction C·u that two-terminal groups formed in the last assembly
   * (`correctionAssembled`), for a solve through the condensation already in place.
   */
  private readonly correctionFull: Float64Array;
  private correctionAssembled = false;
  /** The nonlinear rows but the states of two-terminal groups, which a transient assembly tests itself. */
  private readonly residualRowsRest: Int32Array;
  /** States of two-terminal groups outside their residual tolerance in the last assembly that tested them. */
  private stateMisses = 0;
  /** Instances that limited an unknown during the last assembly. */
  private noncon = 0;
  /** The last assembly was made at the current `y` (no update since). */
  private assembledAtY = false;
  /** The reduced system's right-hand side and solution (states condensed out). */
  private readonly rhs: Float64Array;
  /** The last Newton update of every unknown, states included. */
  readonly delta: Float64Array;
  readonly y: Float64Array;
  readonly residual: Float64Array;
  readonly jac: Float64Array;
  /** Assembled charges (charge rows) at the last evaluation. */
  readonly q: Float64Array;
  /** Integration history H of each dynamic row. */
  readonly hist: Float64Array;
  /**
   * 1/α of each state row in the current transient stage (the integrator sets it: the same for all
   * states but those integrated with backward Euler, StateSpec.firstOrder).
   */
  readonly stateInvAlpha: Float64Array;
  /** States held fixed in DC analyses. */
  readonly held: Float64Array;
  /** 1 where a state was clamped to a bound at the last assembly. */
  readonly clamped: Uint8Array;
  readonly lu: SparseLU;
  readonly tol: Float64Array;

  mode: 'dc' | 'tran' = 'dc';
  dcSources = true;
  time = 0;
  alpha = 0;
  sourceScale = 1;
  /** Extra conductance from every node to ground (gmin stepping). */
  gshunt = 0;
  /** Nets held at given voltages through PIN_CONDUCTANCE (an operating point under `.ic`/`.nodeset`); see pin(). */
  private pinned: HeldNodes | undefined;
  factorizations = 0;
  /** Newton iterations that reused the previous factorisation. */
  reusedFactorizations = 0;
  /** The α the current factorisation was made with (a Jacobian is only reusable at the same α). */
  private factorAlpha = NaN;
  /** Counts assemblies that changed a state's clamping (its Jacobian row); compared with `factorClampEpoch`. */
  private clampEpoch = 0;
  private factorClampEpoch = -1;
  /**
   * Bounds of every unknown: the state bounds, ±∞ for the others (no branch per row). The one copy the
   * kernel's and the integrator's passes read (fewer arrays in the working set of a step).
   */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** Rows the per-row passes visit: charge rows that are not states, node rows (gmin shunt), nonlinear rows. */
  private readonly chargeNodeRows: Int32Array;
  private readonly shuntRows: Int32Array;
  private readonly nonlinearRows: Int32Array;
  /**
   * Per model group, the ∂f and ∂q entries that land in the reduced Jacobian: those with a state row or
   * column are condensed out (condense.ts), so stamping them would only write the scratch slot.
   */
  private readonly liveEntries: { readonly f: Int32Array; readonly q: Int32Array }[];
  /** Unknowns the general update loop visits: all but the states of two-terminal groups (updated fused). */
  private readonly updateRows: Int32Array;
  private readonly extreme: UpdateExtreme = { worst: 0 };
  /** Copies of the devices' work arrays from before an evaluation that may have to be redone. */
  private readonly workBackup: { readonly live: Float64Array; readonly copy: Float64Array }[];
  /** Per model group, the fused Jacobian path for two-terminal one-state devices, where it applies. */
  private readonly twoTerminal: (TwoTerminalPasses | undefined)[];
  private readonly twoTerminalPlans: (TwoTerminalPlan | undefined)[];
  private readonly fusedArrays: TwoTerminalArrays;

  constructor(
    readonly sys: CircuitSystem,
    readonly opts: SolverOptions,
  ) {
    const n = sys.size;
    const nnz = sys.pattern.rowIdx.length;
    this.deltaFull = new Float64Array(n + 1);
    this.scaleFull = new Float64Array(n + 1);
    this.correctionFull = new Float64Array(n + 1);
    this.delta = this.deltaFull.subarray(0, n);
    this.rhs = new Float64Array(sys.m);
    // One scratch slot past the end of each array receives what ground rows and columns would get.
    this.yFull = new Float64Array(n + 1);
    this.residualFull = new Float64Array(n + 1);
    this.jacFull = new Float64Array(nnz + 1);
    this.qFull = new Float64Array(n + 1);
    this.y = this.yFull.subarray(0, n);
    this.residual = this.residualFull.subarray(0, n);
    this.jac = this.jacFull.subarray(0, nnz);
    this.q = this.qFull.subarray(0, n);
    this.hist = new Float64Array(n);
    this.stateInvAlpha = new Float64Array(n);
    this.held = Float64Array.from(sys.stateInit);
    this.clamped = new Uint8Array(n);
    this.lu = new SparseLU(sys.pattern, { freezeScaleOnRefactor: true });
    this.tol = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const kind = sys.kind[k];
      this.tol[k] =
        kind === UnknownKind.Branch ? opts.abstol : kind === UnknownKind.State ? sys.stateAbstol[k] || opts.stateabstol : opts.vntol;
    }
    for (let k = 0; k < n; k++) if (sys.kind[k] === UnknownKind.State) this.y[k] = sys.stateInit[k];
    this.lo = new Float64Array(n).fill(-Infinity);
    this.hi = new Float64Array(n).fill(Infinity);
    const chargeNode: number[] = [];
    const shunt: number[] = [];
    const nonlinear: number[] = [];
    for (let k = 0; k < n; k++) {
      const kind = sys.kind[k];
      if (kind === UnknownKind.State) {
        this.lo[k] = sys.stateLo[k];
        this.hi[k] = sys.stateHi[k];
      } else if (sys.isCharge[k]) chargeNode.push(k);
      if (kind === UnknownKind.Node || kind === UnknownKind.Internal) shunt.push(k);
      if (sys.rowNonlinear[k]) nonlinear.push(k);
    }
    this.chargeNodeRows = Int32Array.from(chargeNode);
    this.shuntRows = Int32Array.from(shunt);
    this.nonlinearRows = Int32Array.from(nonlinear);
    this.liveEntries = sys.groups.map((g) => {
      const live = (rows: Int32Array, cols: Int32Array) => Int32Array.from([...rows.keys()].filter((e) => rows[e] < g.firstState && cols[e] < g.firstState));
      return { f: live(g.jfRow, g.jfCol), q: live(g.jqRow, g.jqCol) };
    });
    const fusedArrays: TwoTerminalArrays = {
      y: this.yFull,
      residual: this.residualFull,
      scale: this.scaleFull,
      correction: this.correctionFull,
      delta: this.deltaFull,
      jac: this.jacFull,
      hist: this.hist,
      stateInvAlpha: this.stateInvAlpha,
      lo: this.lo,
      hi: this.hi,
      clamped: this.clamped,
      tol: this.tol,
      reltol: opts.reltol,
    };
    this.twoTerminalPlans = sys.groups.map((g) => planTwoTerminal(g, nnz));
    this.fusedArrays = fusedArrays;
    // Bound on first use, after the devices' first evaluation: a confined plugin's host swaps the
    // arrays then, and binding once (not again) lets V8 compile the passes against the arrays in use.
    this.twoTerminal = sys.groups.map(() => undefined);
    const fusedState = new Uint8Array(n);
    sys.groups.forEach((g, k) => {
      if (this.twoTerminalPlans[k]) for (let i = 0; i < g.n; i++) fusedState[g.idx[2 * g.n + i]] = 1;
    });
    this.updateRows = Int32Array.from([...Array(n).keys()].filter((k) => fusedState[k] === 0));
    this.residualRowsRest = Int32Array.from(nonlinear.filter((k) => fusedState[k] === 0));
    this.workBackup = sys.groups.flatMap((g) => Object.values(g.work).map((live) => ({ live, copy: new Float64Array(live.length) })));
  }

  /** A copy of the kernel's state (see KernelState). */
  saveState(): KernelState {
    return {
      size: this.sys.size,
      y: this.y.slice(),
      held: this.held.slice(),
      clamped: this.clamped.slice(),
      mode: this.mode,
      dcSources: this.dcSources,
      time: this.time,
      alpha: this.alpha,
      sourceScale: this.sourceScale,
      gshunt: this.gshunt,
      factorizations: this.factorizations,
      reusedFactorizations: this.reusedFactorizations,
      factorAlpha: this.factorAlpha,
      clampEpoch: this.clampEpoch,
      factorClampEpoch: this.factorClampEpoch,
      groups: this.sys.groups.map((g) => ({
        model: g.model.id,
        ids: g.ids.slice(),
        params: copyRecord(g.p),
        work: copyRecord(g.work),
        aInv: g.condensation.aInv.slice(),
        c: g.condensation.c.slice(),
        w: g.condensation.w.slice(),
      })),
      lu: this.lu.saveState(),
    };
  }

  /**
   * Restores a state saved from a kernel of the same network (same elements, models and unknowns);
   * afterwards every solve gives the bits it would have given in the saved kernel.
   * @throws CircuitError naming the first difference when the state belongs to another network.
   */
  loadState(s: KernelState): void {
    const { sys } = this;
    const mismatch = (what: string): never => {
      throw new CircuitError(`snapshot does not match this network: ${what}`);
    };
    if (s.size !== sys.size) mismatch(`it has ${s.size} unknowns, the network ${sys.size}`);
    if (s.groups.length !== sys.groups.length) mismatch(`it has ${s.groups.length} device models, the network ${sys.groups.length}`);
    sys.groups.forEach((g, k) => {
      const sg = s.groups[k];
      if (sg.model !== g.model.id) mismatch(`device model ${k + 1} is '${sg.model}', the network's is '${g.model.id}'`);
      if (sg.ids.length !== g.ids.length || sg.ids.some((id, i) => id !== g.ids[i])) mismatch(`the elements of model '${g.model.id}' differ`);
      for (const [name, arr] of Object.entries(g.p)) {
        const saved = sg.params[name];
        if (!saved || saved.length !== arr.length) mismatch(`parameter '${name}' of model '${g.model.id}' is missing`);
      }
    });
    this.y.set(s.y);
    this.held.set(s.held);
    this.clamped.set(s.clamped);
    this.mode = s.mode;
    this.dcSources = s.dcSources;
    this.time = s.time;
    this.alpha = s.alpha;
    this.sourceScale = s.sourceScale;
    this.gshunt = s.gshunt;
    this.factorizations = s.factorizations;
    this.reusedFactorizations = s.reusedFactorizations;
    this.factorAlpha = s.factorAlpha;
    // A state from before these were kept: the next iteration refactors instead of reusing.
    this.clampEpoch = s.clampEpoch ?? 0;
    this.factorClampEpoch = s.factorClampEpoch ?? -1;
    sys.groups.forEach((g, k) => {
      const sg = s.groups[k];
      for (const [name, arr] of Object.entries(g.p)) arr.set(sg.params[name]);
      for (const [name, arr] of Object.entries(g.work)) if (sg.work[name]) arr.set(sg.work[name]);
      g.condensation.aInv.set(sg.aInv);
      g.condensation.c.set(sg.c);
      g.condensation.w.set(sg.w);
    });
    this.lu.loadState(s.lu);
  }

  /**
   * Drops the factorisation, so the next Newton iteration factors with a fresh pivot search and row
   * scaling instead of refactoring on the old pivot order: a solve's last bits then depend only on the
   * unknowns it starts from, not on every solve before it (e.g. independent samples of a batch).
   */
  /**
   * Holds `nodes` at their values (SPICE's way: a 1e10 S conductance to each value, which moves a net
   * by 1e-10 V per ampere the circuit pushes against it), or releases them (`undefined`).
   */
  pin(nodes: HeldNodes | undefined): void {
    this.pinned = nodes && nodes.rows.length > 0 ? nodes : undefined;
    this.forgetFactorization();
  }

  forgetFactorization(): void {
    this.lu.loadState(undefined);
    this.factorAlpha = NaN;
  }

  /**
   * Stamps the Jacobian from the derivatives of the last `assemble()` (kept apart so that a Newton
   * iteration that reuses an old factorisation does not pay for it).
   */
  assembleJacobian(): void {
    const { sys, clamped } = this;
    const jac = this.jacFull;
    const tran = this.mode === 'tran';
    const alpha = this.alpha;
    jac.fill(0);
    const groups = sys.groups;
    const inputs = { tran, alpha, clamped, stateInvAlpha: this.stateInvAlpha };
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      const fused = this.twoTerminalPlans[gi] ? (this.twoTerminal[gi] ?? this.fusedPasses(gi)) : undefined;
      if (fused) {
        const bad = fused.stamp(tran);
        if (bad >= 0) this.singularState(g, bad);
        continue;
      }
      const { n, jfSlot, df } = g;
      const live = this.liveEntries[gi];
      for (let j = 0; j < live.f.length; j++) {
        const e = live.f[j];
        const de = df[e];
        const base = e * n;
        for (let i = 0; i < n; i++) jac[jfSlot[base + i]] += de[i];
      }
      if (tran) {
        const { jqSlot, dq } = g;
        for (let j = 0; j < live.q.length; j++) {
          const e = live.q[j];
          const de = dq[e];
          const base = e * n;
          for (let i = 0; i < n; i++) jac[jqSlot[base + i]] += alpha * de[i];
        }
      }
    }
    for (let gi = 0; gi < groups.length; gi++) {
      if (this.twoTerminalPlans[gi]) continue;
      const bad = condenseJacobian(groups[gi], inputs, jac);
      if (bad >= 0) this.singularState(groups[gi], bad);
    }
    const gs = this.gshunt;
    if (gs > 0) {
      const { diagPos } = sys;
      const rows = this.shuntRows;
      for (let j = 0; j < rows.length; j++) jac[diagPos[rows[j]]] += gs;
    }
    const pinned = this.pinned;
    if (pinned) for (let j = 0; j < pinned.rows.length; j++) jac[sys.diagPos[pinned.rows[j]]] += PIN_CONDUCTANCE;
  }

  /** The fused passes of group `gi`: bound on first use, and again if the group's device arrays were swapped since. */
  private fusedPasses(gi: number): TwoTerminalPasses | undefined {
    const plan = this.twoTerminalPlans[gi];
    if (!plan) return undefined;
    const passes = this.twoTerminal[gi];
    const g = this.sys.groups[gi];
    if (passes && passes.holds(g)) return passes;
    const rebound = bindTwoTerminal(g, plan, this.fusedArrays);
    this.twoTerminal[gi] = rebound;
    return rebound;
  }

  private singularState(g: ModelGroup, i: number): never {
    throw new ConvergenceError(`element '${g.ids[i]}' (${g.model.id}): its state equation is singular (∂rate/∂state = α); check its parameters`, this.time, g.ids[i]);
  }

  /**
   * Evaluates every device at `y` and assembles the residual and charges (see assembleJacobian). An
   * assembly either precedes a residual test — it then sums the test's scale — or, `staleStep`, a solve
   * through the factorisation in place that no test follows: two-terminal groups then form the condensed
   * right-hand side instead (transient only).
   */
  assemble(firstIteration: boolean, derivatives = true, staleStep = false): { element: string; model: string } | undefined {
    const { sys, hist, clamped, held, stateInvAlpha } = this;
    const y = this.yFull;
    const residual = this.residualFull;
    const q = this.qFull;
    const { stateLo, stateHi } = sys;
    const tran = this.mode === 'tran';
    const alpha = this.alpha;
    const chargeNodeRows = this.chargeNodeRows;
    residual.fill(0);
    if (tran && chargeNodeRows.length > 0) q.fill(0);
    // The residual test's scale, summed in the same passes.
    const scale = staleStep ? null : this.scaleFull;
    if (scale) scale.fill(0);
    this.scaleAssembled = !staleStep;
    const correction = staleStep && tran ? this.correctionFull : null;
    if (correction) correction.fill(0);
    this.correctionAssembled = correction !== null;
    this.stateMisses = 0;
    y[sys.size] = 0;
    this.noncon = 0;
    this.assembledAtY = true;
    // Summing x·0 over what was assembled is NaN exactly when some x is not finite; done inside the
    // passes that touch the values anyway. Non-finite derivatives alone surface in the factorisation.
    let probe = 0;
    let clampChanged = false;
    const groups = sys.groups;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      const { n, slot, f, firstState, L } = g;
      // Bound after the first evaluation (see the constructor), and checked after every one since.
      const bound = this.twoTerminal[gi];
      if (bound) bound.gather();
      else gatherLocals(g, y);
      const ctx = g.ctx;
      ctx.mode = this.mode;
      ctx.time = this.time;
      ctx.dcSources = this.dcSources;
      ctx.sourceScale = this.sourceScale;
      ctx.gmin = this.opts.gmin;
      ctx.firstIteration = firstIteration;
      ctx.derivatives = derivatives;
      ctx.noncon = 0;
      g.model.evaluate(ctx);
      this.noncon += ctx.noncon;
      // Bound now if not yet, or again if the device swapped its arrays during the call; the Jacobian
      // stamp and the state update of this iteration use these passes as they stand.
      const fused = this.fusedPasses(gi);
      if (fused && tran) {
        const out = fused.residual(scale !== null);
        if (out !== out) probe = NaN;
        else {
          if (out % 2 === 1) clampChanged = true;
          this.stateMisses += (out - (out % 2)) / 2;
        }
        continue;
      }
      probe += scatterCurrents(g, residual, scale);
      // State rows: the projected update, so that clamping is known before the Jacobian is stamped.
      for (let k = firstState; k < L; k++) {
        const gk = f[k];
        const base = k * n;
        if (!tran) {
          for (let i = 0; i < n; i++) {
            const r = slot[base + i];
            const res = y[r] - held[r];
            residual[r] = res;
            probe += res * 0;
          }
          continue;
        }
        for (let i = 0; i < n; i++) {
          const r = slot[base + i];
          const z = hist[r] + gk[i] * stateInvAlpha[r];
          const lo = stateLo[r];
          const hi = stateHi[r];
          const c = z < lo ? lo : z > hi ? hi : z;
          const flag = c !== z ? 1 : 0;
          if (clamped[r] !== flag) {
            clamped[r] = flag;
            clampChanged = true;
          }
          const res = y[r] - c;
          residual[r] = res;
          probe += res * 0;
        }
      }
      if (tran) {
        for (const k of g.chargeRows) {
          const qk = g.q[k];
          const base = k * n;
          for (let i = 0; i < n; i++) q[slot[base + i]] += qk[i];
        }
      }
    }
    if (clampChanged) this.clampEpoch++;
    if (tran) {
      for (let j = 0; j < chargeNodeRows.length; j++) {
        const r = chargeNodeRows[j];
        const v = alpha * (q[r] - hist[r]);
        residual[r] += v;
        if (scale) scale[r] += Math.abs(v);
        probe += v * 0;
      }
    }
    const gs = this.gshunt;
    if (gs > 0) {
      const rows = this.shuntRows;
      for (let j = 0; j < rows.length; j++) residual[rows[j]] += gs * y[rows[j]];
    }
    const pinned = this.pinned;
    if (pinned) {
      for (let j = 0; j < pinned.rows.length; j++) {
        const r = pinned.rows[j];
        const v = PIN_CONDUCTANCE * (y[r] - pinned.values[j]);
        residual[r] += v;
        if (scale) scale[r] += Math.abs(v);
      }
    }
    return probe === 0 ? undefined : this.nonFiniteDevice();
  }

  /** The first device instance with a non-finite output or derivative. */
  private nonFiniteDevice(): { element: string; model: string } {
    for (const g of this.sys.groups) {
      const bad = findNonFinite(g);
      if (bad >= 0) return { element: g.ids[bad], model: g.model.id };
    }
    return { element: '(unknown)', model: '(unknown)' };
  }

  /**
   * Newton–Raphson from the current `y`. Converged when every update is within
   * reltol·|y| + (vntol | abstol | state abstol); nonlinear systems take at least two iterations,
   * except as `NewtonOptions` allow.
   */
  newton(maxIter: number, options: NewtonOptions = {}): NewtonResult {
    const { y, tol, sys, lo, hi } = this;
    const reltol = this.opts.reltol;
    const groups = sys.groups;
    let worst = 0;
    let staleCandidate = false;
    for (let it = 0; it < maxIter; it++) {
      const stale =
        it === 0 &&
        options.reuseFactor === true &&
        this.lu.isFactored &&
        this.factorAlpha === this.alpha &&
        this.factorClampEpoch === this.clampEpoch;
      // A step through the old factorisation and the check of its iterate use no derivatives.
      const derivatives = !stale && !staleCandidate;
      if (!derivatives) this.saveWork();
      let bad = this.assemble(it === 0, derivatives, stale);
      if (bad) return { converged: false, iterations: it, worst, nonFinite: bad };
      if (staleCandidate) {
        // An iterate reached with an old Jacobian is accepted only when the equations themselves hold
        // there: a small step through a stale Jacobian says little about the distance to the solution.
        if (this.noncon === 0 && this.residualConverged()) return { converged: true, iterations: it, worst };
        // Refactor here, with the derivatives at this iterate: evaluate again from the same device work.
        staleCandidate = false;
        this.restoreWork();
        bad = this.assemble(false, true);
        if (bad) return { converged: false, iterations: it, worst, nonFinite: bad };
      }
      if (stale) this.reusedFactorizations++;
      else {
        this.assembleJacobian();
        this.factor();
      }
      const limited = this.noncon > 0;
      const delta = this.solveCondensed();
      const extreme = this.extreme;
      extreme.worst = worst;
      let worstRatio = 0;
      for (let gi = 0; gi < groups.length; gi++) {
        const fused = this.twoTerminal[gi];
        if (fused) worstRatio = fused.update(worstRatio, extreme);
      }
      worst = extreme.worst;
      const rows = this.updateRows;
      for (let j = 0; j < rows.length; j++) {
        const k = rows[j];
        const old = y[k];
        let next = old + delta[k];
        // Only states have finite bounds.
        if (next < lo[k]) next = lo[k];
        else if (next > hi[k]) next = hi[k];
        y[k] = next;
        const ratio = updateRatio(old, next, reltol, tol[k]);
        // A NaN ratio (a non-finite update) becomes the worst and stays so: it never converges.
        if (!(ratio <= worstRatio) && worstRatio === worstRatio) {
          worstRatio = ratio;
          worst = k;
        }
      }
      const ok = worstRatio <= 1;
      this.assembledAtY = false;
      // A device that limited answered for another point than the one asked: never converged then.
      if (limited) continue;
      if (stale) {
        staleCandidate = options.firstUpdateTolerance !== undefined && worstRatio <= options.firstUpdateTolerance;
        continue;
      }
      // Small updates alone can hide a stiff device (1 µΩ moves 1 A per µV): nonlinear systems also
      // pass SPICE's current test on the residual this iteration started from (CKTconvTest).
      if (sys.linear) {
        if (ok) return { converged: true, iterations: it + 1, worst };
        continue;
      }
      const small = (ok && it > 0) || (it === 0 && options.firstUpdateTolerance !== undefined && worstRatio <= options.firstUpdateTolerance);
      // A fresh Newton step this small from a good predictor leaves an error of about its square.
      if (small && this.residualConverged()) return { converged: true, iterations: it + 1, worst };
    }
    return { converged: false, iterations: maxIter, worst };
  }

  /**
   * Device work (e.g. the last limited junction voltage) before an evaluation without derivatives, so
   * that evaluating again with them starts from the same work and answers the same.
   */
  private saveWork(): void {
    for (const b of this.workBackup) b.copy.set(b.live);
  }

  private restoreWork(): void {
    for (const b of this.workBackup) b.live.set(b.copy);
  }

  /**
   * SPICE's current test on the assembled residual: every row within reltol of the terms that make it
   * up, plus abstol (A) for node rows, vntol (V) for branch rows, the state tolerance for states.
   */
  private residualConverged(): boolean {
    if (!this.scaleAssembled) throw new Error('internal: a residual test after an assembly that did not sum its scale');
    const { sys, residual, y, tol } = this;
    const { reltol, abstol, vntol } = this.opts;
    const { kind } = sys;
    const scale = this.scaleFull;
    // In a transient, two-terminal groups tested their own states in the assembly.
    const fusedTested = this.mode === 'tran';
    if (fusedTested && this.stateMisses > 0) return false;
    const rows = fusedTested ? this.residualRowsRest : this.nonlinearRows;
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j];
      const k = kind[r];
      // Branch rows are voltage constraints (v(p) − v(n) − E), so their floor is vntol, not abstol.
      const limit =
        k === UnknownKind.State
          ? reltol * Math.abs(y[r]) + tol[r]
          : reltol * scale[r] + (k === UnknownKind.Branch ? vntol : abstol);
      if (!(Math.abs(residual[r]) <= limit)) return false;
    }
    return true;
  }

  /**
   * Dynamic quantities at the current `y` for starting an integration: Q (charge rows: assembled
   * charge; states: the state) and dQ/dt (charge rows: −F; states: their rate).
   */
  dynamics(Q: Float64Array, Qdot: Float64Array): { element: string; model: string } | undefined {
    const { sys, y } = this;
    Q.fill(0);
    Qdot.fill(0);
    for (const g of sys.groups) {
      gather(g, y);
      const ctx = g.ctx;
      ctx.mode = 'tran';
      ctx.time = this.time;
      ctx.dcSources = this.dcSources;
      ctx.sourceScale = 1;
      ctx.gmin = this.opts.gmin;
      ctx.firstIteration = false;
      ctx.derivatives = true;
      g.model.evaluate(ctx);
      const bad = findNonFinite(g);
      if (bad >= 0) return { element: g.ids[bad], model: g.model.id };
      const { n, idx, f, L } = g;
      for (let k = 0; k < L; k++) {
        const base = k * n;
        for (let i = 0; i < n; i++) {
          const r = idx[base + i];
          if (r >= 0) Qdot[r] += k < g.firstState ? -f[k][i] : f[k][i];
        }
      }
      for (const k of g.chargeRows) {
        for (let i = 0; i < n; i++) {
          const r = idx[k * n + i];
          if (r >= 0) Q[r] += g.q[k][i];
        }
      }
    }
    for (let r = 0; r < sys.size; r++) {
      if (sys.kind[r] === UnknownKind.State) Q[r] = y[r];
      else if (!sys.isCharge[r]) Qdot[r] = 0;
    }
    return undefined;
  }

  /** Solves J·Δ = −residual through the condensed system; returns Δ for every unknown. */
  private solveCondensed(): Float64Array {
    const { sys, residual, rhs } = this;
    const d = this.deltaFull;
    const n = sys.size;
    const full = sys.fullIndex;
    // States are condensed: their rows of d are written by recoverStates from the residual itself.
    const groups = sys.groups;
    if (this.correctionAssembled) {
      // Two-terminal groups formed their C·u in the assembly, through the condensation still in place.
      const corr = this.correctionFull;
      for (let j = 0; j < full.length; j++) d[full[j]] = -residual[full[j]] - corr[full[j]];
      d[n] = 0;
      for (let gi = 0; gi < groups.length; gi++) if (!this.twoTerminalPlans[gi]) condenseRhs(groups[gi], this.residualFull, d);
    } else {
      for (let j = 0; j < full.length; j++) d[full[j]] = -residual[full[j]];
      d[n] = 0;
      for (const g of groups) condenseRhs(g, this.residualFull, d);
    }
    for (let j = 0; j < full.length; j++) rhs[j] = d[full[j]];
    this.lu.solve(rhs);
    for (let j = 0; j < full.length; j++) d[full[j]] = rhs[j];
    d[n] = 0;
    // Two-terminal groups recover their states in the update (updateTwoTerminalStates).
    for (let gi = 0; gi < groups.length; gi++) if (!this.twoTerminalPlans[gi]) recoverStates(groups[gi], d);
    return d;
  }

  /** Factorises the assembled Jacobian; a singular matrix is an input error naming the unknown. */
  private factor(): void {
    this.factorAlpha = this.alpha;
    this.factorClampEpoch = this.clampEpoch;
    try {
      this.lu.refactor(this.jac);
    } catch (err) {
      if (!(err instanceof SingularMatrixError)) throw err;
      let probe = 0;
      for (let p = 0; p < this.jac.length; p++) probe += this.jac[p] * 0;
      if (probe !== 0) {
        const bad = this.nonFiniteDevice();
        throw new ConvergenceError(`element '${bad.element}' (${bad.model}) produced a non-finite derivative; check its parameters`, this.time, bad.element);
      }
      const k = this.sys.fullIndex[err.column];
      throw new CircuitError(
        `singular matrix: ${this.sys.labels[k]} (element '${this.sys.owner[k]}') is not determined by the circuit; look for a loop of voltage sources or inductors, a node joined only by current sources or capacitors, or a zero-valued element`,
        undefined,
        this.sys.owner[k],
      );
    }
    this.factorizations++;
  }

  /**
   * Charges of the charge rows that are not states at the current `y`, from the last assembly's
   * charges and ∂q/∂y times the last update (other rows of `out` are left as they are).
   */
  chargesAfterUpdate(update: Float64Array, out: Float64Array): void {
    const rows = this.chargeNodeRows;
    const q = this.q;
    for (let j = 0; j < rows.length; j++) out[rows[j]] = q[rows[j]];
    if (this.assembledAtY) return;
    for (const g of this.sys.groups) {
      const { n, idx, jqRow, jqCol, dq } = g;
      for (let e = 0; e < dq.length; e++) {
        const de = dq[e];
        const rb = jqRow[e] * n;
        const cb = jqCol[e] * n;
        for (let i = 0; i < n; i++) {
          const r = idx[rb + i];
          const c = idx[cb + i];
          if (r >= 0 && c >= 0) out[r] += de[i] * update[c];
        }
      }
    }
  }
}

function gather(g: ModelGroup, y: Float64Array): void {
  const { n, idx, x, L } = g;
  for (let k = 0; k < L; k++) {
    const xk = x[k];
    const base = k * n;
    for (let i = 0; i < n; i++) {
      const r = idx[base + i];
      xk[i] = r >= 0 ? y[r] : 0;
    }
  }
}

/** Index of the first instance with a non-finite output, or -1. */
function findNonFinite(g: ModelGroup): number {
  let sum = 0;
  for (const fk of g.f) for (let i = 0; i < g.n; i++) sum += fk[i] * 0;
  for (const d of g.df) for (let i = 0; i < g.n; i++) sum += d[i] * 0;
  if (sum === 0) return -1;
  for (let i = 0; i < g.n; i++) {
    for (const fk of g.f) if (!Number.isFinite(fk[i])) return i;
    for (const d of g.df) if (!Number.isFinite(d[i])) return i;
  }
  return -1;
}
