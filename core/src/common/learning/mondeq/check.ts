/**
 * Agreement of the circuit path with the references, for one parameter set (or a cascade) and input:
 *
 *  - fixed point: circuit operating point z vs the splitting equilibrium (max |Δz| over all stages);
 *  - gradient: hardware-linearised (adjoint circuit) vs implicit-function gradient over every parameter,
 *    and both vs central finite differences of the splitting loss over a seeded sample of parameters
 *    (half of it among the entries with a non-zero implicit gradient), leaving out entries where the
 *    loss has a kink within the step (counted in fdKinks).
 *
 * Relative errors are ∞-norm relative, ‖g − g_ref‖∞ / ‖g_ref‖∞ over the entries compared (entry-wise
 * ratios are meaningless for the many exact zeros of a ReLU network's gradient).
 */
import { Prng } from '../../random/prng.js';
import type { NeuronActivation } from './activation.js';
import { MonDeqCircuit } from './circuit.js';
import { CascadeSolver } from './cascade.js';
import { crossEntropy } from './implicit.js';
import { asStages, cloneParams, PARAM_BLOCKS, type MonDeqParams, type MonDeqStages, type ParamArrays, type ParamBlock } from './params.js';

export interface AgreementOptions {
  /** Parameters checked by finite differences (sampled with `seed`); 0 = none. */
  readonly fdCount?: number;
  readonly fdStep?: number;
  readonly seed?: number;
  /** Reuse a compiled circuit of the right shape (its parameters are overwritten). */
  readonly circuit?: MonDeqCircuit;
}

export interface Agreement {
  readonly fixedPointMaxAbs: number;
  readonly hardwareVsImplicit: number;
  /** Over the finite-difference sample (NaN when fdCount = 0). */
  readonly hardwareVsFd: number;
  readonly implicitVsFd: number;
  /** Entries compared with finite differences. */
  readonly fdEntries: number;
  /** Sampled entries left out because the loss has a kink within ±h there (a neuron switching). */
  readonly fdKinks: number;
}

function relInf(a: readonly number[], ref: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k] - ref[k]));
    den = Math.max(den, Math.abs(ref[k]));
  }
  return den > 0 ? num / den : num;
}

const flatten = (gs: readonly ParamArrays[]): number[] => gs.flatMap((g) => PARAM_BLOCKS.flatMap((k) => Array.from(g[k])));

const TIGHT = { tol: 1e-14, maxIter: 100000 };

/** The splitting loss of a monDEQ (or cascade) for input x and label, solved tightly (for finite differences). */
export function splittingLoss(p: MonDeqStages, activation: NeuronActivation, x: ArrayLike<number>, label: number): number {
  return crossEntropy(new CascadeSolver(asStages(p), activation, TIGHT).solve(x).logits, label).loss;
}

export function agreement(p: MonDeqStages, activation: NeuronActivation, x: ArrayLike<number>, label: number, o: AgreementOptions = {}): Agreement {
  const stages = asStages(p);
  const solver = new CascadeSolver(stages, activation, TIGHT);
  const sol = solver.solve(x);
  const circuit = o.circuit ?? new MonDeqCircuit(stages, activation);
  circuit.setParams(stages);
  circuit.forward(x);
  let fixedPointMaxAbs = 0;
  stages.forEach((st, s) => {
    const z = circuit.neurons(s);
    for (let j = 0; j < st.n; j++) fixedPointMaxAbs = Math.max(fixedPointMaxAbs, Math.abs(z[j] - sol.equilibria[s].z[j]));
  });
  const hw = circuit.gradient(crossEntropy(circuit.logits(), label).dLogits);
  const imp = solver.gradient(sol, crossEntropy(sol.logits, label).dLogits);
  const hardwareVsImplicit = relInf(flatten(hw), flatten(imp));
  const fdCount = o.fdCount ?? 0;
  if (fdCount === 0) return { fixedPointMaxAbs, hardwareVsImplicit, hardwareVsFd: NaN, implicitVsFd: NaN, fdEntries: 0, fdKinks: 0 };
  const rng = new Prng(o.seed ?? 1);
  const h = o.fdStep ?? 1e-6;
  // Half the sample among entries the implicit gradient says are non-zero (a ReLU network's gradient is
  // mostly exact zeros, which a uniform sample would mostly hit), half uniformly over all entries.
  type Entry = readonly [number, ParamBlock, number];
  const entries: Entry[] = stages.flatMap((st, s) => PARAM_BLOCKS.flatMap((k) => Array.from(st[k], (_, i) => [s, k, i] as const)));
  rng.shuffle(entries);
  const nonzero = entries.filter(([s, k, i]) => imp[s][k][i] !== 0);
  const picked = nonzero.slice(0, Math.ceil(fdCount / 2));
  const chosen = new Set(picked);
  for (const e of entries) {
    if (picked.length >= Math.min(fdCount, entries.length)) break;
    if (!chosen.has(e)) picked.push(e);
  }
  // A ReLU loss is only piecewise smooth: where a neuron switches within ±h of the point the central
  // difference measures a kink, not the gradient. Such entries show as one-sided differences that
  // disagree; they are counted (fdKinks) and left out of the comparison.
  const f0 = splittingLoss(stages, activation, x, label);
  const fd: number[] = [];
  const compared: Entry[] = [];
  let fdKinks = 0;
  for (const e of picked) {
    const [s, k, i] = e;
    const shifted = (d: number) => stages.map((st, t) => (t === s ? shift(cloneParams(st), k, i, d) : st));
    const up = splittingLoss(shifted(h), activation, x, label);
    const down = splittingLoss(shifted(-h), activation, x, label);
    const forward = (up - f0) / h;
    const backward = (f0 - down) / h;
    if (Math.abs(forward - backward) > 1e-3 * Math.max(Math.abs(forward), Math.abs(backward), 1e-3)) {
      fdKinks++;
      continue;
    }
    fd.push((up - down) / (2 * h));
    compared.push(e);
  }
  const pick = (g: readonly ParamArrays[]) => compared.map(([s, k, i]) => g[s][k][i]);
  return { fixedPointMaxAbs, hardwareVsImplicit, hardwareVsFd: relInf(pick(hw), fd), implicitVsFd: relInf(pick(imp), fd), fdEntries: compared.length, fdKinks };
}

function shift(p: MonDeqParams, k: ParamBlock, i: number, d: number): MonDeqParams {
  p[k][i] += d;
  return p;
}
