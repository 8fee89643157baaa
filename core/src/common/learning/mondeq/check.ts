/**
 * Agreement of the circuit path with the references, for one parameter set and input:
 *
 *  - fixed point: circuit operating point z vs the splitting equilibrium (max |Δz|);
 *  - gradient: hardware-linearised (adjoint circuit) vs implicit-function gradient over every parameter,
 *    and both vs central finite differences of the splitting loss over a seeded sample of parameters
 *    (half of it among the entries with a non-zero implicit gradient).
 *
 * Relative errors are ∞-norm relative, ‖g − g_ref‖∞ / ‖g_ref‖∞ over the entries compared (entry-wise
 * ratios are meaningless for the many exact zeros of a ReLU network's gradient).
 */
import { Prng } from '../../random/prng.js';
import type { NeuronActivation } from './activation.js';
import { MonDeqCircuit } from './circuit.js';
import { crossEntropy, implicitGradient } from './implicit.js';
import { cloneParams, PARAM_BLOCKS, readout, type MonDeqParams, type ParamArrays, type ParamBlock } from './params.js';
import { SplittingSolver } from './splitting.js';

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
  readonly fdEntries: number;
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

const flatten = (g: ParamArrays): number[] => PARAM_BLOCKS.flatMap((k) => Array.from(g[k]));

/** The splitting loss for input x and label, solved tightly (for finite differences). */
export function splittingLoss(p: MonDeqParams, activation: NeuronActivation, x: ArrayLike<number>, label: number): number {
  const eq = new SplittingSolver(p, activation, { tol: 1e-14, maxIter: 100000 }).solve(x);
  return crossEntropy(readout(p, eq.z), label).loss;
}

export function agreement(p: MonDeqParams, activation: NeuronActivation, x: ArrayLike<number>, label: number, o: AgreementOptions = {}): Agreement {
  const solver = new SplittingSolver(p, activation, { tol: 1e-14, maxIter: 100000 });
  const eq = solver.solve(x);
  const circuit = o.circuit ?? new MonDeqCircuit(p, activation);
  circuit.setParams(p);
  circuit.forward(x);
  const z = circuit.neurons();
  let fixedPointMaxAbs = 0;
  for (let j = 0; j < p.n; j++) fixedPointMaxAbs = Math.max(fixedPointMaxAbs, Math.abs(z[j] - eq.z[j]));
  const hw = circuit.gradient(crossEntropy(circuit.logits(), label).dLogits);
  const imp = implicitGradient(p, solver.W, activation, x, eq, crossEntropy(readout(p, eq.z), label).dLogits);
  const hardwareVsImplicit = relInf(flatten(hw), flatten(imp));
  const fdCount = o.fdCount ?? 0;
  if (fdCount === 0) return { fixedPointMaxAbs, hardwareVsImplicit, hardwareVsFd: NaN, implicitVsFd: NaN, fdEntries: 0 };
  const rng = new Prng(o.seed ?? 1);
  const h = o.fdStep ?? 1e-6;
  // Half the sample among entries the implicit gradient says are non-zero (a ReLU network's gradient is
  // mostly exact zeros, which a uniform sample would mostly hit), half uniformly over all entries.
  const entries: [ParamBlock, number][] = PARAM_BLOCKS.flatMap((k) => Array.from(p[k], (_, i) => [k, i] as [ParamBlock, number]));
  rng.shuffle(entries);
  const nonzero = entries.filter(([k, i]) => imp[k][i] !== 0);
  const picked = nonzero.slice(0, Math.ceil(fdCount / 2));
  const chosen = new Set(picked.map(([k, i]) => `${k}${i}`));
  for (const e of entries) {
    if (picked.length >= Math.min(fdCount, entries.length)) break;
    if (!chosen.has(`${e[0]}${e[1]}`)) picked.push(e);
  }
  const fd: number[] = [];
  for (const [k, i] of picked) {
    const plus = cloneParams(p);
    plus[k][i] += h;
    const minus = cloneParams(p);
    minus[k][i] -= h;
    fd.push((splittingLoss(plus, activation, x, label) - splittingLoss(minus, activation, x, label)) / (2 * h));
  }
  const pick = (g: ParamArrays) => picked.map(([k, i]) => g[k][i]);
  return { fixedPointMaxAbs, hardwareVsImplicit, hardwareVsFd: relInf(pick(hw), fd), implicitVsFd: relInf(pick(imp), fd), fdEntries: picked.length };
}
